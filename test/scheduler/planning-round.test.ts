// A planning round simulated on an injected clock, from the seeded national deadlines: the exact list
// of deliveries (when, where, what), across the clock change of 31 March 2013 and the Easter bank holidays.
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

describe("a planning round", () => {
  it("sends each reminder and digest once, at 09:00 / 08:30 London on working days", async () => {
    const sender = new FakeSlackSender(world.clock);
    const scheduler = new Scheduler(world.core, [sender]);
    // Tick around the reminder hours of every day: 07:30 to 09:30 UTC covers 08:30 and 09:00 London in GMT and BST.
    for (
      let day = new Date("2013-03-15T00:00:00Z");
      day < new Date("2013-04-12T00:00:00Z");
      day = new Date(day.getTime() + 86_400_000)
    ) {
      for (const time of ["07:30", "08:00", "08:30", "09:00", "09:30"]) {
        world.clock.set(`${day.toISOString().slice(0, 10)}T${time}:00Z`);
        await scheduler.tick();
      }
    }
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
});
