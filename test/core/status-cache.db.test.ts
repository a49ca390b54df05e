// A status is computed once per change of its data: the same request twice is answered from memory, and an import,
// a plan version or a new local priority made through ANOTHER replica (another app instance with its own Prisma
// client; on PostgreSQL its own connections, on PGlite the one in-process database) shows at the very next request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { readDataVersion } from "../../src/core/indicators/data-version";
import { CachedIndicatorStatusService } from "../../src/core/indicators/status-cache";
import { fixedClock } from "../../src/core/time";
import type { Database } from "../../src/db/database";
import { importRows, type RawRow } from "../../src/sources/import";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let other: Database;
/** the replica asking for status, and the one writing */
let reader: Core;
let writer: Core;
const now = TEST_SEED_NOW;
let period: string;

beforeAll(async () => {
  t = await seededTestDatabase({ demo: true });
  other = await t.another();
  reader = createCore(t.db.prisma, fixedClock(now), { versionSql: t.db.versionSql }); // as the app reads the version
  writer = createCore(other.prisma, fixedClock(now));
  const latest = await t.db.prisma.indicatorValue.findFirstOrThrow({
    where: { organisationCode: "02N", indicatorCode: "ae_4hr" },
    orderBy: { periodStart: "desc" },
  });
  period = latest.periodStart.toISOString().slice(0, 7);
});
afterAll(() => t.cleanup());

const stats = (core: Core) => (core.indicators as CachedIndicatorStatusService).stats;
const ae = async (core: Core) => {
  const status = await core.indicators.statusOf("02N", now);
  return status.national.find((r) => r.code === "ae_4hr")!;
};
async function* batch(rows: Omit<RawRow, "line">[]) {
  yield rows.map((r, i) => ({ line: i + 2, ...r }));
}
const importOn = (db: Database, kind: "values" | "plans", value: string) =>
  importRows(db, batch([{ organisation: "02N", indicator: "ae_4hr", period, value }]), {
    kind,
    source: "status-cache test",
    mode: "all-or-nothing",
    now,
  });

describe("status cache", () => {
  it("answers the same request twice from memory, one frozen summary that no caller can change", async () => {
    const before = { ...stats(reader) };
    const first = await reader.indicators.statusOf("02N", now);
    const second = await reader.indicators.statusOf("02N", now);
    expect(stats(reader).misses - before.misses).toBe(1);
    expect(stats(reader).hits - before.hits).toBe(1);
    expect(second).toBe(first);
    // A renderer that tried to change the shared summary would throw, and leave it as it was for the next caller.
    const row = first.national[0]!;
    expect(() => Object.assign(row, { rag: "green" })).toThrow(TypeError);
    expect(() => first.national.push(row)).toThrow(TypeError);
    expect((await reader.indicators.statusOf("02N", now)).national[0]!.rag).toBe(row.rag);
    // the same CCG named another way, the same day: the same summary
    await reader.indicators.statusOf("Airedale", new Date(now.getTime() + 3_600_000));
    expect(stats(reader).hits - before.hits).toBe(3);
    // a filter is part of what was asked
    await reader.indicators.statusOf("02N", now, "constitution");
    expect(stats(reader).misses - before.misses).toBe(2);
  });

  it("shows an import made on another replica at the next request", async () => {
    await ae(reader);
    const version = await readDataVersion(reader.prisma);
    const report = await importOn(other, "values", "12.34");
    expect(report.rejected).toBe(0);
    expect(await readDataVersion(reader.prisma)).not.toBe(version);
    expect((await ae(reader)).value).toMatch(/^12\.3/);
  });

  it("shows a plan version made on another replica at the next request", async () => {
    await ae(reader);
    const report = await importOn(other, "plans", "55.5");
    expect(report.rejected).toBe(0);
    expect(await other.prisma.planVersion.count({ where: { organisationCode: "02N" } })).toBeGreaterThan(0);
    expect((await ae(reader)).plan).toMatch(/^55\.5/);
  });

  it("shows a new local priority chosen on another replica at the next request", async () => {
    const national = await writer.prisma.indicator.findFirstOrThrow({ where: { ownerCode: null, code: "ae_4hr" } });
    expect((await reader.indicators.statusOf("02N", now)).local.map((r) => r.code)).not.toContain(national.code);
    await writer.prisma.localPriority.create({ data: { organisationCode: "02N", indicatorCode: national.code } });
    expect((await reader.indicators.statusOf("02N", now)).local.map((r) => r.code)).toContain(national.code);
  });

  it("shows a CCG's own objective and a renamed organisation, written on another replica, at the next request", async () => {
    const before = await readDataVersion(reader.prisma);
    await reader.indicators.statusOf("02N", now);
    await writer.prisma.ccgObjective.create({
      data: {
        organisationCode: "02N",
        indicatorCode: "c_difficile",
        yearStart: new Date("2013-04-01"),
        objective: 40,
        source: "status-cache test",
        importedAt: now,
      },
    });
    const afterObjective = await readDataVersion(reader.prisma);
    expect(afterObjective).not.toBe(before);
    await writer.prisma.organisation.update({ where: { code: "02N" }, data: { name: "NHS Airedale (renamed)" } });
    expect(await readDataVersion(reader.prisma)).not.toBe(afterObjective);
    const misses = stats(reader).misses;
    await reader.indicators.statusOf("02N", now);
    expect(stats(reader).misses).toBe(misses + 1);
  });

  it("shows a changed indicator definition at the next request, and a rolled-back write bumps nothing", async () => {
    await ae(reader);
    await writer.prisma.indicator.update({ where: { code: "ae_4hr" }, data: { name: "A&E within four hours" } });
    expect((await ae(reader)).name).toBe("A&E within four hours");
    const version = await readDataVersion(reader.prisma);
    await expect(
      writer.prisma.$transaction(async (tx) => {
        await tx.indicator.update({ where: { code: "ae_4hr" }, data: { name: "never committed" } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await readDataVersion(reader.prisma)).toBe(version);
    expect((await ae(reader)).name).toBe("A&E within four hours");
  });

  it("computes again on a new day (staleness is judged against the date), and keeps no more than its bound", async () => {
    const small = new CachedIndicatorStatusService(t.db.prisma, reader.organisations, 2);
    await small.statusOf("02N", now);
    await small.statusOf("02N", new Date(now.getTime() + 86_400_000));
    expect(small.stats).toEqual({ hits: 0, misses: 2 });
    await small.statusOf("02N", now, "constitution");
    expect(small.size).toBe(2);
    await small.statusOf("02N", new Date(now.getTime() + 86_400_000));
    expect(small.stats).toEqual({ hits: 1, misses: 3 });
  });
});
