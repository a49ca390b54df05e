// An escalation rule on seeded figures: an NHS Constitution standard red for 2 periods raises nothing; the third
// raises one review item, however many replicas evaluate at once, posted once to each party's linked channel.
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCore } from "../../src/core";
import type { Indicator } from "../../src/core/db";
import { Scheduler } from "../../src/scheduler/scheduler";
import { escalationJob } from "../../src/scheduler/escalation-job";
import { EscalationService } from "../../src/core/escalation/escalation";
import { DEFAULT_RULES_FILE, RulesFile } from "../../src/core/escalation/rules-file";
import { FakeSlackSender, schedulerWorld } from "./support";
import { seededTestDatabase, TEST_SEED_NOW } from "../support/test-database";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
let ae: Indicator;

beforeEach(async () => {
  world = await schedulerWorld("2014-02-10T10:00:00Z");
  await world.link("C02N", "02N");
  await world.link("CQ52", "Q52");
  await world.link("C02W", "02W"); // another CCG of Q52: not a party to 02N's item
  ae = await world.db.prisma.indicator.findUniqueOrThrow({ where: { code: "ae_4hr" } });
});
afterEach(() => world.cleanup());

/** The periods of the indicator's kind, oldest first, ending with the one that starts on `last`. */
function periods(n: number, last = new Date(Date.UTC(2013, 9, 1))): Date[] {
  const step = ae.period === "MONTH" ? 1 : ae.period === "QUARTER" ? 3 : 12;
  return Array.from(
    { length: n },
    (_, i) => new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - step * (n - 1 - i), 1)),
  );
}

/** 02N's figures: red (well short of the standard, beyond any tolerance) in each given period. */
async function seedRed(starts: Date[], source = "test") {
  const red =
    ae.direction === "HIGHER_IS_BETTER"
      ? ae.standard! - 10 - (ae.amberTolerance ?? 0)
      : ae.standard! + 10 + (ae.amberTolerance ?? 0);
  await world.db.prisma.indicatorValue.createMany({
    data: starts.map((periodStart) => ({
      organisationCode: "02N",
      indicatorCode: ae.code,
      periodStart,
      value: red,
      source,
      isDemo: source === "demo",
    })),
    skipDuplicates: true,
  });
}

describe("escalation: an NHS Constitution standard red for 3 consecutive periods", () => {
  it("2 periods red raise nothing; the third raises one review item", async () => {
    const [p1, p2, p3] = periods(3);
    await seedRed([p2!, p3!]);
    expect((await world.core.escalation.evaluate(world.clock.now())).raised).toEqual([]);
    expect(await world.db.prisma.reviewItem.count()).toBe(0);
    await seedRed([p1!]);
    const { raised } = await world.core.escalation.evaluate(world.clock.now());
    expect(raised.map((r) => [r.ruleId, r.ccgCode, r.areaTeamCode])).toEqual([["constitution-red", "02N", "Q52"]]);
    expect(raised[0]!.key).toBe(`constitution-red:02N:${ae.code}:${p1!.toISOString().slice(0, 10)}`);
  });

  it("demo figures raise nothing; the same figures as real ones raise the item", async () => {
    await seedRed(periods(3), "demo");
    const demo = await world.core.escalation.evaluate(world.clock.now());
    expect([demo.firings, demo.raised.length, await world.db.prisma.reviewItem.count()]).toEqual([0, 0, 0]);
    // The same figures, now published: the rule fires on them.
    await world.db.prisma.indicatorValue.updateMany({
      where: { organisationCode: "02N", indicatorCode: ae.code },
      data: { source: "ae-2013.csv", isDemo: false },
    });
    const real = await world.core.escalation.evaluate(world.clock.now());
    expect(real.raised.map((r) => r.ruleId)).toEqual(["constitution-red"]);
  });

  it("a first start's whole demo seed raises nothing (it once raised hundreds of items)", async () => {
    const t = await seededTestDatabase({ demo: true });
    try {
      expect(await t.db.prisma.indicatorValue.count({ where: { source: "demo" } })).toBeGreaterThan(100);
      const core = createCore(t.db.prisma, { now: () => TEST_SEED_NOW });
      const { firings, raised } = await core.escalation.evaluate(TEST_SEED_NOW);
      expect([firings, raised.length, await t.db.prisma.reviewItem.count()]).toEqual([0, 0, 0]);
    } finally {
      await t.cleanup();
    }
  });

  it("a changed rules file takes effect at the next job run, no restart; a bad one keeps the rules and the job runs", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rules-")), "escalation-rules.json");
    const original = JSON.parse(readFileSync(DEFAULT_RULES_FILE, "utf8")) as {
      version: number;
      rules: Record<string, unknown>[];
    };
    let mtime = 1_000_000;
    const write = (text: string) => {
      writeFileSync(file, text);
      utimesSync(file, (mtime += 10), mtime);
    };
    write(JSON.stringify(original));
    const reports: string[] = [];
    const escalation = new EscalationService(
      world.db.prisma,
      world.core.organisations,
      world.core.reminders.ledger,
      new RulesFile(file, (m) => reports.push(m)),
    );
    const job = escalationJob({ ...world.core, escalation });
    await seedRed(periods(2));
    expect((await job.run(world.clock.now())).raised).toBe(0); // 3 periods needed

    write("{ not json"); // a half-saved edit: the job carries on with version 1
    expect((await job.run(world.clock.now())).raised).toBe(0);
    expect(reports).toEqual([expect.stringMatching(/could not be read.*previous rules \(version 1/)]);

    const two = {
      ...original,
      version: 2,
      rules: original.rules.map((r) => (r.kind === "constitution-red" ? { ...r, consecutivePeriods: 2 } : r)),
    };
    write(JSON.stringify(two));
    expect((await job.run(world.clock.now())).raised).toBe(1);
    const [item] = await world.db.prisma.reviewItem.findMany();
    expect([item!.ruleId, item!.rulesVersion]).toEqual(["constitution-red", 2]);
    expect(reports).toHaveLength(1);
  });

  it("two replicas evaluating at once raise it once; two schedulers post it once to each party's channel", async () => {
    await seedRed(periods(3));
    const second = createCore((await world.another()).prisma, world.clock);
    const jobA = escalationJob(world.core);
    const jobB = escalationJob(second);
    const runs = await Promise.all([
      jobA.run(world.clock.now()),
      jobB.run(world.clock.now()),
      jobA.run(world.clock.now()),
    ]);
    expect(runs.reduce((n, r) => n + Number(r.raised), 0)).toBe(1);
    expect(await world.db.prisma.reviewItem.count()).toBe(1);
    expect(await world.db.prisma.reviewItemEvent.count({ where: { kind: "raised" } })).toBe(1);
    // The next day's run finds the same occurrence: nothing new.
    world.clock.advance(86_400_000);
    expect((await jobB.run(world.clock.now())).raised).toBe(0);

    const senderA = new FakeSlackSender(world.clock);
    const senderB = new FakeSlackSender(world.clock);
    const a = new Scheduler(world.core, [senderA], { replicaId: "a" });
    const b = new Scheduler(second, [senderB], { replicaId: "b" });
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    const posts = [...senderA.sent, ...senderB.sent].filter((s) => s.summary.startsWith("R1 "));
    expect(posts.map((p) => p.target).sort()).toEqual(["C02N", "CQ52"]);
    expect(posts[0]!.summary).toMatch(
      new RegExp(`R1 for 02N and Q52: ${ae.name.replace(/[()&]/g, ".")} red for 3 consecutive`),
    );

    // What the channels read: what fired, with the figures, and how it is resolved.
    const item = await world.core.reviewItems.openFor("02N", world.clock.now());
    expect(item).toHaveLength(1);
    const text = await world.run("UJO", "escalation R1");
    expect(text).toMatch(/I don't know which organisation you act for/); // not registered yet
    await world.core.people.register(world.slackUser("UJO"), "02N", "MEMBER");
    await world.core.people.register(world.slackUser("USAM"), "Q52", "MEMBER");
    await world.core.people.register(world.slackUser("UALEX"), "02W", "MEMBER");
    const shown = await world.run("UJO", "escalation R1");
    expect(shown).toMatch(/red for 3 consecutive/);
    expect(shown).toMatch(/\(standard /);
    expect(await world.run("UALEX", "escalation R1")).toMatch(/Only 02N and its area team Q52 can see R1/);

    // On the next performance review's agenda, for both sides.
    expect(await world.run("USAM", "review 02N on 20 Feb at 10:00")).toMatch(/scheduled 02N's performance review/);
    for (const who of ["UJO", "USAM"])
      expect(await world.run(who, "review 02N")).toMatch(/1\. Review item: R1 .*red for 3 consecutive/);

    // Resolved only when both parties note it (a colleague's second note is refused).
    expect(await world.run("UJO", "escalation R1 noted")).toMatch(/It is resolved when Q52 notes it too/);
    await world.core.people.register(world.slackUser("UKIM"), "02N", "MEMBER");
    expect(await world.run("UKIM", "escalation R1 noted")).toMatch(/The CCG has already noted R1/);
    expect(await world.run("USAM", "escalation R1 noted")).toMatch(/R1 is resolved: both 02N and Q52 have noted it/);
    const events = await world.db.prisma.reviewItemEvent.findMany({ where: { itemId: 1 }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["raised", "noted", "noted", "resolved"]);
    expect(await world.run("UJO", "review 02N")).not.toMatch(/Review item: R1/);
  });
});
