// Demo figures are never mixed silently into a collective position: `position Q52 ae_4hr` counts how many of the
// CCGs' figures are demo data, the list of indicators marks those that include any, and England's grid marks each
// area team whose CCGs' figures include demo ones, with the demo note. With published figures only, no mark.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let t: TestDatabase;
const periodStart = new Date("2013-10-01");

async function figure(o: string, indicatorCode: string, n: number, d: number, isDemo: boolean) {
  await t.db.prisma.indicatorValue.create({
    data: {
      organisationCode: o,
      indicatorCode,
      periodStart,
      value: (n / d) * 100,
      numerator: n,
      denominator: d,
      source: isDemo ? "demo" : "test",
      isDemo,
    },
  });
}

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  // ae_4hr: two of Q52's CCGs published, one demo. rtt_incomplete_18wk: published only.
  await figure("02N", "ae_4hr", 9_300, 10_000, false);
  await figure("02W", "ae_4hr", 4_900, 5_000, false);
  await figure("03R", "ae_4hr", 17_000, 19_000, true);
  await figure("02N", "rtt_incomplete_18wk", 930, 1_000, false);
});
afterAll(() => t.cleanup());

describe("demo figures in the collective position", () => {
  it("one indicator: says how many of the CCGs' figures are demo data", async () => {
    const at = await consolePerson(core, "Sam Patel", "Q52");
    const { text } = await at.run("position Q52 ae_4hr");
    expect(text).toMatch(
      /Demo data: generated figures, not published statistics\. 1 of the 3 CCGs' figures for Oct 2013 is demo data\./,
    );
    expect((await at.run("position Q52 rtt_incomplete_18wk")).text).not.toMatch(/Demo data/);
  });

  it("the list marks the indicators that include demo figures, and only those", async () => {
    const at = await consolePerson(core, "Sam Patel", "Q52");
    const { text } = await at.run("position Q52");
    expect(text).toMatch(/A&E[^\n]*\[demo\]/);
    expect(text).not.toMatch(/18 weeks[^\n]*\[demo\]/i);
    expect(text).toMatch(/Marked \[demo\]: ae_4hr include demo figures\./);
  });

  it("England's grid marks the area team whose CCGs' figures include demo ones", async () => {
    const position = await core.positions.positionOf("england");
    const ae = position.indicators.find((p) => p.indicator.code === "ae_4hr")!;
    expect(ae.demoFigures).toBe(1);
    expect(ae.areaTeams!.map((a) => [a.areaTeam.code, a.position.demoFigures])).toEqual([["Q52", 1]]);
    const grid = await core.grids.gridOf("england", clock.now());
    expect(grid.includesDemoData).toBe(true);
    const row = grid.rows.find((r) => r.indicator.code === "ae_4hr")!;
    const q52 = grid.columns.findIndex((c) => c.code === "Q52");
    expect(row.cells[q52]!.demo).toBe(true);
    const rtt = grid.rows.find((r) => r.indicator.code === "rtt_incomplete_18wk")!;
    expect(rtt.cells[q52]!.demo).toBeUndefined();
  });
});
