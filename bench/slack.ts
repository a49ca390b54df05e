// `/plan status` over Slack: from a signed request to the answer posted on response_url, 50 at a time.
// Baseline, in the same run: a bare Bolt app that only acks and answers "ok" through the same fake API.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import { loadConfig } from "../src/config";
import { createCore } from "../src/core";
import { fixedClock } from "../src/core/time";
import type { Database } from "../src/db/database";
import { seedDemo } from "../src/db/seed/demo";
import { seedReference } from "../src/db/seed/reference";
import { logger } from "../src/logging/logger";
import { createHttpApp } from "../src/server/http";
import { createSlackChannel } from "../src/slack/app";
import { FakeSlackWebApi } from "../test/fakes/slack-web-api";
import { sign } from "../test/slack/harness";
import { againstBare, CONCURRENCY, warmThenMeasure, cpuMsPerRequest, type LoadRound, REQUESTS } from "./load-figures";
import { type Figure, ms, percentile } from "./measure";

const SECRET = "bench-signing-secret";
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

/** Fires REQUESTS signed `/plan status …` commands, CONCURRENCY at a time; returns answer and ack times. */
async function load(url: string, fake: FakeSlackWebApi) {
  const answer: number[] = [];
  const ack: number[] = [];
  const ccgs = ["02N", "02W", "00C", "00D", "03N", "02X"];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const i = next++;
      const id = randomUUID();
      const body = new URLSearchParams({
        team_id: "T1",
        user_id: "U1",
        user_name: "bench",
        channel_id: "C1",
        command: "/plan",
        text: `status ${ccgs[i % ccgs.length]}`,
        response_url: fake.responseUrl(id),
        trigger_id: id,
      }).toString();
      const start = performance.now();
      const res = await fetch(`${url}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...sign(body, Math.floor(Date.now() / 1000), SECRET),
        },
        body,
      });
      ack.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      await fake.response(id);
      answer.push(performance.now() - start);
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { answer, ack, perSecond: (1000 * REQUESTS) / (performance.now() - started), cpuMs: cpuMsPerRequest(cpu) };
}

/** Our whole bot's HTTP app with the Slack channel, and a bare Bolt app, on one fake Slack Web API. */
export async function startSlackApps(db: Database) {
  await seedReference(db.prisma, { now: NOW });
  await seedDemo(db.prisma, { now: NOW });
  const fake = await new FakeSlackWebApi().start();
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
  const core = createCore(db.prisma, fixedClock(NOW), { versionSql: db.versionSql }); // as the app (bootstrap.ts)
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  const app = createHttpApp(db);
  createSlackChannel({ config, core, logger }).mount(app);
  const oursUrl = await listen(app);

  // Baseline: bare Bolt, same receiver, same fake API.
  const receiver = new ExpressReceiver({ signingSecret: SECRET, endpoints: "/slack/events", logger: quiet });
  const bare = new App({ token: "xoxb-bench", receiver, clientOptions: { slackApiUrl: fake.apiUrl }, logger: quiet });
  bare.command("/plan", async ({ ack, respond }) => {
    await ack();
    await respond({ text: "ok" });
  });
  const bareUrl = await listen(receiver.app);
  return {
    oursUrl,
    bareUrl,
    load: (url: string) => load(url, fake),
    async close() {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await fake.stop();
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
