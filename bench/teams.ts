// `status 02N` over Teams: from a signed Bot Framework activity posted to /api/messages to the bot's reply arriving
// at a local fake Bot Connector, 50 at a time. Baseline, in the same run: a bare Teams SDK app (its own express
// adapter, the same token check) whose message handler only sends "ok" to the same fake connector.
// Tokens are signed by the fake connector's key both ways (the SDK fetches its keys through `cloud`); no client
// secret is set, so nothing calls Microsoft's login. The connector, its tokens and the load generator are Teams'
// side, on a worker thread (./teams-side.ts); both apps check each token themselves, on this thread.
import { App, ExpressAdapter } from "@microsoft/teams.apps";
import express from "express";
import { createCore } from "../src/core";
import { fixedClock } from "../src/core/time";
import { plainSqlOf, type Database } from "../src/db/database";
import { seedDemo } from "../src/db/seed/demo";
import { seedReference } from "../src/db/seed/reference";
import { logger } from "../src/logging/logger";
import { createHttpApp } from "../src/server/http";
import { createTeamsChannel } from "../src/teams";
import { sdkLogger } from "../src/teams/teams-app";
import { benchCloud } from "./bot-connector";
import { againstBare, warmThenMeasure, type LoadRound } from "./load-figures";
import { LocalServers, startPlatformSide } from "./platform-side";
import { type Figure, ms, percentile } from "./measure";
import { CLIENT_ID, type TeamsSideReady } from "./teams-side";

const NOW = new Date("2013-11-20T12:00:00Z");

/** Our whole bot's HTTP app with the Teams channel, and a bare Teams SDK app, on one fake Bot Connector. */
export async function startTeamsApps(db: Database) {
  await seedReference(db.prisma, { now: NOW });
  await seedDemo(db.prisma, { now: NOW });
  const side = await startPlatformSide<TeamsSideReady, { reply: number[]; answered: number[]; perSecond: number }>(
    "./teams-side.ts",
  );
  const servers = new LocalServers();
  const { botToken } = side.ready;
  const cloud = benchCloud(side.ready.connectorUrl);
  // Ours: the whole bot's HTTP app with the Teams channel mounted, authenticated as in production.
  const core = createCore(db.prisma, fixedClock(NOW), plainSqlOf(db)); // as the app (bootstrap.ts)
  const channel = createTeamsChannel({
    config: {
      TEAMS_CLIENT_ID: CLIENT_ID,
      TEAMS_CLIENT_SECRET: undefined,
      TEAMS_TENANT_ID: undefined,
      TEAMS_DEV_UNAUTHENTICATED: false,
    },
    core,
    logger,
    cloud,
    token: () => botToken,
    extraServiceUrlHosts: ["127.0.0.1"],
  });
  const app = createHttpApp(db);
  channel.mount(app);
  await channel.start?.();
  const oursUrl = await servers.listen(app);

  // Baseline: the SDK's own express adapter and token check; the handler only says "ok".
  const bareExpress = express();
  const bare = new App({
    clientId: CLIENT_ID,
    clientSecret: "",
    tenantId: "",
    token: () => botToken,
    cloud,
    httpServerAdapter: new ExpressAdapter(bareExpress),
    logger: sdkLogger(logger, "bare"),
  });
  bare.on("message", async ({ send }) => {
    await send("ok");
  });
  await bare.initialize();
  const bareUrl = await servers.listen(bareExpress);
  return {
    oursUrl,
    bareUrl,
    load: side.load,
    async close() {
      await channel.stop?.();
      await servers.close();
      await side.stop();
    },
  };
}

export async function benchTeams(db: Database, label: string): Promise<Figure[]> {
  const { oursUrl, bareUrl, load, close } = await startTeamsApps(db);
  try {
    const { ours, base } = await warmThenMeasure(load, oursUrl, bareUrl);
    const p = (xs: number[], q: number) => percentile(xs, q);
    const round = (r: typeof ours): LoadRound => ({ waits: r.reply, cpuMs: r.cpuMs, perSecond: r.perSecond });
    return [
      ...againstBare(
        { name: "Teams status 02N", timed: "activity → reply at connector", bare: "bare Teams SDK" },
        label,
        round(ours),
        round(base),
      ),
      {
        name: `Teams HTTP answer p99 (${label})`,
        value: ms(p(ours.answered, 99)),
        baseline: `${ms(p(base.answered, 99))} bare Teams SDK`,
        target: "inside Teams' 15 s",
        ok: p(ours.answered, 99) < 5000,
      },
    ];
  } finally {
    await close();
  }
}
