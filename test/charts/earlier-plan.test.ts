// A chart shows the earlier plan version dashed: when a CCG has submitted its plan twice, the trend chart draws the
// version before the current one as a grey short-dashed line with its own legend entry, and the alt text says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trendChartSvg } from "../../src/charts/trend-chart";
import { trendAltText, trendSeries, type TrendSeries } from "../../src/charts/trend-series";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const month = (m: number) => new Date(Date.UTC(2013, m - 1, 1));
const ccg = { code: "02N", name: "NHS Airedale, Wharfedale and Craven CCG" };
let t: TestDatabase;

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  const prisma = t.db.prisma;
  for (const [m, value] of [
    [7, 95.5],
    [8, 94.0],
    [9, 93.0],
  ] as const)
    await prisma.indicatorValue.create({
      data: { organisationCode: "02N", indicatorCode: "ae_4hr", periodStart: month(m), value, source: "test" },
    });
  // Version 1 planned 92, 92, 92; version 2 (the current plan, in PlanTrajectory) 95, 95, 96.
  const lines = (values: number[]) =>
    values.map((value, i) => ({ indicatorCode: "ae_4hr", periodStart: month(7 + i), value }));
  await prisma.planVersion.create({
    data: { organisationCode: "02N", number: 1, source: "test", lines: { create: lines([92, 92, 92]) } },
  });
  await prisma.planVersion.create({
    data: { organisationCode: "02N", number: 2, source: "test", lines: { create: lines([95, 95, 96]) } },
  });
  for (const l of lines([95, 95, 96]))
    await prisma.planTrajectory.create({ data: { organisationCode: "02N", ...l, source: "test" } });
  // 02W has one version only: no earlier plan to draw.
  await prisma.indicatorValue.create({
    data: { organisationCode: "02W", indicatorCode: "ae_4hr", periodStart: month(7), value: 96, source: "test" },
  });
  await prisma.planVersion.create({
    data: {
      organisationCode: "02W",
      number: 1,
      source: "test",
      lines: { create: [{ indicatorCode: "ae_4hr", periodStart: month(7), value: 95 }] },
    },
  });
});
afterAll(() => t.cleanup());

/** The line paths of the SVG, with their stroke colour and dash pattern. */
const dashedPaths = (svg: string) =>
  [...svg.matchAll(/<path[^>]*stroke="([^"]+)"[^>]*stroke-dasharray="([^"]+)"/g)].map((m) => [m[1], m[2]]);

describe("the earlier plan version on the trend chart", () => {
  it("reads the version before the current one, for the periods shown", async () => {
    const s = await trendSeries(t.db.prisma, ccg, "ae_4hr");
    expect(s.previousPlan).toEqual({
      version: 1,
      points: [7, 8, 9].map((m) => ({ periodStart: month(m), value: 92 })),
    });
    expect(s.points.map((p) => p.plan)).toEqual([95, 95, 96]);
    expect(
      (await trendSeries(t.db.prisma, { code: "02W", name: "NHS Wakefield" }, "ae_4hr")).previousPlan,
    ).toBeUndefined();
  });

  it("draws it grey and short-dashed beside the current plan's dashes, with a legend entry, and says so in words", async () => {
    const s = await trendSeries(t.db.prisma, ccg, "ae_4hr");
    const svg = await trendChartSvg(s);
    const dashed = dashedPaths(svg);
    expect(dashed).toContainEqual(["#768692", "2,3"]); // the earlier plan
    expect(dashed).toContainEqual(["#41b6e6", "6,4"]); // the current plan
    expect(svg).toContain("Plan v1 (earlier)");
    expect(trendAltText(s)).toMatch(
      /The grey short-dashed line is the earlier plan \(version 1\), 92% in Sep 2013; it differs from the current plan in 3 of 3 periods\./,
    );
    // Without an earlier version: neither the line nor its legend entry.
    const { previousPlan: _none, ...only } = s;
    const plain = await trendChartSvg(only as TrendSeries);
    expect(dashedPaths(plain).some(([colour]) => colour === "#768692")).toBe(false);
    expect(plain).not.toContain("earlier");
  });
});
