// The collective position: an area team's CCGs together, weighted by activity, against the standard, with the gap in
// people and each CCG's part in it. The expected figures are worked out by hand in the test from the same counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let t: TestDatabase;

// ae_4hr in October 2013 for three of Q52's CCGs: within 4 hours of all attendances. 02R has no figure.
const FIGURES = [
  { o: "02N", n: 9_300, d: 10_000, plan: 95 }, // 93.0%
  { o: "02W", n: 4_900, d: 5_000, plan: 96 }, // 98.0%
  { o: "03R", n: 17_000, d: 19_000, plan: 94 }, // 89.47%
];

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  const periodStart = new Date("2013-10-01");
  for (const f of FIGURES) {
    await t.db.prisma.indicatorValue.create({
      data: {
        organisationCode: f.o,
        indicatorCode: "ae_4hr",
        periodStart,
        value: (f.n / f.d) * 100,
        numerator: f.n,
        denominator: f.d,
        source: "test",
      },
    });
    await t.db.prisma.planTrajectory.create({
      data: { organisationCode: f.o, indicatorCode: "ae_4hr", periodStart, value: f.plan, source: "test" },
    });
  }
  // An older period never counts in the position of the newest.
  await t.db.prisma.indicatorValue.create({
    data: {
      organisationCode: "02T",
      indicatorCode: "ae_4hr",
      periodStart: new Date("2013-09-01"),
      value: 50,
      numerator: 5,
      denominator: 10,
      source: "test",
    },
  });
  // A percentage without counts: shown as the plain mean, and said so.
  for (const [o, v] of [
    ["02N", 91],
    ["02W", 95],
  ] as const)
    await t.db.prisma.indicatorValue.create({
      data: { organisationCode: o, indicatorCode: "rtt_incomplete_18wk", periodStart, value: v, source: "test" },
    });
});
afterAll(() => t.cleanup());

describe("position of an area team", () => {
  it("weighs the CCGs by activity and splits the gap in people between them, summing to it", async () => {
    const p = (await core.positions.positionOf("Q52", "ae_4hr")).indicators[0]!;
    // By hand: 31,200 of 34,000 within 4 hours = 91.76%; at 95% it would be 32,300: 1,100 short.
    expect(p.actual).toBeCloseTo((31_200 / 34_000) * 100, 10);
    expect(p.gap).toBeCloseTo(0.95 * 34_000 - 31_200, 9);
    expect(p.gap).toBeCloseTo(1_100, 9);
    // Plans weighted by the same denominators: (95×10,000 + 96×5,000 + 94×19,000) / 34,000.
    expect(p.planned).toBeCloseTo((95 * 10_000 + 96 * 5_000 + 94 * 19_000) / 34_000, 10);
    // Each CCG's part: 95% of its attendances less those within 4 hours: 03R 1,050, 02N 200, 02W −150.
    expect(p.contributions.map((c) => [c.ccg, Math.round(c.people)])).toEqual([
      ["03R", 1_050],
      ["02N", 200],
      ["02W", -150],
    ]);
    expect(p.contributions.reduce((a, c) => a + c.people, 0)).toBeCloseTo(p.gap!, 9);
    expect(p.counted).toBe(3);
    expect(p.missing).toEqual(["02R", "02T", "02V", "03A", "03C", "03G", "03J"]);
  });

  it("says it in the chat, and says when the figures have no denominators", async () => {
    const anyone = await consolePerson(core, "Jo Smith", "02N");
    const ae = await anyone.run("position Q52 ae_4hr");
    expect(ae.isError).toBe(false);
    expect(ae.text).toMatch(
      /To reach 95% across Q52 in Oct 2013, 1,100 more patients would have had to be within the standard \(together 91\.8%\)/,
    );
    expect(ae.text).toMatch(/03R: \+1,050 patients/);
    expect(ae.text).toMatch(/02W: −150 patients/);
    expect(ae.text).toMatch(/weighted by activity/);
    const rtt = await anyone.run("position Q52 rtt_incomplete_18wk");
    expect(rtt.text).toMatch(/plain mean of the CCGs' figures, not weighted by activity/);
    expect(rtt.text).toMatch(/93%/);
    const all = await anyone.run("position Q52");
    expect(all.text).toMatch(/✗ ae_4hr: 91\.8% together \(Oct 2013\), planned 94\.6%, standard 95%/);
    expect((await anyone.run("position Q52 no_such")).text).toMatch(/is not an indicator of the national ask/);
    expect((await anyone.run("position 02N ae_4hr")).isError).toBe(true);
    const england = await anyone.run("position england ae_4hr");
    expect(england.text).toMatch(/Position — England \(211 CCGs\)/);
  });
});
