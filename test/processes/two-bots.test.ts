// Two bot processes (the real `src/main.ts`, as two replicas run it) on one PostgreSQL database, both with their
// scheduler on: both serve signed Slack commands, and a reminder that falls due is posted once, not twice.
// Against a local fake of the Slack Web API. Needs PostgreSQL (TEST_DATABASE_URL); skipped on the embedded one.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../src/core";
import { systemClock } from "../../src/core/time";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";
import { seedReference } from "../../src/db/seed/reference";
import { FakeSlackWebApi } from "../fakes/slack-web-api";
import { SIGNING_SECRET, sign } from "../slack/harness";

const URL_ = process.env.TEST_DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, "../..");
const SCHEMA = `two_bots_${process.pid}`;
const TITLE = "Two-replica test: final plan submission";

let admin: Database | undefined;
let db: Database | undefined;
let fake: FakeSlackWebApi;
const bots: { child: ChildProcess; port: number; exited: Promise<number | null>; output: () => string }[] = [];

/** Starts `src/main.ts` as a replica would run and resolves when it says which port it listens on. */
async function startBot(name: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `${URL_}?schema=${SCHEMA}`,
      SEED_DEMO: "off",
      SCHEDULER: "on",
      // Reminders planned on a weekend or bank holiday fall on the working day before: let those count too.
      REMINDER_CATCH_UP_HOURS: "168",
      SLACK_BOT_TOKEN: "xoxb-two-bots",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      CHART_URL_SECRET: "two-bots-chart-secret",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /up on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      } else if (child.exitCode !== null) reject(new Error(`${name} exited:\n${out}`));
      else setTimeout(check, 100);
    };
    check();
  });
  bots.push({ child, port, exited, output: () => out });
}

async function slashCommand(port: number, text: string) {
  const id = randomUUID();
  const body = new URLSearchParams({
    team_id: "T1",
    user_id: "U_TWO",
    user_name: "two",
    channel_id: "C02N",
    command: "/plan",
    text,
    response_url: fake.responseUrl(id),
    trigger_id: id,
  }).toString();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...sign(body) },
    body,
  });
  expect(res.status).toBe(200);
  return fake.response(id);
}

const until = async (what: string, ok: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

beforeAll(async () => {
  if (!URL_) return;
  fake = await new FakeSlackWebApi().start();
  admin = await openDatabase({ kind: "postgres", url: URL_ });
  await admin.sql.exec(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
  db = await openDatabase({ kind: "postgres", url: URL_, schema: SCHEMA });
  await migrate(db.sql);
  await seedReference(db.prisma);
  // 02N's channel is linked; its deadline reminders go out on the day at 23:59, or at the deadline if earlier.
  const core = createCore(db.prisma, systemClock);
  const who = { platform: "CONSOLE" as const, tenantId: "local", userId: "op" };
  await core.people.register(who, "Q52", "OPERATOR");
  await core.links.linkChannel(
    (await core.people.identify(who))!,
    { platform: "SLACK", tenantId: "T1", channelId: "C02N" },
    "02N",
  );
  await db.prisma.reminderSetting.create({
    data: { organisationCode: "02N", deadlineOffsetsDays: [0], reminderHour: 23, reminderMinute: 59 },
  });
  // A deadline that has just passed (added a week ago): its same-day reminder is due now.
  const now = Date.now();
  await db.prisma.deadline.create({
    data: {
      scope: "CCG",
      organisationCode: "02N",
      title: TITLE,
      dueAt: new Date(now - 60_000),
      source: "test",
      createdAt: new Date(now - 8 * 86_400_000),
    },
  });
  await Promise.all([startBot("bot-1"), startBot("bot-2")]);
}, 120_000);

afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await db?.close();
  await admin?.sql.exec(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin?.close();
  await fake?.stop();
});

describe.skipIf(!URL_)("two bot processes on one PostgreSQL database", () => {
  it("both serve commands; a due reminder is posted once though both schedulers run; both stop cleanly", async () => {
    // Commands to each replica, as a proxy spreads them.
    for (const bot of bots) {
      for (let i = 0; i < 5; i++)
        expect(JSON.stringify(await slashCommand(bot.port, "status 02N"))).toMatch(/02N NHS Airedale/);
    }

    // node-cron ticks each replica at the start of every minute; both plan the same reminder, one sends it.
    const posts = () =>
      fake.calls.filter((c) => c.method === "chat.postMessage" && JSON.stringify(c.body).includes(TITLE));
    await until("the deadline reminder", async () => posts().length > 0, 75_000);
    // Every reminder the replicas planned (the deadline's, and this week's digest for the channel) is sent.
    await until(
      "every delivery sent",
      async () => (await db!.prisma.reminderDelivery.count({ where: { status: { not: "SENT" } } })) === 0,
      30_000,
    );
    // Both replicas ticked in the same minute and raced for the same rows: the claims let one send each.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(posts()).toHaveLength(1);
    const deliveries = await db!.prisma.reminderDelivery.findMany();
    const channelPosts = fake.calls.filter((c) => c.method === "chat.postMessage");
    expect(channelPosts).toHaveLength(deliveries.length);
    expect(deliveries.every((d) => d.status === "SENT")).toBe(true);

    // Both stop on SIGTERM, exit 0.
    for (const bot of bots) bot.child.kill("SIGTERM");
    expect(await Promise.all(bots.map((b) => b.exited))).toEqual([0, 0]);
    // Both replicas' schedulers were running (each logs its replica id at start).
    for (const bot of bots) expect(bot.output()).toMatch(/"scheduler":"[^"]+-\d+"/);
  }, 180_000);
});
