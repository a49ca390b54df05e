// One line of a CCG's plan changed (src/core/plans/line-edit.ts): the next version holds the changed line and every
// other line as it was; `plan 02N changes` shows exactly what moved; a bad value is refused with its period and
// reason and stores nothing; the area team can't submit the CCG's plan, a line any more than a file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import type { Actor } from "../../src/core/people/actor";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z"); // the planning year is 2014/15
const now = clock.now();
let core: Core;
let t: TestDatabase;
let jo: Actor;
let sam: Actor;

const SOURCE = { source: "console edit: test" };
const linesOf = async (number: number) =>
  (
    await t.db.prisma.planLine.findMany({
      where: { version: { organisationCode: "02N", number } },
      orderBy: [{ indicatorCode: "asc" }, { periodStart: "asc" }],
    })
  ).map((l) => `${l.indicatorCode} ${l.periodStart.toISOString().slice(0, 10)} ${l.value}`);
const versions = () => t.db.prisma.planVersion.count({ where: { organisationCode: "02N" } });

async function actor(name: string, org: string, userId: string): Promise<Actor> {
  const user = { platform: "CONSOLE" as const, tenantId: "local", userId, displayName: name };
  await core.people.register(user, org, "MEMBER");
  return (await core.people.identify(user))!;
}

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  jo = await actor("Jo Smith", "02N", "jo");
  sam = await actor("Sam Patel", "Q52", "sam");
  // Version 1: two lines, A&E 4-hour (monthly) and cancer 31-day (quarterly).
  const v1 = await core.planLines.set(
    jo,
    "02N",
    "ae_4hr",
    [
      { period: "Apr 2014", value: "93" },
      { period: "May 2014", value: "94" },
      { period: "Jun 2014", value: "95" },
    ],
    SOURCE,
    now,
  );
  expect(v1).toMatchObject({ ok: true, version: 1 });
  const v1b = await core.planLines.set(
    jo,
    "02N",
    "cancer_31d_first",
    [
      { period: "Q1", value: "96" },
      { period: "Q2 2014/15", value: "96.5" },
    ],
    SOURCE,
    now,
  );
  expect(v1b).toMatchObject({ ok: true, version: 2 });
});
afterAll(() => t.cleanup());

describe("changing one line of a CCG's plan", () => {
  it("makes version N+1: the changed line's periods replaced, every other line unchanged, who and the note kept", async () => {
    const before = await linesOf(2);
    expect(before).toEqual([
      "ae_4hr 2014-04-01 93",
      "ae_4hr 2014-05-01 94",
      "ae_4hr 2014-06-01 95",
      "cancer_31d_first 2014-04-01 96",
      "cancer_31d_first 2014-07-01 96.5",
    ]);
    const result = await core.planLines.set(
      jo,
      "02N",
      "AE_4HR",
      [
        { period: "May", value: "94.5" },
        { period: "Jun 2014", value: "" }, // blank: nothing planned for June
        { period: "Jan", value: "95" }, // January of the planning year: 2015
      ],
      { ...SOURCE, note: "after the winter review" },
      now,
    );
    expect(result).toMatchObject({ ok: true, version: 3, latest: 3 });
    if (!result.ok) return;
    expect(result.moved).toEqual([
      { indicatorCode: "ae_4hr", period: "May 2014", before: "94%", after: "94.5%" },
      { indicatorCode: "ae_4hr", period: "Jun 2014", before: "95%", after: null },
      { indicatorCode: "ae_4hr", period: "Jan 2015", before: null, after: "95%" },
    ]);
    expect(await linesOf(3)).toEqual([
      "ae_4hr 2014-04-01 93",
      "ae_4hr 2014-05-01 94.5",
      "ae_4hr 2015-01-01 95",
      "cancer_31d_first 2014-04-01 96",
      "cancer_31d_first 2014-07-01 96.5",
    ]);
    const v3 = await t.db.prisma.planVersion.findFirstOrThrow({ where: { organisationCode: "02N", number: 3 } });
    expect(v3).toMatchObject({
      submittedById: jo.personId,
      submittedByParty: "CCG",
      note: "after the winter review",
      source: "console edit: test",
      createdAt: now,
    });
  });

  it("`plan 02N changes` shows exactly the lines that moved", async () => {
    const area = await consolePerson(core, "Sam Patel", "Q52");
    const { text } = await area.run("plan 02N changes");
    const moved = text.split("\n").filter((l) => l.startsWith("•"));
    expect(moved).toEqual([
      "• ae_4hr May 2014: 94% → 94.5%",
      "• ae_4hr Jun 2014: 95% → (removed)",
      "• ae_4hr Jan 2015: (none) → 95%",
    ]);
  });

  it("refuses a bad value with its period and reason, and stores nothing", async () => {
    const count = await versions();
    const lines = await linesOf(count);
    const trajectory = await t.db.prisma.planTrajectory.count({ where: { organisationCode: "02N" } });
    const result = await core.planLines.set(
      jo,
      "02N",
      "ae_4hr",
      [
        { period: "Apr 2014", value: "96" }, // fine on its own: still not stored
        { period: "May 2014", value: "9x.5" },
        { period: "Jun", value: "101" },
        { period: "Apr 2015", value: "95" },
        { period: "Q1", value: "95" },
      ],
      SOURCE,
      now,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.period, p.message])).toEqual([
      ["May 2014", 'value "9x.5" is not a number'],
      ["Jun", "value 101 is not a percentage (0 to 100)"],
      ["Apr 2015", expect.stringMatching(/not in the planning year 2014\/15/)],
      ["Q1", expect.any(String)],
    ]);
    expect(await versions()).toBe(count);
    expect(await linesOf(count)).toEqual(lines);
    expect(await t.db.prisma.planTrajectory.count({ where: { organisationCode: "02N" } })).toBe(trajectory);
    const again = await core.planLines.set(
      jo,
      "02N",
      "ae_4hr",
      [
        { period: "Apr 2014", value: "96" },
        { period: "Apr", value: "97" },
      ],
      SOURCE,
      now,
    );
    expect(again.ok ? [] : again.problems.map((p) => p.message)).toEqual(["Apr is given twice"]);
    expect(await versions()).toBe(count);
  });

  it("makes no version when nothing moved", async () => {
    const count = await versions();
    const result = await core.planLines.set(jo, "02N", "ae_4hr", [{ period: "Apr 2014", value: "93" }], SOURCE, now);
    expect(result).toMatchObject({ ok: true, version: null, latest: count, moved: [] });
    expect(await versions()).toBe(count);
  });

  it("does not let the area team submit a line, or another CCG's person; the form is refused to them too", async () => {
    const count = await versions();
    const other = await actor("Ria Khan", "00C", "ria");
    for (const who of [sam, other])
      await expect(
        core.planLines.set(who, "02N", "ae_4hr", [{ period: "Apr 2014", value: "50" }], SOURCE, now),
      ).rejects.toThrow(`Only people of 02N can submit its plan; you act for ${who.organisation.code}.`);
    await expect(core.planLines.form(sam, "02N", "ae_4hr", now)).rejects.toThrow(/Only people of 02N/);
    expect(await versions()).toBe(count);
  });

  it("gives the Edit form each period of the planning year, filled from the current version", async () => {
    const form = await core.planLines.form(jo, "02N", "cancer_31d_first", now);
    expect(form).toMatchObject({ year: 2014, version: await versions() });
    expect(form.periods).toEqual([
      { period: "Q1 2014/15", periodStart: "2014-04-01", value: 96 },
      { period: "Q2 2014/15", periodStart: "2014-07-01", value: 96.5 },
      { period: "Q3 2014/15", periodStart: "2014-10-01", value: null },
      { period: "Q4 2014/15", periodStart: "2015-01-01", value: null },
    ]);
  });
});
