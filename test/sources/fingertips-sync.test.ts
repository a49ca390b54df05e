// `sources sync`: an operator fetches an indicator from (a local fake of) Fingertips; its figures land under our
// indicator with source fingertips:<id>, `sources` says what came from where and when, and a broken download
// stores nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { ConsoleChannel } from "../../src/console/console-channel";
import type { Database } from "../../src/db/database";
import { FingertipsClient } from "../../src/sources/fingertips/client";
import { fingertipsConfig } from "../../src/sources/fingertips/config";
import { syncConfigured, syncFingertipsIndicator } from "../../src/sources/fingertips/sync";
import { FakeFingertips, type FakeCsvRow } from "../fakes/fingertips-api";
import { seededTestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let fake: FakeFingertips;
let db: Database;
let core: Core;
let cleanup: () => Promise<void>;
const ID = 90001;
const mapping = { fingertipsId: ID, indicatorCode: "cancer_62d_gp", areaTypeId: 153 };
const client = () =>
  new FingertipsClient({ baseUrl: fake.url, retries: 1, backoffMs: 1, sleep: async () => undefined });

const ROWS: FakeCsvRow[] = [
  { indicatorId: ID, areaCode: "E92000001", period: "2013/14 Q1", value: "85.5" }, // England: skipped
  { indicatorId: ID, areaCode: "E38000001", period: "2013/14 Q1", value: "84.1", count: "841", denominator: "1000" }, // 02N
  { indicatorId: ID, areaCode: "E38000001", period: "2013/14 Q2", value: "86.2", count: "862", denominator: "1000" },
  { indicatorId: ID, areaCode: "E38000042", period: "2013/14 Q2", value: "90.0" }, // 00C
  { indicatorId: ID, areaCode: "E38000042", period: "2013/14 Q1", value: "" }, // no value published: skipped
  { indicatorId: ID, areaCode: "E38000042", period: "2013/14 Q1", value: "80", categoryType: "Deprivation" }, // breakdown: skipped
  { indicatorId: ID, areaCode: "E38999999", period: "2013/14 Q1", value: "80" }, // not one of our CCGs: skipped
  { indicatorId: ID, areaCode: "E38000018", period: "2013", value: "80" }, // 02W, a calendar year: rejected, reported
];

beforeAll(async () => {
  fake = await new FakeFingertips().start();
  fake.metadata.set(ID, { name: "Cancer: 62-day wait from GP referral", unit: "%" });
  fake.metadata.set(90002, { name: "Emergency admissions", unit: "per 100,000" });
  const t = await seededTestDatabase({ demo: false });
  db = t.db;
  cleanup = t.cleanup;
  core = createCore(db.prisma, clock);
  process.env.FINGERTIPS_API_URL = fake.url;
});
afterAll(async () => {
  delete process.env.FINGERTIPS_API_URL;
  await cleanup();
  await fake.close();
});
beforeEach(async () => {
  fake.rows = [...ROWS];
  fake.requests.length = 0;
  await db.prisma.indicatorValue.deleteMany();
});

describe("syncing an indicator from Fingertips", () => {
  it("stores CCG figures under our indicator, skipping England and areas that are not ours, reporting what it can't use", async () => {
    const report = await syncFingertipsIndicator(db, client(), mapping, { now: clock.now() });
    expect(report).toMatchObject({
      committed: true,
      inserted: 3,
      rejected: 1,
      source: "fingertips:90001",
      rowsSkipped: 4,
    });
    expect(report.skippedBy).toEqual({
      "not one of our CCGs (England, other areas)": 2,
      "no value published": 1,
      "a breakdown by category": 1,
    });
    expect(report.rejections).toEqual([
      { line: 9, kind: "period", message: expect.stringMatching(/period "2013" is a calendar year/) },
    ]);
    expect(report.url).toBe(
      `${fake.url}/api/all_data/csv/by_indicator_id?indicator_ids=90001&child_area_type_id=153&parent_area_type_id=15`,
    );
    const stored = await db.prisma.indicatorValue.findFirstOrThrow({ where: { organisationCode: "02N", value: 86.2 } });
    expect(stored).toMatchObject({
      indicatorCode: "cancer_62d_gp",
      numerator: 862,
      denominator: 1000,
      source: "fingertips:90001",
    });
    expect(stored.periodStart.toISOString().slice(0, 10)).toBe("2013-07-01");

    const again = await syncFingertipsIndicator(db, client(), mapping, { now: clock.now() });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it("checks the area type exists (ids change) and that the units agree, before downloading", async () => {
    await expect(
      syncFingertipsIndicator(db, client(), { ...mapping, areaTypeId: 19 }, { now: clock.now() }),
    ).rejects.toThrow(
      "Fingertips has no area type 19; its CCG area types are 153 CCGs (pre 4/2017), 154 CCGs (from 4/2018).",
    );
    await expect(
      syncFingertipsIndicator(db, client(), { ...mapping, fingertipsId: 90002 }, { now: clock.now() }),
    ).rejects.toThrow(
      'Fingertips 90002 (Emergency admissions) is in "per 100,000", but cancer_62d_gp is in "%": not the same measure.',
    );
    await expect(
      syncFingertipsIndicator(db, client(), { ...mapping, fingertipsId: 12345 }, { now: clock.now() }),
    ).rejects.toThrow("Fingertips has no indicator 12345.");
    expect(fake.requests.some((r) => r.startsWith("/api/all_data"))).toBe(false);
  });

  it("stores nothing when the download breaks off, or the CSV is not the one expected", async () => {
    fake.failNext("/api/all_data/csv/by_indicator_id", { cutAfterBytes: 600 });
    await expect(syncFingertipsIndicator(db, client(), mapping, { now: clock.now() })).rejects.toThrow(
      /The Fingertips download broke off before its end/,
    );
    expect(await db.prisma.indicatorValue.count()).toBe(0);

    fake.failNext("/api/all_data/csv/by_indicator_id", { status: 200, body: "<html><body>Maintenance</body></html>" });
    const html = await syncFingertipsIndicator(db, client(), mapping, { now: clock.now() });
    expect(html.committed).toBe(false);
    expect(html.fatal?.message).toMatch(/^Fingertips' CSV has no columns "Indicator ID", "Area Code"/);
    expect(await db.prisma.indicatorValue.count()).toBe(0);
  });

  it("syncs every configured indicator; one failing does not stop the others", async () => {
    const { FINGERTIPS_SYNC } = fingertipsConfig({ FINGERTIPS_SYNC: "90001=cancer_62d_gp, 90002=ois_nope@154" });
    expect(FINGERTIPS_SYNC).toEqual([
      { fingertipsId: 90001, indicatorCode: "cancer_62d_gp", areaTypeId: 153 },
      { fingertipsId: 90002, indicatorCode: "ois_nope", areaTypeId: 154 },
    ]);
    expect(() => fingertipsConfig({ FINGERTIPS_SYNC: "cancer" })).toThrow(
      /FINGERTIPS_SYNC entries look like 90365=ois_1_1/,
    );
    const results = await syncConfigured(db, client(), FINGERTIPS_SYNC, clock.now());
    expect(results[0]!.report).toMatchObject({ inserted: 3 });
    expect(results[1]!.error).toMatch(/I don't know an indicator ois_nope/);
  });
});

describe("the sources command", () => {
  it("an operator syncs on demand; anyone sees where figures came from and when; others may not sync", async () => {
    const operator = new ConsoleChannel(core);
    await operator.actAs({ name: "Ops", organisationCode: "Q51", role: "OPERATOR" });
    const synced = await operator.run("sources sync 90001 cancer_62d_gp");
    expect(synced.isError).toBe(false);
    expect(synced.text).toMatch(
      /Fingertips 90001 \(Cancer: 62-day wait from GP referral\) → cancer_62d_gp, area type 153 CCGs \(pre 4\/2017\)\./,
    );
    expect(synced.text).toMatch(
      /Imported values from fingertips:90001: 8 rows read, 3 new, 0 changed, 0 unchanged, 4 rows set aside; 1 row rejected/,
    );
    expect(synced.text).toMatch(/line 9: period "2013" is a calendar year/);
    expect(synced.text).toMatch(
      /Rows skipped: 2 not one of our CCGs \(England, other areas\), 1 no value published, 1 a breakdown by category\./,
    );

    const listed = await new ConsoleChannel(core).run("sources");
    expect(listed.text).toMatch(
      /fingertips:90001 — values\n\s+3 rows, 2 CCGs, 1 indicators, Apr 2013 to Jul 2013; last changed Wed 20 Nov 2013, 10:00/,
    );

    const member = new ConsoleChannel(core);
    await member.actAs({ name: "Jo Smith", organisationCode: "02N", role: "ADMIN" });
    const refused = await member.run("sources sync 90001 cancer_62d_gp");
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Only an operator/);
  });

  it("tells the operator what went wrong when Fingertips fails, and that nothing was stored", async () => {
    const operator = new ConsoleChannel(core);
    await operator.actAs({ name: "Ops", organisationCode: "Q51", role: "OPERATOR" });
    fake.failNext("/api/area_types", { status: 404, body: JSON.stringify({ Message: "No HTTP resource was found" }) });
    const failed = await operator.run("sources sync 90001 cancer_62d_gp");
    expect(failed.isError).toBe(true);
    expect(failed.text).toMatch(/Fingertips answered \/api\/area_types with HTTP 404: No HTTP resource was found\./);
    expect(failed.text).toMatch(/Nothing was stored/);
    expect((await operator.run("sources sync 90001")).text).toMatch(
      /Give both the Fingertips indicator id and our indicator code/,
    );
    expect((await operator.run("sources sync")).text).toMatch(/Nothing is set up to sync/);
  });
});
