// The trend chart: a PNG drawn on the server, value points in their RAG colours, plan and standard lines, and alt
// text that says what the picture shows.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database";
import { renderTrendChart, trendChartSpec } from "../../src/charts/trend-chart";
import { trendAltText, trendSeries, type TrendSeries } from "../../src/charts/trend-series";
import { importCsvFile } from "../../src/sources/import";
import { seededDatabaseWithDir } from "../support/test-database";

const ae: TrendSeries["indicator"] = {
  code: "ae_4hr",
  name: "A&E: 4-hour wait",
  unit: "%",
  direction: "HIGHER_IS_BETTER",
  standard: 95,
  amberTolerance: 2,
  period: "MONTH",
};
const ccg = { code: "02N", name: "NHS Airedale, Wharfedale and Craven CCG" };
const month = (m: number) => new Date(Date.UTC(2013, m - 1, 1));
const series: TrendSeries = {
  ccg,
  indicator: ae,
  points: [
    { periodStart: month(4), value: 91.0, plan: 93, isDemo: false }, // red
    { periodStart: month(5), value: 93.5, plan: 93, isDemo: false }, // amber (on plan)
    { periodStart: month(6), value: 94.0, plan: 94, isDemo: false }, // amber
    { periodStart: month(7), value: 95.5, plan: 94.5, isDemo: false }, // green
  ],
};

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe("the trend chart", () => {
  it("renders a PNG, the same bytes every time, with its size", async () => {
    const chart = await renderTrendChart(series);
    expect(chart.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
    expect(chart.width).toBeGreaterThan(1000);
    expect((await renderTrendChart(series)).png.equals(chart.png)).toBe(true);
    expect(chart.title).toBe("A&E: 4-hour wait: 02N");
  });

  it("colours each value by its RAG, dashes the plan, and rules the standard", () => {
    const spec = JSON.stringify(trendChartSpec(series));
    const rags = [...spec.matchAll(/"rag":"(\w+)"/g)].map((m) => m[1]);
    expect(rags).toEqual(["red", "amber", "amber", "green"]);
    expect(spec).toMatch(/"label":"Standard 95%"/);
    expect(spec).toMatch(/"series":"Plan","y":94\.5/);
  });

  it("always has alt text saying what the chart shows", async () => {
    expect(trendAltText(series)).toBe(
      "A&E: 4-hour wait, 02N NHS Airedale, Wharfedale and Craven CCG, Apr 2013 to Jul 2013, 4 periods. " +
        "Latest 95.5% in Jul 2013: GREEN against a standard of 95% (higher is better) and a plan of 94.5%. " +
        "Trend improving. Lowest 91% (Apr 2013), highest 95.5% (Jul 2013). The dashed line is the plan for 4 of the periods.",
    );
    const empty = await renderTrendChart({ ...series, points: [] });
    expect(empty.alt).toBe(
      "A&E: 4-hour wait, 02N NHS Airedale, Wharfedale and Craven CCG: no figures yet. Standard 95%.",
    );
    expect(pngSize(empty.png).width).toBeGreaterThan(0);
  });
});

describe("a chart from the database", () => {
  let db: Database;
  let cleanup: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    ({ db, dir, cleanup } = await seededDatabaseWithDir("chart", { demo: false }));
  });
  afterAll(() => cleanup());

  it("reads an imported series with its plans, oldest first", async () => {
    const values = path.join(dir, "values.csv");
    const plans = path.join(dir, "plans.csv");
    await writeFile(
      values,
      "organisation,indicator,period,value\n02N,rtt_52wk,2013-08,3\n02N,rtt_52wk,2013-07,5\n02N,rtt_52wk,2013-09,0\n",
    );
    await writeFile(plans, "organisation,indicator,period,plan\n02N,rtt_52wk,2013-08,2\n");
    const now = new Date("2013-11-20T12:00:00Z");
    await importCsvFile(db, values, { kind: "values", mode: "all-or-nothing", now });
    await importCsvFile(db, plans, { kind: "plans", mode: "all-or-nothing", now });
    const s = await trendSeries(db.prisma, ccg, "rtt_52wk");
    expect(s.points.map((p) => [p.periodStart.toISOString().slice(0, 7), p.value, p.plan])).toEqual([
      ["2013-07", 5, null],
      ["2013-08", 3, 2],
      ["2013-09", 0, null],
    ]);
    const chart = await renderTrendChart(s);
    expect(chart.alt).toMatch(/Latest 0 in Sep 2013: GREEN against a standard of 0 \(lower is better\)\./);
    await expect(trendSeries(db.prisma, ccg, "nope")).rejects.toThrow(/I don't know an indicator nope for 02N/);
  });
});
