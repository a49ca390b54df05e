// The seed: reference data as the files say, national dates only where the day is known, demo figures that
// show every colour, and a second run that changes nothing. Runs on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set (its own schema).
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOWCASE, demoSeries, publishedPeriods, seedDemo } from "../../src/db/seed/demo";
import { DEFAULT_AMBER_TOLERANCE, nationalDeadlines } from "../../src/db/seed/reference";
import { DEMO_ROUND_STEPS, demoRoundDeadlines } from "../../src/db/seed/demo-round";
import { seedAll } from "../../src/db/seed/seed";
import { createTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
const prisma = () => t.db.prisma;

const counts = async () => ({
  ccgs: await prisma().organisation.count({ where: { kind: "CCG" } }),
  areaTeams: await prisma().organisation.count({ where: { kind: "AREA_TEAM" } }),
  indicators: await prisma().indicator.count(),
  deadlines: await prisma().deadline.count(),
  values: await prisma().indicatorValue.count(),
  plans: await prisma().planTrajectory.count(),
});

beforeAll(async () => {
  t = await createTestDatabase();
  await seedAll(prisma(), { now: TEST_SEED_NOW, demo: true });
});
afterAll(() => t?.cleanup());

describe("reference data", () => {
  it("loads the 211 CCGs of April 2013 and their 27 area teams", async () => {
    expect(await counts()).toMatchObject({ ccgs: 211, areaTeams: 27 });
    const orphans = await prisma().organisation.count({ where: { kind: "CCG", areaTeam: null } });
    expect(orphans).toBe(0);
    const areaTeams = await prisma().organisation.findMany({ where: { kind: "AREA_TEAM" }, orderBy: { code: "asc" } });
    expect(areaTeams.map((a) => a.code)).toEqual(Array.from({ length: 27 }, (_, i) => `Q${44 + i}`));
    expect(areaTeams.every((a) => a.name.endsWith(" Area Team") && a.areaTeamCode === null)).toBe(true);
  });

  it("names CCGs and area teams as people say them: 02N is NHS Airedale, Wharfedale and Craven CCG, in West Yorkshire", async () => {
    const ccg = await prisma().organisation.findUniqueOrThrow({ where: { code: "02N" }, include: { areaTeam: true } });
    expect(ccg).toMatchObject({
      kind: "CCG",
      name: "NHS Airedale, Wharfedale and Craven CCG",
      onsCode: "E38000001",
      areaTeamCode: "Q52",
      region: "North of England",
    });
    expect(ccg.patients).toBeGreaterThan(100_000);
    expect(ccg.areaTeam).toMatchObject({ kind: "AREA_TEAM", name: "West Yorkshire Area Team", onsCode: "E39000009" });
    const q45 = await prisma().organisation.findUniqueOrThrow({ where: { code: "Q45" } });
    expect(q45.name).toBe("Durham, Darlington and Tees Area Team");
  });

  it("loads the NHS Constitution standards with their thresholds, direction and period", async () => {
    const ae = await prisma().indicator.findUniqueOrThrow({ where: { code: "ae_4hr" } });
    expect(ae).toMatchObject({
      framework: "NHS_CONSTITUTION",
      unit: "%",
      direction: "HIGHER_IS_BETTER",
      standard: 95,
      amberTolerance: DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter,
      period: "MONTH",
      publicationLagDays: 45,
      ownerCode: null,
    });
    expect(ae.source).toMatch(/^https:\/\/\S+ \(verification: verified\)$/);
    const byCode = new Map((await prisma().indicator.findMany()).map((i) => [i.code, i]));
    expect(byCode.get("diagnostics_6wk")).toMatchObject({ standard: 1, direction: "LOWER_IS_BETTER", unit: "%" });
    expect(byCode.get("cancer_62d_gp")).toMatchObject({ standard: 85, period: "QUARTER", publicationLagDays: 75 });
    // a count that should be zero: any case is red, so no amber band
    expect(byCode.get("mrsa_bacteraemia")).toMatchObject({ standard: 0, unit: "count", amberTolerance: null });
    // local objectives only: no national number
    expect(byCode.get("c_difficile")).toMatchObject({ standard: null, amberTolerance: null });
    expect(byCode.get("rtt_admitted_18wk")?.source).toContain("(verification: verified_other_year)");
    const constitution = [...byCode.values()].filter((i) => i.framework === "NHS_CONSTITUTION");
    expect(constitution).toHaveLength(24);
  });

  it("adds CCG outcome measures without inventing standards for them", async () => {
    const outcomes = await prisma().indicator.findMany({ where: { framework: "CCG_OUTCOMES" } });
    expect(outcomes.length).toBeGreaterThan(0);
    for (const i of outcomes) expect(i).toMatchObject({ standard: null, amberTolerance: null });
    expect(outcomes.find((i) => i.code === "ois_1_1")?.name).toContain("Potential years of life lost");
  });

  it("adds the Mandate's IAPT and dementia measures with the standards their sources state, marked unverified", async () => {
    const mandate = await prisma().indicator.findMany({
      where: { framework: "OUTCOMES_FRAMEWORK" },
      orderBy: { code: "asc" },
    });
    expect(mandate.map((i) => [i.code, i.unit, i.standard, i.amberTolerance, i.period])).toEqual([
      ["dementia_diagnosis", "%", 66.7, DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter, "MONTH"],
      // 15% a year is 3.75% a quarter; the default 2-point band would be over half of it, so none
      ["iapt_access", "%", 3.75, null, "QUARTER"],
      ["iapt_recovery", "%", 50, DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter, "QUARTER"],
    ]);
    for (const i of mandate) {
      expect(i.direction).toBe("HIGHER_IS_BETTER");
      expect(i.source).toMatch(/https:\/\/\S+.*not verified against shared data/);
    }
  });

  it("ships only national dates with an exact day, due at 17:00 London", async () => {
    const deadlines = await prisma().deadline.findMany({
      where: { source: { startsWith: "reference:" } },
      orderBy: { dueAt: "asc" },
    });
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlines).toHaveLength(nationalDeadlines().length);
    for (const d of deadlines) {
      expect(d).toMatchObject({ scope: "NATIONAL", organisationCode: null });
      expect(d.source).toMatch(/^reference:planning-(timetable-2013-14|milestones-2012-13)\.json$/);
      expect(d.title.length).toBeLessThanOrEqual(120);
      const london = DateTime.fromJSDate(d.dueAt, { zone: "Europe/London" });
      expect([london.hour, london.minute]).toEqual([17, 0]);
    }
    const days = deadlines.map((d) => DateTime.fromJSDate(d.dueAt, { zone: "Europe/London" }).toISODate());
    expect(days).toContain("2013-04-01"); // go-live, verified
    expect(days).toContain("2012-05-31");
    expect(days).not.toContain("2012-12-17"); // Everyone Counts: 17 or 18 December, sources conflict
    expect(days).not.toContain("2012-12-18");
    expect(days).not.toContain("2013-04-05"); // one CCG's papers only
    expect(deadlines.some((d) => d.title.startsWith("National dates for first-cut"))).toBe(false); // "NOT FOUND"
    // British Summer Time: 17:00 London is 16:00 UTC
    const goLive = deadlines.find((d) => d.title.startsWith("CCGs (211)"));
    expect(goLive?.dueAt.toISOString()).toBe("2013-04-01T16:00:00.000Z");
    expect(goLive?.link).toMatch(/^https:\/\/www\.england\.nhs\.uk\//);
  });
});

describe("demo figures", () => {
  it("cover every CCG and every national indicator with a standard, for the 12 periods published by now", async () => {
    const indicators = await prisma().indicator.findMany({ where: { ownerCode: null, standard: { not: null } } });
    expect(await prisma().indicatorValue.count()).toBe(211 * indicators.length * 12);
    expect(await prisma().planTrajectory.count()).toBe(211 * indicators.length * 12);
    expect(
      await prisma().indicatorValue.count({ where: { OR: [{ isDemo: false }, { source: { not: "demo" } }] } }),
    ).toBe(0);
    const periodsOf = async (indicatorCode: string) =>
      (
        await prisma().indicatorValue.findMany({
          where: { organisationCode: "02N", indicatorCode },
          orderBy: { periodStart: "asc" },
        })
      ).map((v) => v.periodStart.toISOString());
    // 20 Nov 2013: September's monthly figures are out (45 days), the July–September quarter's are not (75 days)
    const months = await periodsOf("ae_4hr");
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2012-10-01T00:00:00.000Z");
    expect(months.at(-1)).toBe("2013-09-01T00:00:00.000Z");
    const quarters = await periodsOf("cancer_62d_gp");
    expect(quarters).toHaveLength(12);
    expect(quarters.at(-1)).toBe("2013-04-01T00:00:00.000Z");
    expect(quarters.at(-2)).toBe("2013-01-01T00:00:00.000Z");
  });

  it("show 02N green, amber and red against the standard and its tolerance", async () => {
    const indicators = await prisma().indicator.findMany({ where: { standard: { not: null } } });
    const colours = new Set<string>();
    for (const i of indicators) {
      const latest = await prisma().indicatorValue.findFirstOrThrow({
        where: { organisationCode: DEMO_SHOWCASE.ccg, indicatorCode: i.code },
        orderBy: { periodStart: "desc" },
      });
      const standard = i.standard!;
      const value = latest.value!;
      const meets = i.direction === "HIGHER_IS_BETTER" ? value >= standard : value <= standard;
      const near = i.amberTolerance !== null && Math.abs(value - standard) <= i.amberTolerance;
      colours.add(meets ? "green" : near ? "amber" : "red");
    }
    expect([...colours].sort()).toEqual(["amber", "green", "red"]);
  });

  it("are plausible: percentages within 0–100, counts whole, plans heading for the standard", async () => {
    const percent = await prisma().indicatorValue.aggregate({
      where: { indicator: { unit: "%" } },
      _min: { value: true },
      _max: { value: true },
    });
    expect(percent._min.value).toBeGreaterThanOrEqual(0);
    expect(percent._max.value).toBeLessThanOrEqual(100);
    const counts = await prisma().indicatorValue.findMany({ where: { indicator: { unit: "count" } }, take: 2000 });
    expect(counts.every((v) => Number.isInteger(v.value) && v.value! >= 0)).toBe(true);
    // a CCG short of the standard in April plans to reach it by March
    const march = await prisma().planTrajectory.findMany({
      where: { organisationCode: "02N", indicatorCode: "cancer_62d_gp", periodStart: new Date("2013-01-01") },
    });
    expect(march[0]?.value).toBe(85);
  });

  it("give a period the same figures whenever the seed runs", () => {
    const indicator = {
      code: "ae_4hr",
      unit: "%",
      direction: "HIGHER_IS_BETTER",
      standard: 95,
      amberTolerance: 2,
      period: "MONTH",
    } as const;
    const november = demoSeries("00C", indicator, publishedPeriods(TEST_SEED_NOW, "MONTH", 45, 12));
    const later = demoSeries("00C", indicator, publishedPeriods(new Date("2014-02-20T12:00:00Z"), "MONTH", 45, 12));
    expect(later.slice(0, 9)).toEqual(november.slice(3));
    expect(demoSeries("00D", indicator, [november[0]!.periodStart])).not.toEqual([november[0]]);
  });
});

describe("the demo's planning round", () => {
  it("is on the figures' calendar: deadlines around the seed's day, the next one within two weeks", async () => {
    const round = await prisma().deadline.findMany({ where: { source: "demo" }, orderBy: { dueAt: "asc" } });
    expect(round).toHaveLength(DEMO_ROUND_STEPS.length);
    const days = round.map((d) => DateTime.fromJSDate(d.dueAt, { zone: "Europe/London" }));
    // 20 Nov 2013: guidance three weeks before (Fri 29 Nov 2013 is the first step after it), 17:00, working days
    expect(days.map((d) => d.toISODate())).toEqual([
      "2013-10-30",
      "2013-11-29",
      "2013-12-10",
      "2013-12-23",
      "2013-12-27",
      "2014-01-17",
    ]);
    for (const d of days) expect([d.hour, d.weekday <= 5]).toEqual([17, true]);
    expect(round.map((d) => [d.scope, d.organisationCode])).toContainEqual(["AREA_TEAM", "Q52"]);
    expect(round.map((d) => [d.scope, d.organisationCode])).toContainEqual(["CCG", "02N"]);
    expect(round.every((d) => d.title.startsWith("Demo round: "))).toBe(true);
    // the real round's dates are still there, as reference, all before the demo's day
    const reference = await prisma().deadline.findMany({ where: { source: { startsWith: "reference:" } } });
    expect(reference.length).toBe(nationalDeadlines().length);
    expect(reference.every((d) => d.dueAt < TEST_SEED_NOW)).toBe(true);
  });

  it("links the console to 02N, so its reminders and digests can be previewed", async () => {
    const links = await prisma().channelLink.findMany({ where: { platform: "CONSOLE" } });
    expect(links).toMatchObject([{ channelId: "console", organisationCode: "02N", remindersEnabled: true }]);
  });

  it("follows the clock of the first start, whatever year it is", () => {
    const later = demoRoundDeadlines(new Date("2026-12-03T10:00:00Z"));
    const next = later.find((d) => d.dueAt > new Date("2026-12-03T10:00:00Z"))!;
    expect(next.dueAt.toISOString()).toBe("2026-12-11T17:00:00.000Z"); // Fri 11 Dec 2026, 9 days on
    // A step on a bank holiday moves to the working day before: from Sat 21 Nov 2026, final plans (37 days on)
    // would be Mon 28 Dec, the Boxing Day holiday, so they are due Thu 24 Dec.
    const christmas = demoRoundDeadlines(new Date("2026-11-21T10:00:00Z"));
    const final = christmas.find((d) => d.title === "Demo round: final plans submitted")!;
    expect(DateTime.fromJSDate(final.dueAt, { zone: "Europe/London" }).toISODate()).toBe("2026-12-24");
  });
});

describe("running the seed again", () => {
  it("changes no counts", async () => {
    const before = await counts();
    const again = await seedAll(prisma(), { now: TEST_SEED_NOW, demo: true });
    expect(again.demo?.inserted).toBe(0);
    expect(again.round).toEqual({ deadlines: 0, linked: false });
    // nor on a later day: the round was planned on the first start and stays where it is
    expect(await seedAll(prisma(), { now: new Date("2013-12-20T12:00:00Z"), demo: false })).toMatchObject({
      round: null,
    });
    expect(await counts()).toEqual(before);
  });

  it("adds the newly published periods, and only those, when run a month later", async () => {
    const before = await counts();
    // 20 Dec 2013: October's monthly figures and the July–September quarter's are out
    const later = await seedDemo(prisma(), { now: new Date("2013-12-20T12:00:00Z") });
    const indicators = await prisma().indicator.count({ where: { ownerCode: null, standard: { not: null } } });
    expect(later.inserted).toBe(2 * 211 * indicators);
    expect(await counts()).toEqual({
      ...before,
      values: before.values + 211 * indicators,
      plans: before.plans + 211 * indicators,
    });
  });
});
