// Planning rounds simulated on an injected clock, from the seeded national deadlines: the exact list of deliveries
// (when, where, what), across both clock changes (clocks forward 31 March 2013, back 28 October 2012) and the Easter
// bank holidays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atLondonTime } from "../../src/core/time";
import { Scheduler } from "../../src/scheduler/scheduler";
import { FakeSlackSender, schedulerWorld } from "./support";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
beforeAll(async () => {
  world = await schedulerWorld("2013-03-01T10:00:00Z");
  await world.link("C02N", "02N");
  await world.link("CQ52", "Q52");
  await world.core.deadlines.add(
    world.operator,
    { scopeText: "02N", title: "Draft operational plan to area team", dueAt: atLondonTime("2013-04-10", 17) },
    world.clock.now(),
  );
});
afterAll(() => world.cleanup());

const NHS_CB = "NHS Commissioning Board takes full responsibility for the commissioning budget (Mon 1 Apr 2013, 17:00)";
const CCGS = "CCGs (211) and NHS CB take on full statutory commissioning responsibilities (Mon 1 Apr 2013, 17:00)";
const DRAFT = "Draft operational plan to area team (Wed 10 Apr 2013, 17:00)";
const both = (at: string, summary: string) => [`${at} C02N ${summary}`, `${at} CQ52 ${summary}`];

/** Ticks around the reminder hours of every day: 07:30 to 09:30 UTC covers 08:30 and 09:00 London in GMT and BST. */
async function simulate(w: typeof world, from: string, until: string): Promise<FakeSlackSender> {
  const sender = new FakeSlackSender(w.clock);
  const scheduler = new Scheduler(w.core, [sender]);
  for (let day = new Date(from); day < new Date(until); day = new Date(day.getTime() + 86_400_000)) {
    for (const time of ["07:30", "08:00", "08:30", "09:00", "09:30"]) {
      w.clock.set(`${day.toISOString().slice(0, 10)}T${time}:00Z`);
      await scheduler.tick();
    }
  }
  return sender;
}

describe("a planning round", () => {
  it("spring 2013: sends each reminder and digest once, at 09:00 / 08:30 London on working days", async () => {
    const sender = await simulate(world, "2013-03-15T00:00:00Z", "2013-04-12T00:00:00Z");
    const got = sender.sent.map((s) => `${s.at} ${s.target} ${s.summary}`).sort();
    const expected = [
      // Monday 18 March, GMT: digests at 08:30, then the 14-day reminders at 09:00
      ...both("2013-03-18T08:30:00.000Z", "Weekly summary for 02N").slice(0, 1),
      ...both("2013-03-18T08:30:00.000Z", "Weekly summary for Q52").slice(1),
      ...both("2013-03-18T09:00:00.000Z", `Deadline in 14 days: ${NHS_CB}`),
      ...both("2013-03-18T09:00:00.000Z", `Deadline in 14 days: ${CCGS}`),
      ...both("2013-03-25T08:30:00.000Z", "Weekly summary for 02N").slice(0, 1),
      ...both("2013-03-25T08:30:00.000Z", "Weekly summary for Q52").slice(1),
      ...both("2013-03-25T09:00:00.000Z", `Deadline in 7 days: ${NHS_CB}`),
      ...both("2013-03-25T09:00:00.000Z", `Deadline in 7 days: ${CCGS}`),
      // The CCG's own deadline, 14 days before, still GMT
      "2013-03-27T09:00:00.000Z C02N Deadline in 14 days: " + DRAFT,
      // Easter: Good Friday 29 March and Easter Monday 1 April are bank holidays. Monday's digest and the
      // 1-day and same-day reminders all move to Thursday 28 March; the two reminders become one.
      ...both("2013-03-28T08:30:00.000Z", "Weekly summary for 02N").slice(0, 1),
      ...both("2013-03-28T08:30:00.000Z", "Weekly summary for Q52").slice(1),
      ...both("2013-03-28T09:00:00.000Z", `Deadline in 4 days: ${NHS_CB}`),
      ...both("2013-03-28T09:00:00.000Z", `Deadline in 4 days: ${CCGS}`),
      // After the clocks went forward on 31 March: 09:00 London is 08:00 UTC
      "2013-04-03T08:00:00.000Z C02N Deadline in 7 days: " + DRAFT,
      ...both("2013-04-08T07:30:00.000Z", "Weekly summary for 02N").slice(0, 1),
      ...both("2013-04-08T07:30:00.000Z", "Weekly summary for Q52").slice(1),
      "2013-04-09T08:00:00.000Z C02N Deadline tomorrow: " + DRAFT,
      "2013-04-10T08:00:00.000Z C02N Deadline today: " + DRAFT,
    ].sort();
    expect(got).toEqual(expected);

    // The digest of 11 March was missed before the simulation began: recorded as skipped, not sent late.
    const skipped = await world.db.prisma.reminderDelivery.findMany({ where: { status: "SKIPPED" } });
    expect(skipped.map((s) => s.key).sort()).toEqual([
      "digest:2013-03-11:SLACK:channel:C02N",
      "digest:2013-03-11:SLACK:channel:CQ52",
    ]);
    expect(await world.db.prisma.reminderDelivery.count({ where: { status: { notIn: ["SENT", "SKIPPED"] } } })).toBe(0);
  }, 120_000);

  it("autumn 2012: reminders and action reminders keep 09:00 London when the clocks go back", async () => {
    const autumn = await schedulerWorld("2012-10-15T10:00:00Z"); // a Monday
    try {
      const { slackUser, run } = autumn;
      await autumn.link("C02N", "02N");
      await autumn.link("CQ52", "Q52");
      await autumn.core.people.register(slackUser("UJO"), "02N", "ADMIN");
      await autumn.core.people.register(slackUser("USAM"), "Q52", "MEMBER");
      await autumn.core.deadlines.add(
        autumn.operator,
        { scopeText: "02N", title: "Activity plan to area team", dueAt: atLondonTime("2012-11-05", 17) },
        autumn.clock.now(),
      );
      await autumn.discussInThread("UJO", "discuss 02N Elective activity plan", "1350.01");
      await run("UJO", "action D1 Share the elective activity model owner me due 29 Oct 2012");
      await run("USAM", "agree A1");
      await run("USAM", "action D1 Send the referral audit due 30 Nov 2012");

      const sender = await simulate(autumn, "2012-10-16T00:00:00Z", "2012-11-15T00:00:00Z");
      const got = sender.sent.map((s) => `${s.at} ${s.target} ${s.summary}`).sort();
      const MANDATE = "First Mandate to the NHS Commissioning Board published (Tue 13 Nov 2012, 17:00)";
      const PLAN = "Activity plan to area team (Mon 5 Nov 2012, 17:00)";
      const A1 = "Share the elective activity model";
      const toBoth = (at: string, summary: string) => [`${at} C02N ${summary}`, `${at} CQ52 ${summary}`];
      const digests = (at: string) => [`${at} C02N Weekly summary for 02N`, `${at} CQ52 Weekly summary for Q52`];
      const toThreadAndOwner = (at: string, summary: string) => [`${at} C02N ${summary}`, `${at} UJO ${summary}`];
      expect(got).toEqual(
        [
          // British Summer Time until Sunday 28 October: 09:00 London is 08:00 UTC, 08:30 is 07:30.
          "2012-10-17T08:00:00.000Z C02N A2 is waiting for agreement: Send the referral audit", // 2 working days on
          ...digests("2012-10-22T07:30:00.000Z"),
          `2012-10-22T08:00:00.000Z C02N Deadline in 14 days: ${PLAN}`,
          ...toThreadAndOwner("2012-10-25T08:00:00.000Z", `A1 is due Mon 29 Oct 2012: ${A1}`), // 2 working days before
          // GMT from 28 October: 09:00 London is 09:00 UTC.
          ...digests("2012-10-29T08:30:00.000Z"),
          ...toThreadAndOwner("2012-10-29T09:00:00.000Z", `A1 is due Mon 29 Oct 2012: ${A1}`),
          `2012-10-29T09:00:00.000Z C02N Deadline in 7 days: ${PLAN}`,
          ...toBoth("2012-10-30T09:00:00.000Z", `Deadline in 14 days: ${MANDATE}`),
          // The 1-day reminder would fall on Sunday 4 November: it moves to Friday and says how long is really left.
          `2012-11-02T09:00:00.000Z C02N Deadline in 3 days: ${PLAN}`,
          ...digests("2012-11-05T08:30:00.000Z"),
          ...toThreadAndOwner("2012-11-05T09:00:00.000Z", `A1 is overdue (was due Mon 29 Oct 2012): ${A1}`),
          `2012-11-05T09:00:00.000Z C02N Deadline today: ${PLAN}`,
          ...toBoth("2012-11-06T09:00:00.000Z", `Deadline in 7 days: ${MANDATE}`),
          ...digests("2012-11-12T08:30:00.000Z"),
          ...toThreadAndOwner("2012-11-12T09:00:00.000Z", `A1 is overdue (was due Mon 29 Oct 2012): ${A1}`),
          ...toBoth("2012-11-12T09:00:00.000Z", `Deadline tomorrow: ${MANDATE}`),
          ...toBoth("2012-11-13T09:00:00.000Z", `Deadline today: ${MANDATE}`),
        ].sort(),
      );
      // Monday 15 October's digest was due before the simulation's first tick, more than 12 hours late: skipped.
      const unsent = await autumn.db.prisma.reminderDelivery.findMany({ where: { status: { not: "SENT" } } });
      expect(unsent.map((s) => `${s.key} ${s.status}`).sort()).toEqual([
        "digest:2012-10-15:SLACK:channel:C02N SKIPPED",
        "digest:2012-10-15:SLACK:channel:CQ52 SKIPPED",
      ]);
    } finally {
      await autumn.cleanup();
    }
  }, 240_000);
});
