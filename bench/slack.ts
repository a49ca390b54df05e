// `/plan status` over Slack: from a signed request to the answer posted on response_url, 50 at a time.
// Baseline, in the same run: a bare Bolt app that only acks and answers "ok" through the same fake API.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import { loadConfig } from "../src/config";
import { createCore } from "../src/core";
import { fixedClock } from "../src/core/time";
import { plainSqlOf, type Database } from "../src/db/database";
import { seedDemo } from "../src/db/seed/demo";
import { seedReference } from "../src/db/seed/reference";
import { logger } from "../src/logging/logger";
import { createHttpApp } from "../src/server/http";
import { createSlackChannel } from "../src/slack/app";
import { againstBare, warmThenMeasure, cpuMsPerRequest, type LoadRound } from "./load-figures";
import { type Figure, ms, percentile } from "./measure";
import { SECRET } from "./slack-side";

const NOW = new Date("2013-11-20T12:00:00Z");

/** Servers this benchmark opened: closed at its end, or the process would never exit. */
const servers: Server[] = [];
const listen = (app: { listen: (port: number, host: string, cb: () => void) => Server }) =>
  new Promise<string>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
    servers.push(server);
  });

/** Slack's side (the load generator and the fake Web API) on a worker thread: see ./slack-side.ts. */
async function startSlackSide() {
  // A worker does not inherit tsx's hooks on Node 20: it registers them before it imports the .ts.
  const entry = JSON.stringify(new URL("./slack-side.ts", import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const side = new Worker(`import(${tsx}).then((t) => { t.register(); return import(${entry}); })`, { eval: true });
  const { apiUrl } = await new Promise<{ apiUrl: string }>((resolve) => side.once("message", resolve));
  return {
    apiUrl,
    /** One round of the load at `url`: answer and ack times; CPU per request is this process's, both threads'. */
    async load(url: string) {
      const cpu = process.cpuUsage();
      side.postMessage({ load: url });
      const round = await new Promise<{ answer: number[]; ack: number[]; perSecond: number }>((resolve, reject) => {
        side.once("error", reject);
        side.once("message", (done) => {
          side.off("error", reject);
          resolve(done);
        });
      });
      return { ...round, cpuMs: cpuMsPerRequest(cpu) };
    },
    async stop() {
      side.postMessage({ stop: true });
      await new Promise((resolve) => side.once("exit", resolve));
    },
  };
}

/** Our whole bot's HTTP app with the Slack channel, and a bare Bolt app, on one fake Slack Web API. */
export async function startSlackApps(db: Database) {
  await seedReference(db.prisma, { now: NOW });
  await seedDemo(db.prisma, { now: NOW });
  const side = await startSlackSide();
  const quiet = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
    setLevel: () => {},
    getLevel: () => LogLevel.ERROR,
    setName: () => {},
  };
  // Ours: the whole bot's HTTP app with the Slack channel mounted.
  const core = createCore(db.prisma, fixedClock(NOW), plainSqlOf(db)); // as the app (bootstrap.ts)
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: side.apiUrl,
  });
  const app = createHttpApp(db);
  createSlackChannel({ config, core, logger }).mount(app);
  const oursUrl = await listen(app);

  // Baseline: bare Bolt, same receiver, same fake API.
  const receiver = new ExpressReceiver({ signingSecret: SECRET, endpoints: "/slack/events", logger: quiet });
  const bare = new App({ token: "xoxb-bench", receiver, clientOptions: { slackApiUrl: side.apiUrl }, logger: quiet });
  bare.command("/plan", async ({ ack, respond }) => {
    await ack();
    await respond({ text: "ok" });
  });
  const bareUrl = await listen(receiver.app);
  return {
    oursUrl,
    bareUrl,
    load: side.load,
    async close() {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await side.stop();
    },
  };
}

export async function benchSlack(db: Database, label: string): Promise<Figure[]> {
  const { oursUrl, bareUrl, close, load } = await startSlackApps(db);
  try {
    const { ours, base } = await warmThenMeasure(load, oursUrl, bareUrl);
    const p = (xs: number[], q: number) => percentile(xs, q);
    const round = (r: typeof ours): LoadRound => ({ waits: r.answer, cpuMs: r.cpuMs, perSecond: r.perSecond });
    return [
      ...againstBare({ name: "Slack /plan status", bare: "bare Bolt" }, label, round(ours), round(base)),
      {
        name: `Slack ack p99 (${label})`,
        value: ms(p(ours.ack, 99)),
        baseline: `${ms(p(base.ack, 99))} bare Bolt`,
        target: "far inside 3 s",
        ok: p(ours.ack, 99) < 1000,
      },
    ];
  } finally {
    await close();
  }
}
