// An area team's grid (CCGs × the national ask, RAG of figure and of plan) and England's (every area team on the same
// footing), on figures set by hand here: each expected cell and total is worked out in the comments from them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import type { Grid } from "../../src/core/position/grid";
import { fixedClock } from "../../src/core/time";
import type { TableBlock } from "../../src/reply/model";
import { gridReply } from "../../src/reply/views/grid";
import { renderBlocks } from "../../src/slack/render/blocks";
import { cardBytes, CARD_BUDGET_BYTES, renderCard } from "../../src/teams/render/card";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let t: TestDatabase;

const OCT = new Date("2013-10-01");
// ae_4hr (standard 95%, amber within 2 points): patients within 4 hours of all attendances, and the plan.
const FIGURES = [
  { o: "02N", n: 9_300, d: 10_000, plan: 95, at: OCT }, // 93.0%: amber (within 2 points); plan 95: green
  { o: "02W", n: 4_900, d: 5_000, plan: 96, at: OCT }, // 98.0%: green; plan green
  { o: "03R", n: 17_000, d: 19_000, plan: 94, at: OCT }, // 89.5%: red; plan 94: amber (within 2 points)
  { o: "02R", n: 900, d: 1_000, plan: null, at: new Date("2013-06-01") }, // Jun 2013: stale since Sep → grey
  // Q44, another area team
  { o: "01C", n: 4_000, d: 5_000, plan: 90, at: OCT }, // 80.0%
  { o: "01R", n: 2_850, d: 3_000, plan: 96, at: OCT }, // 95.0%
];

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  for (const f of FIGURES) {
    await t.db.prisma.indicatorValue.create({
      data: {
        organisationCode: f.o,
        indicatorCode: "ae_4hr",
        periodStart: f.at,
        value: (f.n / f.d) * 100,
        numerator: f.n,
        denominator: f.d,
        source: "test",
      },
    });
    if (f.plan !== null)
      await t.db.prisma.planTrajectory.create({
        data: { organisationCode: f.o, indicatorCode: "ae_4hr", periodStart: f.at, value: f.plan, source: "test" },
      });
  }
  // 02V has no figure, but a plan for the area team's newest period: 92%, 3 points short → red.
  await t.db.prisma.planTrajectory.create({
    data: { organisationCode: "02V", indicatorCode: "ae_4hr", periodStart: OCT, value: 92, source: "test" },
  });
});
afterAll(() => t.cleanup());

const cellOf = (grid: Grid, indicator: string, column: string) => {
  const row = grid.rows.find((r) => r.indicator.code === indicator)!;
  return row.cells[grid.columns.findIndex((c) => c.code === column)]!;
};

describe("an area team's grid", () => {
  it("rates each CCG's figure as status does and its plan against the standard", async () => {
    const grid = await core.grids.gridOf("Q52", clock.now());
    expect(grid.columns.map((c) => c.code)).toEqual([
      "02N",
      "02R",
      "02T",
      "02V",
      "02W",
      "03A",
      "03C",
      "03G",
      "03J",
      "03R",
    ]);
    // the national ask with a standard: 24 Constitution standards less the two without, and the three Mandate measures
    expect(grid.rows.length).toBe(25);
    const pick = (o: string) => {
      const c = cellOf(grid, "ae_4hr", o);
      return [c.rag, c.planRag];
    };
    expect(pick("02N")).toEqual(["amber", "green"]);
    expect(pick("02W")).toEqual(["green", "green"]);
    expect(pick("03R")).toEqual(["red", "amber"]);
    expect(pick("02R")).toEqual(["grey", "grey"]);
    expect(cellOf(grid, "ae_4hr", "02R").note).toMatch(/^stale since/);
    expect(pick("02V")).toEqual(["grey", "red"]);
    expect(cellOf(grid, "ae_4hr", "02V").plan).toBe(92);
    // The same RAG as status gives each CCG's row.
    for (const o of ["02N", "02W", "03R", "02R"]) {
      const status = await core.indicators.statusOf(o, clock.now(), "ae_4hr");
      expect(cellOf(grid, "ae_4hr", o).rag, o).toBe(status.national[0]!.rag);
    }
  });

  it("answers `grid Q52` in the console as a table, and refuses a CCG", async () => {
    const anyone = await consolePerson(core, "Jo Smith", "02N");
    const out = await anyone.run("grid Q52");
    expect(out.isError).toBe(false);
    const line = out.text.split("\n").find((l) => l.startsWith("ae_4hr"))!;
    // 02N: amber 93.0%, plan green 95.0%
    expect(line).toMatch(/^ae_4hr\s+A 93% \/ G 95%/);
    expect(out.text).toMatch(/Each cell: the latest figure's RAG/);
    expect((await anyone.run("grid 02N")).isError).toBe(true);
  });

  it("is a native Table in Teams within the card budget, and a picture (or its letters) in Slack", async () => {
    const grid = await core.grids.gridOf("Q52", clock.now());
    const card = renderCard(gridReply(grid)) as unknown as { body: { type: string; rows?: unknown[] }[] };
    expect(cardBytes(card as never)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const tables = card.body.filter((e) => e.type === "Table");
    expect(tables).toHaveLength(1);
    expect(JSON.stringify(tables[0])).toContain("🟠"); // 02N's amber figure
    // Slack: with a URL the picture and its alt text; without, the RAG letters in a code block.
    const url = "https://bot.example.org/charts/grid/Q52.png?exp=1&sig=x";
    const withImage = renderBlocks(gridReply(grid, url));
    const image = withImage.find((b) => b.type === "image") as { alt_text: string; image_url: string };
    expect(image.image_url).toBe(url);
    expect(image.alt_text).toMatch(/Grid of Q52's 10 CCGs × 25 indicators/);
    const words = JSON.stringify(renderBlocks(gridReply(grid)));
    expect(words).toContain("```");
    expect(words).toMatch(/ae_4hr +AG +-- +-- +-R +GG/);
  });

  it("cuts a grid too big for one Teams card and says the tab has the rest", () => {
    const wide: TableBlock = {
      type: "table",
      title: "Big",
      alt: "big",
      columns: ["Indicator", ...Array.from({ length: 12 }, (_, i) => `C${i}`)],
      rows: Array.from({ length: 40 }, (_, j) => ({
        label: `indicator_${j}`,
        cells: Array.from({ length: 12 }, () => ({
          text: "93.1%",
          rag: "red" as const,
          second: { text: "95%", rag: "green" as const },
        })),
      })),
    };
    const card = renderCard({ summary: "big", visibility: "private", blocks: [wide] });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(JSON.stringify(card)).toMatch(/more rows — the dashboard tab shows the whole table/);
  });
});

describe("England: every area team on the same footing", () => {
  it("weighs each area team's CCGs together in England's newest period (by hand)", async () => {
    const p = (await core.positions.positionOf("england", "ae_4hr")).indicators[0]!;
    expect(p.period).toBe("Oct 2013");
    const team = (code: string) => p.areaTeams!.find((a) => a.areaTeam.code === code)!.position;
    // Q52 in Oct 2013: 9,300 + 4,900 + 17,000 = 31,200 of 10,000 + 5,000 + 19,000 = 34,000 → 91.76%; 02R's June
    // figure is not October's, so it does not count. Plan: (95×10,000 + 96×5,000 + 94×19,000) / 34,000 = 94.59%.
    // Gap: 95% of 34,000 = 32,300, less 31,200 = 1,100.
    expect(team("Q52").actual).toBeCloseTo((31_200 / 34_000) * 100, 10);
    expect(team("Q52").planned).toBeCloseTo((95 * 10_000 + 96 * 5_000 + 94 * 19_000) / 34_000, 10);
    expect(team("Q52").gap).toBeCloseTo(1_100, 9);
    // Q44: 4,000 + 2,850 = 6,850 of 8,000 → 85.625%; plan (90×5,000 + 96×3,000) / 8,000 = 92.25%; gap 7,600 − 6,850 = 750.
    expect(team("Q44").actual).toBeCloseTo(85.625, 10);
    expect(team("Q44").planned).toBeCloseTo(92.25, 10);
    expect(team("Q44").gap).toBeCloseTo(750, 9);
    // England: 38,050 of 42,000 = 90.595%; gap 39,900 − 38,050 = 1,850, the two area teams' gaps together.
    expect(p.actual).toBeCloseTo((38_050 / 42_000) * 100, 10);
    expect(p.gap).toBeCloseTo(1_850, 9);
    expect(p.areaTeams!.map((a) => a.areaTeam.code)).toEqual(["Q44", "Q52"]);
  });

  it("shows each area team in `position england ae_4hr`, and England's grid in `position england` and `grid england`", async () => {
    const anyone = await consolePerson(core, "Jo Smith", "02N");
    const one = await anyone.run("position england ae_4hr");
    expect(one.text).toMatch(/Each area team, Oct 2013: its CCGs together/);
    expect(one.text).toMatch(/Q52\s+R 91\.8%\s+94\.6%\s+95%\s+1,100/);
    expect(one.text).toMatch(/Q44\s+R 85\.6%\s+92\.3%\s+95%\s+750/);
    // Q52's figure together is red (3.2 points short, not on its plan); its plan together amber (0.4 short).
    const grid = await core.grids.gridOf("england", clock.now());
    expect(grid.columns).toHaveLength(27);
    expect([cellOf(grid, "ae_4hr", "Q52").rag, cellOf(grid, "ae_4hr", "Q52").planRag]).toEqual(["red", "amber"]);
    expect([cellOf(grid, "ae_4hr", "Q44").rag, cellOf(grid, "ae_4hr", "Q44").planRag]).toEqual(["red", "red"]);
    expect(cellOf(grid, "ae_4hr", "Q51").rag).toBe("grey");
    const all = await anyone.run("position england");
    expect(all.text).toMatch(/England: figure and plan against the standard/);
    expect(all.text).toMatch(/ae_4hr\s+.*R 85\.6% \/ R 92\.3%/);
    expect((await anyone.run("grid england")).text).toMatch(/Grid — England/);
  });
});
