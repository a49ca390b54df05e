// GET /charts/<ccg>/<indicator>.png?exp=…&sig=…: the trend chart image that status links to from Slack, Teams and
// the tab. Slack's and Teams' image proxies fetch a link more than once (and from several places at once), and a
// render costs about a tenth of a second of CPU, so rendered PNGs are kept in memory per (CCG, indicator, data).
import { createHash } from "node:crypto";
import { Router, type Express } from "express";
import type { Config } from "../config";
import type { Core } from "../core";
import { DomainError } from "../core/errors";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "../server/channel-plugin";
import { gridTable } from "../reply/views/grid";
import { renderGridChart } from "./grid-chart";
import { ChartLinks, GRID_LINK, chartSecret } from "./links";
import { renderTrendChart, type TrendChart } from "./trend-chart";
import { trendSeries, type TrendSeries } from "./trend-series";

/** About 100 KB a PNG: a few MB at most. Plenty for the CCGs and indicators people ask about in a day. */
const CACHE_ENTRIES = 64;

/** Keeps the last `max` renders, least recently used out first; a render in flight is shared, not repeated. */
export class ChartCache {
  private readonly entries = new Map<string, Promise<TrendChart>>();

  constructor(private readonly max = CACHE_ENTRIES) {}

  /** The key: CCG, indicator, the latest period and a digest of the figures, so a new month or a revised value
   * draws a new chart and nothing else does. */
  static key(s: TrendSeries): string {
    const latest = s.points.at(-1)?.periodStart.toISOString().slice(0, 10) ?? "none";
    const digest = createHash("sha256")
      .update(JSON.stringify([s.indicator, s.points, s.suppressed ?? [], s.previousPlan ?? null]))
      .digest("base64url")
      .slice(0, 16);
    return `${s.ccg.code}/${s.indicator.code}/${latest}/${digest}`;
  }

  get size() {
    return this.entries.size;
  }

  async get(s: TrendSeries): Promise<{ chart: TrendChart; hit: boolean }> {
    const key = ChartCache.key(s);
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return { chart: await cached, hit: true };
    }
    const rendering = renderTrendChart(s);
    this.entries.set(key, rendering);
    rendering.catch(() => this.entries.delete(key));
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return { chart: await rendering, hit: false };
  }
}

export interface ChartRouteOptions {
  core: Core;
  links: ChartLinks;
  logger: Logger;
  cache?: ChartCache;
}

export function chartRouter({ core, links, logger, cache = new ChartCache() }: ChartRouteOptions): Router {
  const router = Router();
  // A grid's picture (Slack): drawn from the figures when fetched; the platforms fetch it once when the message
  // arrives and keep it. Before the trend route, whose pattern it also matches.
  const grids = new Map<string, Buffer>();
  router.get(`/charts/${GRID_LINK}/:scope.png`, async (req, res) => {
    const { scope } = req.params;
    const check = links.check(GRID_LINK, scope, req.query);
    if (check !== "ok") {
      res
        .status(403)
        .type("text")
        .send(check === "expired" ? "This chart link has expired: ask the bot again." : "Not a chart link.");
      return;
    }
    try {
      const table = gridTable(await core.grids.gridOf(scope, core.clock.now()));
      const key = createHash("sha256").update(JSON.stringify(table)).digest("base64url");
      let png = grids.get(key);
      const hit = !!png;
      if (!png) {
        png = renderGridChart(table).png;
        grids.set(key, png);
        while (grids.size > 16) grids.delete(grids.keys().next().value!);
      }
      res
        .status(200)
        .type("png")
        .set("Cache-Control", "public, max-age=3600")
        .set("X-Chart-Cache", hit ? "hit" : "miss")
        .send(png);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "not-found") {
        res.status(404).type("text").send(error.userMessage);
        return;
      }
      logger.error({ err: error, scope }, "grid chart failed");
      res.status(500).type("text").send("The grid could not be drawn.");
    }
  });
  router.get("/charts/:ccg/:indicator.png", async (req, res) => {
    const { ccg: ccgCode, indicator } = req.params;
    // The signature first: without a link the bot made, nobody learns even whether a CCG exists.
    const check = links.check(ccgCode, indicator, req.query);
    if (check !== "ok") {
      res
        .status(403)
        .type("text")
        .send(check === "expired" ? "This chart link has expired: ask the bot again." : "Not a chart link.");
      return;
    }
    try {
      const ccg = await core.organisations.byCode(ccgCode);
      if (!ccg || ccg.kind !== "CCG") {
        res.status(404).type("text").send(`No CCG ${ccgCode}.`);
        return;
      }
      const upto = typeof req.query.upto === "string" && req.query.upto ? new Date(req.query.upto) : undefined;
      const { chart, hit } = await cache.get(await trendSeries(core.prisma, ccg, indicator, { until: upto }));
      res
        .status(200)
        .type("png")
        // An hour: new figures arrive monthly, and a repeated fetch within the hour needs no round trip.
        .set("Cache-Control", "public, max-age=3600")
        .set("X-Chart-Cache", hit ? "hit" : "miss")
        .send(chart.png);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "not-found") {
        res.status(404).type("text").send(error.userMessage);
        return;
      }
      logger.error({ err: error, ccg: ccgCode, indicator }, "chart failed");
      res.status(500).type("text").send("The chart could not be drawn.");
    }
  });
  return router;
}

export interface ChartPluginOptions {
  config: Pick<Config, "PUBLIC_URL" | "CHART_URL_SECRET">;
  core: Core;
  logger: Logger;
}

/** Serves chart images and gives the core the links to them (status puts them in its replies). */
export function createChartPlugin({ config, core, logger }: ChartPluginOptions): ChannelPlugin & { links: ChartLinks } {
  const log = logger.child({ channel: "charts" });
  const { secret, random } = chartSecret(config.CHART_URL_SECRET);
  if (random) {
    log.warn(
      "CHART_URL_SECRET is not set: chart links are signed with a random secret of this process, so they stop " +
        "working at a restart and one replica's links fail on another. Set it to the same long random string everywhere.",
    );
  }
  if (!config.PUBLIC_URL) {
    log.info("no PUBLIC_URL: Slack and Teams show a chart's description instead of the image");
  }
  const links = new ChartLinks({ secret, publicUrl: config.PUBLIC_URL, clock: core.clock });
  // Links are only handed out by a process that serves them, so a reply never points at a route nobody mounted.
  core.charts = links;
  return {
    name: "charts",
    links,
    mount(app: Express) {
      app.use(chartRouter({ core, links, logger: log }));
    },
  };
}
