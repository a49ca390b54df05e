// The yearly appraisal round, scheduled: on its day (APPRAISAL_ROUND, 09:00 London) the daily job opens the round and
// records one prompt per CCG channel in the reminder ledger; the reminder loop sends each once, never twice, however
// many replicas tick and however often the job runs. Area team channels are not asked. Next year: a new round.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { appraisalJob } from "../../src/scheduler/appraisal";
import { DailyJobs } from "../../src/scheduler/daily-jobs";
import { dailyJobs } from "../../src/scheduler/jobs";
import { Scheduler } from "../../src/scheduler/scheduler";
import { FakeSlackSender, schedulerWorld } from "./support";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
beforeAll(async () => {
  world = await schedulerWorld("2014-04-30T08:00:00Z");
  await world.link("C02N", "02N");
  await world.link("C02W", "02W");
  await world.link("CQ52", "Q52");
});
afterAll(() => world.cleanup());

describe("the appraisal prompt", () => {
  it("is registered from the configuration, and not when it is off", () => {
    const names = (env: Record<string, string>) =>
      dailyJobs(world.core, world.db, loadConfig(env), () => {
        throw new Error("no Fingertips");
      }).map((j) => j.name);
    expect(names({})).toContain("appraisal-round");
    expect(names({ APPRAISAL_ROUND: "off" })).not.toContain("appraisal-round");
    expect(() => loadConfig({ APPRAISAL_ROUND: "5th May" })).toThrow(/APPRAISAL_ROUND expected a day of the year/);
  });

  it("asks each CCG channel once on the day, across two replicas and every later run; never the area team", async () => {
    const replicas = [1, 2].map(() => new DailyJobs(world.core, [appraisalJob(world.core, "05-01")]));
    const sender = new FakeSlackSender(world.clock);
    // digests and deadline reminders go through the same loop: only the prompts count here
    const prompts = () => sender.sent.filter((s) => /appraisal is open/.test(s.summary));
    const schedulers = [1, 2].map((n) => new Scheduler(world.core, [sender], { replicaId: `r${n}` }));
    const tickAll = async () => {
      for (const r of replicas) await r.tick();
      await Promise.all(schedulers.map((s) => s.tick()));
    };

    // The day before, and 1 May before 09:00 London (08:00 UTC in summer): nothing.
    await tickAll();
    world.clock.set("2014-05-01T07:59:00Z");
    await tickAll();
    expect(await world.db.prisma.appraisalRound.count()).toBe(0);
    expect(prompts()).toEqual([]);

    world.clock.set("2014-05-01T08:00:00Z");
    const [first, second] = [await replicas[0]!.tick(), await replicas[1]!.tick()];
    expect(first).toMatchObject([{ job: "appraisal-round", ran: true, result: { round: 2014, prompts: 2 } }]);
    expect(second).toEqual([{ job: "appraisal-round", ran: false, why: "done today" }]);
    await Promise.all(schedulers.map((s) => s.tick()));
    expect(
      prompts()
        .map((s) => `${s.target} ${s.summary}`)
        .sort(),
    ).toEqual([
      "C02N 02N: how did your area team do in the planning dialogue? The 2014 appraisal is open until Thu 29 May 2014",
      "C02W 02W: how did your area team do in the planning dialogue? The 2014 appraisal is open until Thu 29 May 2014",
    ]);

    // The next days: the job runs again and asks no one twice; a channel linked meanwhile is asked once.
    await world.link("C03R", "03R");
    for (const day of ["2014-05-02", "2014-05-06", "2014-05-07"]) {
      world.clock.set(`${day}T08:30:00Z`);
      await tickAll();
    }
    const perChannel = new Map<string, number>();
    for (const s of prompts()) perChannel.set(s.target, (perChannel.get(s.target) ?? 0) + 1);
    expect(Object.fromEntries(perChannel)).toEqual({ C02N: 1, C02W: 1, C03R: 1 });
    const rows = await world.db.prisma.reminderDelivery.findMany({ where: { kind: "appraisal-prompt" } });
    expect(rows.map((r) => `${r.key} ${r.status}`).sort()).toEqual([
      "appraisal:2014:SLACK:channel:C02N SENT",
      "appraisal:2014:SLACK:channel:C02W SENT",
      "appraisal:2014:SLACK:channel:C03R SENT",
    ]);

    // After the round closes, a newly linked CCG is not asked; the next year's round asks everyone again, once.
    await world.link("C02T", "02T");
    world.clock.set("2014-06-02T08:30:00Z");
    await tickAll();
    expect(prompts().filter((s) => s.target === "C02T")).toEqual([]);
    const before = prompts().length;
    world.clock.set("2015-05-01T08:00:00Z");
    await tickAll();
    await tickAll();
    expect(
      prompts()
        .slice(before)
        .map((s) => s.target)
        .sort(),
    ).toEqual(["C02N", "C02T", "C02W", "C03R"]);
    expect(await world.db.prisma.appraisalRound.count()).toBe(2);
  }, 120_000);
});
