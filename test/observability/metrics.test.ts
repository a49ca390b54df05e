// /metrics over real HTTP: what an operator's Prometheus scrapes after the bot has answered commands, served
// requests, sent reminders and imported rows. Counts are read back from the text exposition format.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../src/console/console-channel";
import { Readable } from "node:stream";
import { importRows, readRowsCsv } from "../../src/sources/import";
import { Scheduler } from "../../src/scheduler/scheduler";
import { SendError } from "../../src/scheduler/sender";
import { createHttpApp } from "../../src/server/http";
import { FakeSlackSender, schedulerWorld } from "../scheduler/support";
import { testDatabaseKind } from "../support/test-database";

const onPostgres = () => testDatabaseKind() === "postgres";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
let server: Server;
let base: string;

beforeAll(async () => {
  // Monday 18 March 2013, 08:50 London: the 08:30 weekly digests are due, and 20 minutes late.
  world = await schedulerWorld("2013-03-18T08:50:00Z");
  await world.link("C02N", "02N");
  await world.link("CQ52", "Q52");
  const app = createHttpApp(world.db);
  // A router mounted on a path, as the tab's API is: its label is the whole pattern.
  const things = express.Router();
  things.get("/items/:id", async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    res.json({});
  });
  app.use("/api/things", things);
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await world?.cleanup();
});

async function scrape(init?: RequestInit): Promise<string> {
  const res = await fetch(`${base}/metrics`, init);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one series, whatever the order of its labels; undefined when absent. */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe("/metrics", () => {
  it("counts commands by platform, command and outcome, with their duration", async () => {
    const channel = new ConsoleChannel(world.core);
    await channel.run("status 02N");
    await channel.run("help");
    await channel.run("help status");
    await channel.run("frobnicate 02N");
    await channel.run("agree A999"); // needs a person: rejected

    const text = await scrape();
    const commands = (command: string, outcome: string) =>
      value(text, "plan_commands_total", { platform: "console", command, outcome });
    expect(commands("status", "ok")).toBe(1);
    expect(commands("help", "ok")).toBe(2);
    expect(commands("unknown", "rejected")).toBe(1);
    expect(commands("agree", "rejected")).toBe(1);
    expect(value(text, "plan_command_duration_seconds_count", { platform: "console", command: "help" })).toBe(2);
    expect(text).toContain("# TYPE plan_command_duration_seconds histogram");
    // Node's own metrics, for memory and event-loop lag.
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{app="plan-dialogue"\} /m);
  });

  it("counts HTTP requests by route pattern and status", async () => {
    await fetch(`${base}/healthz`);
    await fetch(`${base}/healthz?probe=1`);
    await fetch(`${base}/no/such/page/${Math.random()}`);
    await fetch(`${base}/api/things/items/1`);
    await fetch(`${base}/api/things/items/2?x=y`);
    const text = await scrape();
    expect(value(text, "plan_http_requests_total", { route: "/healthz", status: "200" })).toBe(2);
    // Paths nobody routes share one label, so a scanner cannot make a series per URL.
    expect(value(text, "plan_http_requests_total", { route: "unmatched", status: "404" })).toBe(1);
    expect(value(text, "plan_http_request_duration_seconds_count", { route: "/healthz" })).toBe(2);
    expect(value(text, "plan_http_requests_total", { route: "/api/things/items/:id", status: "200" })).toBe(2);
  });

  it("counts deliveries by platform and outcome: late sends, retries and skipped ones", async () => {
    // A CCG deadline of Friday 15 March: its 09:00 reminders on the 14th and 15th were missed while the bot was down,
    // more than the catch-up limit (12 hours) ago, so they are recorded as skipped, not sent.
    await world.db.prisma.deadline.create({
      data: {
        scope: "CCG",
        organisationCode: "02N",
        title: "Draft operating plan",
        dueAt: new Date("2013-03-15T17:00:00Z"),
        source: "metrics test",
        createdAt: new Date("2013-03-01T09:00:00Z"),
      },
    });
    const sender = new FakeSlackSender(world.clock);
    sender.failures = [new SendError("transient", "Slack answered 503")];
    const tick = await new Scheduler(world.core, [sender]).tick();
    expect(sender.sent).toHaveLength(1);
    const skipped = await world.db.prisma.reminderDelivery.count({ where: { status: "SKIPPED" } });
    expect(skipped).toBeGreaterThan(0);
    expect(tick.skipped).toBe(skipped);

    const text = await scrape();
    expect(value(text, "plan_deliveries_total", { platform: "slack", outcome: "late" })).toBe(1);
    expect(value(text, "plan_deliveries_total", { platform: "slack", outcome: "retried" })).toBe(1);
    expect(value(text, "plan_deliveries_total", { platform: "slack", outcome: "sent" })).toBeUndefined();
    expect(value(text, "plan_deliveries_total", { platform: "slack", outcome: "skipped" })).toBe(skipped);
  });

  it("counts imported rows by kind and outcome", async () => {
    const csv = (...lines: string[]) => Readable.from([["organisation,indicator,period,value", ...lines].join("\n")]);
    const rows = (lines: string[]) => readRowsCsv(csv(...lines), () => undefined, [], "values");
    const now = world.clock.now();
    // valid-rows mode: two in, one rejected (a percentage of 140)
    await importRows(world.db, rows(["02N,ae_4hr,2013-01,93", "02N,ae_4hr,2013-02,94", "02N,ae_4hr,2013-03,140"]), {
      kind: "values",
      source: "metrics-test",
      mode: "valid-rows",
      now,
    });
    // all-or-nothing with a bad row: nothing accepted, one rejected
    await importRows(world.db, rows(["02N,ae_4hr,2013-04,95", "02N,ae_4hr,2013-05,-1"]), {
      kind: "values",
      source: "metrics-test",
      mode: "all-or-nothing",
      now,
    });
    const text = await scrape();
    expect(value(text, "plan_import_rows_total", { kind: "values", outcome: "accepted" })).toBe(2);
    expect(value(text, "plan_import_rows_total", { kind: "values", outcome: "rejected" })).toBe(2);
  });
});

describe.runIf(onPostgres())("/metrics on PostgreSQL", () => {
  it("shows the query pool's connections: none in use once the work is done", async () => {
    await new ConsoleChannel(world.core).run("status 02N");
    const text = await scrape();
    expect(value(text, "plan_db_pool_connections", { state: "in_use" })).toBe(0);
    expect(value(text, "plan_db_pool_connections", { state: "idle" })).toBeGreaterThan(0);
    expect(value(text, "plan_db_pool_connections", { state: "waiting" })).toBe(0);
  });
});

describe("/metrics with a token", () => {
  it("answers only a request that brings it", async () => {
    const app = createHttpApp(world.db, { metricsToken: "s3cret-metrics-token" });
    const guarded: Server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: "Bearer s3cret-metrics-token" } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("plan_commands_total");
    } finally {
      await new Promise((resolve) => guarded.close(resolve));
    }
  });
});
