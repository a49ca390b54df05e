// Daily jobs (the Fingertips sync, housekeeping): nothing before their London time, then once a day however many
// replicas tick. The Fingertips sync runs against a local fake of the Fingertips API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { createCore } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { DailyJobs } from "../../src/scheduler/daily-jobs";
import { dailyJobs, housekeepingJob } from "../../src/scheduler/jobs";
import { FingertipsClient } from "../../src/sources/fingertips/client";
import { FakeFingertips } from "../fakes/fingertips-api";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const ID = 90001;
let fake: FakeFingertips;
let t: TestDatabase;
const client = () =>
  new FingertipsClient({ baseUrl: fake.url, retries: 1, backoffMs: 1, sleep: async () => undefined });

beforeAll(async () => {
  fake = await new FakeFingertips().start();
  fake.metadata.set(ID, { name: "Cancer: 62-day wait from GP referral", unit: "%" });
  fake.rows = [
    { indicatorId: ID, areaCode: "E38000001", period: "2013/14 Q1", value: "84.1", count: "841", denominator: "1000" },
  ];
  t = await seededTestDatabase({ demo: false });
});
afterAll(async () => {
  await t.cleanup();
  await fake.close();
});

describe("the daily Fingertips sync", () => {
  it("waits for its time, runs once a day across two replicas, and stores the figures", async () => {
    // 06:00 London on a summer day is 05:00 UTC.
    const config = loadConfig({ FINGERTIPS_SYNC: `${ID}=cancer_62d_gp`, FINGERTIPS_SYNC_AT: "06:00" });
    const clock = fixedClock("2014-06-02T04:59:00Z");
    const replicas = [1, 2].map(() => {
      const core = createCore(t.db.prisma, clock);
      return new DailyJobs(
        core,
        dailyJobs(core, t.db, config, client).filter((j) => j.name === "fingertips-sync"),
      );
    });

    expect(await replicas[0]!.tick()).toEqual([{ job: "fingertips-sync", ran: false, why: "not yet" }]);
    clock.set("2014-06-02T05:00:00Z");
    const results = (await Promise.all(replicas.map((r) => r.tick()))).flat();
    expect(results.filter((r) => r.ran)).toEqual([
      { job: "fingertips-sync", ran: true, day: "2014-06-02", result: { synced: 1, failed: 0 } },
    ]);
    expect(results.filter((r) => !r.ran)).toEqual([{ job: "fingertips-sync", ran: false, why: "done today" }]);
    expect(await t.db.prisma.indicatorValue.count({ where: { source: `fingertips:${ID}` } })).toBe(1);
    expect(fake.requests.filter((r) => r.startsWith("/api/all_data")).length).toBe(1);

    clock.set("2014-06-02T17:00:00Z");
    expect(await replicas[1]!.tick()).toEqual([{ job: "fingertips-sync", ran: false, why: "done today" }]);
    clock.set("2014-06-03T05:01:00Z");
    expect(await replicas[1]!.tick()).toMatchObject([{ ran: true, day: "2014-06-03" }]);
  });

  it("is not scheduled when no indicator is configured; a bad setting stops start-up with a clear message", () => {
    const core = createCore(t.db.prisma, fixedClock("2014-06-02T12:00:00Z"));
    expect(dailyJobs(core, t.db, loadConfig({ APPRAISAL_ROUND: "off" }), client).map((j) => j.name)).toEqual([
      "housekeeping",
    ]);
    expect(() => loadConfig({ FINGERTIPS_SYNC_AT: "6am" })).toThrow(
      /FINGERTIPS_SYNC_AT expected a London time as HH:MM/,
    );
    expect(() => loadConfig({ FINGERTIPS_SYNC: "cancer" })).toThrow(/FINGERTIPS_SYNC entries look like 90365=ois_1_1/);
  });
});

describe("housekeeping", () => {
  it("forgets delivery claims older than a week, once a day", async () => {
    const clock = fixedClock("2014-06-10T02:30:00Z"); // 03:30 London
    const core = createCore(t.db.prisma, clock);
    await t.db.prisma.inboundEvent.createMany({
      data: [
        { key: "slack:old", receivedAt: new Date("2014-06-01T12:00:00Z") },
        { key: "slack:recent", receivedAt: new Date("2014-06-08T12:00:00Z") },
      ],
    });
    const jobs = new DailyJobs(core, [housekeepingJob(core)]);
    expect(await jobs.tick()).toEqual([
      { job: "housekeeping", ran: true, day: "2014-06-10", result: { claimsForgotten: 1 } },
    ]);
    expect(await t.db.prisma.inboundEvent.findUnique({ where: { key: "slack:old" } })).toBeNull();
    expect(await t.db.prisma.inboundEvent.findUnique({ where: { key: "slack:recent" } })).not.toBeNull();
    expect(await jobs.tick()).toEqual([{ job: "housekeeping", ran: false, why: "done today" }]);
  });
});
