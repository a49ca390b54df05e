// `status 02N` over Teams: from a signed Bot Framework activity posted to /api/messages to the bot's reply arriving
// at a local fake Bot Connector, 50 at a time. Baseline, in the same run: a bare Teams SDK app (its own express
// adapter, the same token check) whose message handler only sends "ok" to the same fake connector.
// Tokens are signed by the fake connector's key both ways (the SDK fetches its keys through `cloud`); no client
// secret is set, so nothing calls Microsoft's login.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
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
import { startBenchConnector, type BenchConnector } from "./bot-connector";
import { againstBare, CONCURRENCY, warmThenMeasure, cpuMsPerRequest, type LoadRound, REQUESTS } from "./load-figures";
import { type Figure, ms, percentile } from "./measure";

const CLIENT_ID = "00000000-0000-4000-8000-0000000be7c0";
const BOT_ID = `28:${CLIENT_ID}`;
const TENANT = "tenant-bench";
const NOW = new Date("2013-11-20T12:00:00Z");

const servers: Server[] = [];
const listen = (app: express.Express) =>
  new Promise<string>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
    servers.push(server);
  });

let seq = 0;

/** A personal-chat message as Teams sends it (Bot Framework activity schema), from bench user k. */
function message(k: number, text: string, serviceUrl: string) {
  return {
    type: "message",
    id: `${1_600_000_000_000 + ++seq}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: `29:bench-${k}`, aadObjectId: `aad-bench-${k}`, name: `Bench User ${k}` },
    conversation: { id: `a:bench-personal-${k}`, tenantId: TENANT, conversationType: "personal" },
    recipient: { id: BOT_ID, name: "Plan Dialogue" },
    text,
    textFormat: "plain",
    channelData: { tenant: { id: TENANT } },
  };
}

/** REQUESTS messages, CONCURRENCY at a time (each worker its own person and chat); reply and HTTP answer times. */
async function load(url: string, connector: BenchConnector, authorization: string) {
  const reply: number[] = [];
  const answered: number[] = [];
  let next = 0;
  const worker = async (k: number) => {
    while (next < REQUESTS) {
      next++;
      const activity = message(k, "status 02N", connector.serviceUrl);
      const arrived = connector.nextReply(activity.conversation.id);
      const start = performance.now();
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify(activity),
      });
      await res.arrayBuffer();
      answered.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      reply.push((await arrived).at - start);
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => worker(k)));
  return { reply, answered, perSecond: (1000 * REQUESTS) / (performance.now() - started), cpuMs: cpuMsPerRequest(cpu) };
}

/** Our whole bot's HTTP app with the Teams channel, and a bare Teams SDK app, on one fake Bot Connector. */
export async function startTeamsApps(db: Database) {
  await seedReference(db.prisma, { now: NOW });
  await seedDemo(db.prisma, { now: NOW });
  const connector = await startBenchConnector();
  // the bot's own token (sends to the connector) and the connector's token on each inbound request
  const botToken = connector.signToken({ aud: "https://api.botframework.com", appid: CLIENT_ID });
  const authorization = `Bearer ${connector.signToken({ aud: CLIENT_ID, serviceurl: connector.serviceUrl, tid: TENANT })}`;
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
    cloud: connector.cloud,
    token: () => botToken,
    extraServiceUrlHosts: ["127.0.0.1"],
  });
  const app = createHttpApp(db);
  channel.mount(app);
  await channel.start?.();
  const oursUrl = await listen(app);

  // Baseline: the SDK's own express adapter and token check; the handler only says "ok".
  const bareExpress = express();
  const bare = new App({
    clientId: CLIENT_ID,
    clientSecret: "",
    tenantId: "",
    token: () => botToken,
    cloud: connector.cloud,
    httpServerAdapter: new ExpressAdapter(bareExpress),
    logger: sdkLogger(logger, "bare"),
  });
  bare.on("message", async ({ send }) => {
    await send("ok");
  });
  await bare.initialize();
  const bareUrl = await listen(bareExpress);
  return {
    oursUrl,
    bareUrl,
    load: (url: string) => load(url, connector, authorization),
    async close() {
      await channel.stop?.();
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await connector.close();
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
