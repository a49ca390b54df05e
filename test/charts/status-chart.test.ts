// `status <ccg> <indicator>` in the console: the chart in words under the one indicator's row; a whole CCG or a
// framework gets no chart. The chart cache keeps only as many renders as it is allowed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChartCache } from "../../src/charts/route";
import { trendAltText, trendSeries } from "../../src/charts/trend-series";
import { ConsoleChannel } from "../../src/console/console-channel";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let core: Core;

beforeAll(async () => {
  t = await seededTestDatabase({ demo: true });
  core = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW));
});
afterAll(() => t.cleanup());

describe("the trend chart in the console", () => {
  it("prints the chart's words for one indicator, and nothing for many", async () => {
    const ccg = (await core.organisations.byCode("02N"))!;
    const alt = trendAltText(await trendSeries(core.prisma, ccg, "ae_4hr"));
    const one = await new ConsoleChannel(core).run("status 02N ae_4hr");
    expect(one.text).toContain(`Chart: ${alt}`);
    expect(alt).toMatch(/Latest .* in Sep 2013: (RED|AMBER|GREEN) against a standard of 95%/);

    expect((await new ConsoleChannel(core).run("status 02N")).text).not.toContain("Chart:");
    expect((await new ConsoleChannel(core).run("status 02N constitution")).text).not.toContain("Chart:");
  });
});

describe("the chart cache", () => {
  it("draws a chart once, and drops the least recently used beyond its size", async () => {
    const ccg = (await core.organisations.byCode("02N"))!;
    const [ae, trolley] = await Promise.all(["ae_4hr", "ae_12hr_trolley"].map((c) => trendSeries(core.prisma, ccg, c)));
    const cache = new ChartCache(1);
    expect((await cache.get(ae!)).hit).toBe(false);
    expect((await cache.get(ae!)).hit).toBe(true);
    expect((await cache.get(trolley!)).hit).toBe(false);
    expect(cache.size).toBe(1);
    expect((await cache.get(ae!)).hit).toBe(false);
    // New figures for the same period draw a new chart.
    const revised = {
      ...ae!,
      points: ae!.points.map((p, i, all) => (i === all.length - 1 ? { ...p, value: p.value + 1 } : p)),
    };
    expect(ChartCache.key(revised)).not.toBe(ChartCache.key(ae!));
  });
});
