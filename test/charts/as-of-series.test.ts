// A trend series as of a period and with suppressed figures: what the chart of `status … as of …` draws, its link's
// pinned period, its words, and the chart cache telling a suppressed figure from a missing one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChartCache } from "../../src/charts/route";
import { trendAltText, trendSeries } from "../../src/charts/trend-series";
import { parseAsOf } from "../../src/core/indicators/as-of";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { writeStatusFigures } from "../commands/status-figures";

let t: TestDatabase;
const ccg = { code: "02N", name: "NHS Airedale, Wharfedale and Craven CCG" };
const now = new Date("2026-12-02T10:00:00Z");
const day = (d: Date | undefined) => d?.toISOString().slice(0, 10);

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  await writeStatusFigures(t.db.prisma);
});
afterAll(() => t.cleanup());

describe("a trend series as of a period", () => {
  it("ends at the indicator's last period ended by then, by its own kind", async () => {
    const monthly = await trendSeries(t.db.prisma, ccg, "rtt_incomplete_18wk", { asOf: parseAsOf("Dec 2014", now) });
    expect(day(monthly.points.at(-1)?.periodStart)).toBe("2014-12-01");
    expect(day(monthly.latestPeriod)).toBe("2014-12-01");
    const quarterly = await trendSeries(t.db.prisma, ccg, "cancer_62d_gp", { asOf: parseAsOf("Nov 2014", now) });
    expect(quarterly.points.map((p) => day(p.periodStart))).toEqual(["2014-07-01"]);
    const yearly = await trendSeries(t.db.prisma, ccg, "ois_1_1", { asOf: parseAsOf("Dec 2014", now) });
    expect(yearly.points.map((p) => day(p.periodStart))).toEqual(["2013-04-01"]);
  });

  it("leaves a suppressed figure out of the points, keeps it as the period the link is pinned to, and says so", async () => {
    const s = await trendSeries(t.db.prisma, ccg, "rtt_incomplete_18wk", { asOf: parseAsOf("Feb 2015", now) });
    expect(s.points.map((p) => p.value)).toEqual([93, 92.5, 92, 91.5, 91, 90.5, 88]);
    expect(s.suppressed?.map(day)).toEqual(["2015-02-01"]);
    expect(day(s.latestPeriod)).toBe("2015-02-01");
    expect(trendAltText(s)).toMatch(
      /Latest 88% in Jan 2015: RED.*Suppressed by the publisher, so not drawn: Feb 2015\.$/,
    );
    // a pinned link (`until`) and as-of together: the earlier of the two
    const pinned = await trendSeries(t.db.prisma, ccg, "rtt_incomplete_18wk", {
      asOf: parseAsOf("Mar 2015", now),
      until: new Date("2014-10-01T00:00:00Z"),
    });
    expect(day(pinned.latestPeriod)).toBe("2014-10-01");
  });

  it("draws a new chart when a figure becomes suppressed: the cache key sees it", async () => {
    const s = await trendSeries(t.db.prisma, ccg, "rtt_incomplete_18wk", { asOf: parseAsOf("Feb 2015", now) });
    expect(ChartCache.key({ ...s, suppressed: [] })).not.toBe(ChartCache.key(s));
  });
});
