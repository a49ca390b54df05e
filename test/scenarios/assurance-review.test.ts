// A performance review, through the console: its agenda builds itself from the dialogue (a checkpoint difference,
// an open discussion, an overdue agreed action), either side adds to it, outcomes are recorded with an action
// proposed from one, and the minutes stand only once both parties agree them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: false });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => cleanup());

it("a review: automatic agenda, items added by either side, outcomes, minutes agreed by both", async () => {
  const jo = await consolePerson(core, "Jo Smith", "02N");
  const kim = await consolePerson(core, "Kim Lee", "02N");
  const sam = await consolePerson(core, "Sam Patel", "Q52");
  const alex = await consolePerson(core, "Alex Ray", "02W");

  await jo.run('assurance 02N Q2 2013/14 self clear-plans green "Plans agreed"');
  await sam.run('assurance 02N Q2 2013/14 view clear-plans red "Trajectory short"');
  await jo.run("discuss 02N Elective waits");
  await jo.run("action D1 Publish the waiting list plan due 22 Nov");
  await sam.run("agree A1");

  expect((await alex.run("review 02N")).text).toMatch(/Only 02N and its area team Q52 can see/);
  const preview = (await jo.run("review 02N")).text;
  expect(preview).toMatch(/no performance review scheduled/);
  expect(preview).toMatch(/Open discussion: D1 Elective waits/);
  expect(preview).toMatch(/Checkpoint difference: Checkpoint Q2 2013\/14: Clear and credible plans/);

  expect((await sam.run("review 02N on 2 Dec at 14:00")).text).toMatch(
    /scheduled 02N's performance review with Q52 for Mon 2 Dec 2013, 14:00/,
  );
  expect((await jo.run("review 02N add Winter resilience funding")).text).toMatch(/Added: Winter resilience funding/);
  expect((await jo.run("review 02N outcome 1 too early")).text).toMatch(/outcomes are recorded after the meeting/);

  clock.set("2013-12-02T16:00:00Z");
  const agenda = (await sam.run("review 02N")).text;
  expect(agenda).toMatch(/Overdue action: A1 Publish the waiting list plan/);
  const lines = agenda.split("\n").filter((l) => /^• \d+\. /.test(l));
  const n = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;
  const checkpointItem = n(/Checkpoint difference/);
  expect(checkpointItem).toBeGreaterThan(0);
  const outcome = await sam.run(
    `review 02N outcome ${checkpointItem} Trajectory to be revised action Revise the A&E trajectory owner me due 20 Dec`,
  );
  expect(outcome.text).toMatch(
    /Outcome of item \d+ \(Checkpoint Q2 2013\/14: Clear and credible plans\): Trajectory to be revised\. Proposed A2 Revise the A&E trajectory/,
  );
  const a2 = await core.prisma.action.findUniqueOrThrow({ where: { id: 2 }, include: { discussion: true } });
  expect(a2).toMatchObject({ status: "PROPOSED", proposedByParty: "AREA_TEAM" });
  expect(a2.discussion.topic).toBe("Performance review Mon 2 Dec 2013");
  expect((await jo.run("review 02N")).text).toMatch(
    /Outcome: Trajectory to be revised \(Sam Patel\); action A2 proposed/,
  );

  // Minutes: the writer's side only; a colleague can't complete them; the other party does.
  expect((await jo.run('review 02N minutes "Reviewed the checkpoint and elective waits"')).text).toMatch(
    /agreed when Q52 agrees them/,
  );
  expect((await kim.run("review 02N agree")).text).toMatch(
    /The CCG has already agreed these minutes; it needs the area team to say so too/,
  );
  expect((await core.prisma.review.findFirstOrThrow()).minutesAreaTeamAgreedAt).toBeNull();
  expect((await sam.run("review 02N agree")).text).toMatch(
    /agreed by both 02N and Q52\. The next review can be scheduled/,
  );
  expect((await jo.run("review 02N")).text).toMatch(/no performance review scheduled/);
  const kinds = (await core.prisma.reviewEvent.findMany({ orderBy: { at: "asc" } })).map((e) => e.kind);
  expect(kinds).toEqual(["scheduled", "item-added", "outcome", "minutes-written", "minutes-agreed"]);
});
