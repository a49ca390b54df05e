// Agreed actions are reminded before and on their due date, then weekly while overdue, to their thread
// and owner; a proposal waiting for agreement gets one nudge; `reminders` previews, switches and reports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler";
import { FakeSlackSender, schedulerWorld } from "./support";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
const slackUser = (userId: string) => world.slackUser(userId);
const run = (userId: string, text: string, channelId?: string) => world.run(userId, text, channelId);

beforeAll(async () => {
  world = await schedulerWorld("2013-11-18T10:00:00Z"); // a Monday
  await world.link("C02N", "02N");
  await world.core.people.register(slackUser("UJO"), "02N", "ADMIN");
  await world.core.people.register(slackUser("USAM"), "Q52", "MEMBER");
  await world.discussInThread("UJO", "discuss 02N Elective recovery", "1700.01");
  await run("UJO", "action D1 Share the RTT trajectory owner me due 29 Nov");
  await run("USAM", "action D1 Send the activity model due 6 Dec");
});
afterAll(() => world.cleanup());

describe("action reminders", () => {
  it("reminds an agreed action 2 working days before, on the day, and weekly when overdue; nudges a waiting proposal once", async () => {
    await run("USAM", "agree A1");
    const sender = new FakeSlackSender(world.clock);
    const scheduler = new Scheduler(world.core, [sender]);
    for (let day = 19; day <= 30 + 14; day++) {
      const date = new Date(Date.UTC(2013, 10, day));
      world.clock.set(new Date(date.getTime() + 9 * 3_600_000)); // 09:00 GMT = 09:00 London
      await scheduler.tick();
    }
    const lines = sender.sent
      .filter((s) => !s.summary.startsWith("Weekly summary"))
      .map((s) => `${s.at.slice(0, 10)} ${s.target} ${s.summary.split(":")[0]}`)
      .sort();
    expect(lines).toEqual(
      [
        "2013-11-20 C02N A2 is waiting for agreement", // proposed Mon 18th, nudged 2 working days later, in the thread
        "2013-11-27 C02N A1 is due Fri 29 Nov 2013", // 2 working days before
        "2013-11-27 UJO A1 is due Fri 29 Nov 2013", // and to the owner
        "2013-11-29 C02N A1 is due Fri 29 Nov 2013",
        "2013-11-29 UJO A1 is due Fri 29 Nov 2013",
        "2013-12-06 C02N A1 is overdue (was due Fri 29 Nov 2013)",
        "2013-12-06 UJO A1 is overdue (was due Fri 29 Nov 2013)",
        "2013-12-13 C02N A1 is overdue (was due Fri 29 Nov 2013)",
        "2013-12-13 UJO A1 is overdue (was due Fri 29 Nov 2013)",
      ].sort(),
    );
    expect(sender.sent.filter((s) => s.summary.startsWith("Weekly summary")).map((s) => s.at.slice(0, 10))).toEqual([
      "2013-11-25",
      "2013-12-02",
      "2013-12-09",
    ]);
  }, 60_000);

  it("stops reminding once the action is done (a planned reminder is skipped, not sent)", async () => {
    await run("UJO", "done A1");
    const sender = new FakeSlackSender(world.clock);
    world.clock.set("2013-12-20T09:00:00Z");
    await new Scheduler(world.core, [sender]).tick();
    expect(sender.sent.filter((s) => s.summary.startsWith("A1"))).toEqual([]);
  });
});

describe("the reminders command", () => {
  it("previews what will go out for an organisation, switches a channel off and on, and reports problems to admins", async () => {
    world.clock.set("2013-12-20T10:00:00Z");
    await world.core.deadlines.add(
      world.operator,
      { scopeText: "02N", title: "Two-year plan", dueAt: new Date("2014-01-02T17:00:00Z") },
      world.clock.now(),
    );
    const preview = await run("UJO", "reminders preview 02N");
    expect(preview).toMatch(/Reminders for 02N in the next 14 days/);
    // 7 days before falls on Boxing Day, so it moves to Christmas Eve; 1 day before is New Year's Day: 31 December
    expect(preview).toMatch(
      /Tue 24 Dec 2013, 09:00 · deadline[\s\S]*Tue 31 Dec 2013, 09:00 · deadline[\s\S]*Thu 2 Jan 2014, 09:00 · deadline/,
    );
    expect(preview).toMatch(/· digest/);
    expect(await run("USAM", "reminders off")).toMatch(/Only an admin of 02N/);
    expect(await run("UJO", "reminders off")).toMatch(/off for this channel/);
    expect(await run("UJO", "reminders preview 02N")).toMatch(/Nothing is due/);
    expect(await run("UJO", "reminders on")).toMatch(/on for this channel/);
    expect(await run("UJO", "reminders status")).toMatch(/problems in the last 7 days/);
    expect(await run("USAM", "reminders status")).toMatch(/Only an admin of Q52/);
    expect(await run("UJO", "reminders later")).toMatch(/Say `reminders preview`/);
  });
});

describe("an organisation's own reminder settings", () => {
  it("an admin changes offsets and time; planning follows; bad values and members are refused, changing nothing", async () => {
    world.clock.set("2014-01-16T10:00:00Z"); // the preview covers the next 14 days
    await world.core.deadlines.add(
      world.operator,
      { scopeText: "02N", title: "Refresh plan", dueAt: new Date("2014-01-31T17:00:00Z") },
      world.clock.now(),
    );
    const saved = await run("UJO", "reminders set 02N offsets 10,3 at 08:15");
    expect(saved).toMatch(/• Deadlines\n {2}10, 3 days before, at 08:15/);
    expect(saved).toMatch(/• Agreed actions \(default\)\n {2}2 working days before due/);
    const preview = await run("UJO", "reminders preview 02N");
    expect(preview).toMatch(/Tue 21 Jan 2014, 08:15 · deadline/); // 10 days before
    expect(preview).toMatch(/Tue 28 Jan 2014, 08:15 · deadline/); // 3 days before
    expect(preview).not.toMatch(/Fri 17 Jan 2014, 09:00 · deadline/); // the default 14 days no longer applies

    const before = await world.db.prisma.reminderSetting.findMany();
    expect(await run("UJO", "reminders set 02N offsets 14,-3")).toMatch(
      /A reminder offset must be a whole number of days from 0 to 365 before the deadline; -3 is not/,
    );
    expect(await run("UJO", "reminders set 02N at 25:00")).toMatch(/HH:MM/);
    expect(await run("USAM", "reminders set 02N offsets 1")).toMatch(/Only an admin of 02N/);
    expect(await world.db.prisma.reminderSetting.findMany()).toEqual(before);

    expect(await run("UJO", "reminders set 02N default")).toMatch(
      /• Deadlines \(default\)\n {2}14, 7, 1, 0 days before, at 09:00/,
    );
    expect(await run("UJO", "reminders preview 02N")).toMatch(/Fri 17 Jan 2014, 09:00 · deadline/);
  });
});

describe("an organisation's own action and digest settings", () => {
  it("moves action reminders, the overdue interval, the nudge and the digest for that organisation only", async () => {
    // A second organisation, Q52 (02N's area team), keeps the defaults: its channel's digest stays on Monday.
    await world.link("CQ52", "Q52");
    await world.core.people.register(slackUser("UADMIN52"), "Q52", "ADMIN");
    world.clock.set("2014-02-03T10:00:00Z"); // a Monday
    expect(await world.discussInThread("UJO", "discuss 02N Urgent care", "1700.02")).toBe(2);
    await run("UJO", "action D2 Publish the urgent care plan owner me due 14 Feb");
    await run("USAM", "agree A3");
    await run("UJO", "action D2 Share the winter review due 28 Feb");

    const before = await world.db.prisma.reminderSetting.findMany();
    expect(await run("UJO", "reminders set 02N actions 25")).toMatch(
      /0 to 20 working days before it is due; 25 is not/,
    );
    expect(await run("UJO", "reminders set 02N overdue 0")).toMatch(/every 1 to 60 days; 0 is not/);
    expect(await run("UJO", "reminders set 02N digest someday")).toMatch(/digest monday 08:30/);
    expect(await run("USAM", "reminders set 02N digest off")).toMatch(/Only an admin of 02N/);
    expect(await world.db.prisma.reminderSetting.findMany()).toEqual(before);

    const saved = await run("UJO", "reminders set 02N actions 4 overdue 3 nudge 1 digest friday 16:00");
    expect(saved).toMatch(
      /• Agreed actions\n {2}4 working days before due and on the day, then every 3 days while overdue/,
    );
    expect(saved).toMatch(/• Proposed actions\n {2}the thread is nudged after 1 working days/);
    expect(saved).toMatch(/• Weekly digest\n {2}Friday at 16:00/);
    // the deadline settings set earlier are kept: only what was named changed
    expect(await run("UJO", "reminders settings 02N")).toMatch(/• Deadlines \(default\)/);
    expect(await run("USAM", "reminders settings")).toMatch(
      /Q52's reminders[\s\S]*• Weekly digest \(default\)\n {2}Monday at 08:30/,
    );

    const preview = (await world.core.reminders.preview(world.clock.now(), 40)).map(
      (o) =>
        `${o.dueAt.toISOString().slice(0, 16)} ${o.kind} ${o.subject.actionId ?? o.subject.organisationCode ?? ""} ${o.target.kind === "person" ? o.target.userId : o.target.channelId}`,
    );
    // A3 (owned by 02N's Jo, due Fri 14 Feb): 4 working days before, on the day, then every 3 days overdue.
    expect(preview).toContain("2014-02-10T09:00 action-due 3 UJO");
    expect(preview).toContain("2014-02-14T09:00 action-due 3 UJO");
    expect(preview).toContain("2014-02-17T09:00 action-overdue 3 UJO"); // 17th: Monday, 3 days after
    expect(preview).toContain("2014-02-20T09:00 action-overdue 3 UJO");
    // A4, proposed on Monday 3rd by 02N with no owner: 02N's (the CCG's) nudge after 1 working day.
    expect(preview).toContain("2014-02-04T09:00 proposal-nudge 4 C02N");
    // Digests: 02N's channel on Fridays at 16:00, Q52's channel still on Mondays at 08:30.
    expect(preview).toContain("2014-02-07T16:00 digest 02N C02N");
    expect(preview).toContain("2014-02-10T08:30 digest Q52 CQ52");
    expect(preview.filter((l) => l.includes("digest 02N") && l.startsWith("2014-02-10"))).toEqual([]);

    await run("UJO", "reminders set 02N digest off");
    const after = (await world.core.reminders.preview(world.clock.now(), 14)).filter((o) => o.kind === "digest");
    expect(after.map((o) => o.subject.organisationCode)).not.toContain("02N");
    expect(after.map((o) => o.subject.organisationCode)).toContain("Q52");
  });
});
