// The collective position is computed once per change of its data: the same request twice is answered from memory
// (an area team named by code or by name alike), and figures or a plan imported through ANOTHER replica (another
// app instance with its own Prisma client) show in the next position asked for, England's and the area team's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { CachedPositionService } from "../../src/core/position/position-cache";
import { fixedClock } from "../../src/core/time";
import type { Database } from "../../src/db/database";
import { importRows, type RawRow } from "../../src/sources/import";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let other: Database;
let reader: Core;
const now = TEST_SEED_NOW;
const period = "2013-10";

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  other = await t.another();
  reader = createCore(t.db.prisma, fixedClock(now), { versionSql: t.db.versionSql }); // as the app reads the version
  // ae_4hr, Oct 2013: 02N 9,300 of 10,000 within 4 hours, 02W 4,900 of 5,000
  await importOn(t.db, "values", [
    { organisation: "02N", value: "93", numerator: "9300", denominator: "10000" },
    { organisation: "02W", value: "98", numerator: "4900", denominator: "5000" },
  ]);
});
afterAll(() => t.cleanup());

const stats = () => (reader.positions as CachedPositionService).stats;
async function* batch(rows: Omit<RawRow, "line">[]) {
  yield rows.map((r, i) => ({ line: i + 2, ...r }));
}
function importOn(db: Database, kind: "values" | "plans", rows: Partial<RawRow>[]) {
  return importRows(
    db,
    batch(rows.map((r) => ({ organisation: "02N", indicator: "ae_4hr", period, value: "", ...r }))),
    { kind, source: "position-cache test", mode: "all-or-nothing", now },
  );
}
const ae = async (scope: string) => (await reader.positions.positionOf(scope, "ae_4hr")).indicators[0]!;

describe("position cache", () => {
  it("answers the same request twice from memory, an area team by code or by name, one frozen answer", async () => {
    const before = { ...stats() };
    const first = await reader.positions.positionOf("Q52", "ae_4hr");
    const second = await reader.positions.positionOf("West Yorkshire", "ae_4hr");
    expect([stats().misses - before.misses, stats().hits - before.hits]).toEqual([1, 1]);
    expect(second).toBe(first);
    expect(() => Object.assign(first.indicators[0]!, { actual: 0 })).toThrow(TypeError);
    // (9,300 + 4,900) / (10,000 + 5,000) = 94.67%
    expect(first.indicators[0]!.actual).toBeCloseTo(94.667, 2);
    // another indicator, or England, is another request
    await reader.positions.positionOf("england", "ae_4hr");
    await reader.positions.positionOf("Q52");
    expect(stats().misses - before.misses).toBe(3);
  });

  it("shows figures imported on another replica at the next request, in England's position and the area team's", async () => {
    await ae("england");
    await ae("Q52");
    const report = await importOn(other, "values", [
      { organisation: "02N", value: "95", numerator: "9500", denominator: "10000" },
    ]);
    expect(report.rejected).toBe(0);
    // (9,500 + 4,900) / 15,000 = 96.0%
    expect((await ae("Q52")).actual).toBeCloseTo(96, 5);
    expect((await ae("england")).actual).toBeCloseTo(96, 5);
  });

  it("shows a plan imported on another replica at the next request", async () => {
    expect((await ae("Q52")).planned).toBeNull();
    const report = await importOn(other, "plans", [{ organisation: "02N", value: "97" }]);
    expect(report.rejected).toBe(0);
    // only 02N has a plan: weighted by its own denominator, 97%
    expect((await ae("Q52")).planned).toBeCloseTo(97, 5);
  });

  it("refuses an unknown area team and keeps nothing for it", async () => {
    const size = stats().misses;
    await expect(reader.positions.positionOf("Q99")).rejects.toThrow(/Q99/);
    expect(stats().misses).toBe(size);
  });
});
