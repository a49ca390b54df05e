// `/plan status` over Slack: from a signed request to the answer posted on response_url, 50 at a time.
// Baseline, in the same run: a bare Bolt app that only acks and answers "ok" through the same fake API.
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
import { againstBare, warmThenMeasure, type LoadRound } from "./load-figures";
import { LocalServers, startPlatformSide } from "./platform-side";
import { type Figure, ms, percentile } from "./measure";
import { SECRET } from "./slack-side";

const NOW = new Date("2013-11-20T12:00:00Z");

/** Our whole bot's HTTP app with the Slack channel, and a bare Bolt app, on one fake Slack Web API. */
export async function startSlackApps(db: Database) {
  await seedReference(db.prisma, { now: NOW });
  await seedDemo(db.prisma, { now: NOW });
  const side = await startPlatformSide<{ apiUrl: string }, { answer: number[]; ack: number[]; perSecond: number }>(
    "./slack-side.ts",
  );
  const servers = new LocalServers();
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
    SLACK_API_URL: side.ready.apiUrl,
  });
  const app = createHttpApp(db);
  createSlackChannel({ config, core, logger }).mount(app);
  const oursUrl = await servers.listen(app);

  // Baseline: bare Bolt, same receiver, same fake API.
  const receiver = new ExpressReceiver({ signingSecret: SECRET, endpoints: "/slack/events", logger: quiet });
  const bare = new App({
    token: "xoxb-bench",
    receiver,
    clientOptions: { slackApiUrl: side.ready.apiUrl },
    logger: quiet,
  });
  bare.command("/plan", async ({ ack, respond }) => {
    await ack();
    await respond({ text: "ok" });
  });
  const bareUrl = await servers.listen(receiver.app);
  return {
    oursUrl,
    bareUrl,
    load: side.load,
    async close() {
      await servers.close();
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
