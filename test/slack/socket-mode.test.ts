// Slack over Socket Mode (SLACK_APP_TOKEN): the real Bolt app opens its connection through the (fake) Web API's
// apps.connections.open, receives envelopes on a local WebSocket, acks each one, and answers on response_url;
// a discussion opened this way is in the database. No public URL is needed, which is why deployers behind a
// firewall choose it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createSlackChannel } from "../../src/slack/app";
import { FakeSlackSocketMode } from "../fakes/slack-socket-mode";
import { FakeSlackWebApi } from "../fakes/slack-web-api";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";
import { textOf } from "./harness";

let api: FakeSlackWebApi;
let socket: FakeSlackSocketMode;
let database: TestDatabase;
let core: Core;
let slack: ReturnType<typeof createSlackChannel>;

beforeAll(async () => {
  socket = await new FakeSlackSocketMode().start();
  api = await new FakeSlackWebApi().start();
  api.socketModeUrl = socket.url;
  database = await seededTestDatabase({ demo: true });
  core = createCore(database.db.prisma, fixedClock(TEST_SEED_NOW));
  await core.people.register(
    { platform: "SLACK", tenantId: "T1", userId: "UJO", displayName: "Jo Smith" },
    "02N",
    "ADMIN",
  );
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_APP_TOKEN: "xapp-1-test-app-token",
    SLACK_API_URL: api.apiUrl,
  });
  slack = createSlackChannel({ config, core, logger });
  slack.mount(createHttpApp(database.db)); // Socket Mode adds no route: nothing is reachable from outside
  await slack.start!();
  await socket.connected;
});
afterAll(async () => {
  await slack?.stop?.();
  await socket?.stop();
  await api?.stop();
  await database?.cleanup();
});

/** `/plan <text>` as Slack delivers it over the socket: the envelope's payload is the slash command's fields. */
async function plan(text: string) {
  const responseId = randomUUID();
  const ack = await socket.send("slash_commands", {
    token: "legacy",
    team_id: "T1",
    team_domain: "nhs",
    channel_id: "C02N",
    channel_name: "planning",
    user_id: "UJO",
    user_name: "jo",
    command: "/plan",
    text,
    api_app_id: "A1",
    response_url: api.responseUrl(responseId),
    trigger_id: randomUUID(),
  });
  return { ack, answer: await api.response(responseId) };
}

describe("Slack over Socket Mode", () => {
  it("opens its connection with the app-level token, through the configured Web API", () => {
    const opens = api.calls.filter((c) => c.method === "apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe("xapp-1-test-app-token");
    expect(socket.connections).toBe(1);
  });

  it("acks a /plan envelope and answers `status 02N` on response_url", async () => {
    const { ack, answer } = await plan("status 02N");
    expect(ack.envelope_id).toBeTruthy();
    expect(answer).toMatchObject({ response_type: "ephemeral" });
    expect(textOf(answer)).toMatch(/02N NHS Airedale, Wharfedale and Craven CCG/);
  });

  it("opens a discussion that is kept in the database", async () => {
    const { answer } = await plan("discuss 02N Socket Mode winter plan");
    expect(textOf(answer)).toMatch(/D\d+/);
    expect(await database.db.prisma.discussion.count({ where: { topic: "Socket Mode winter plan" } })).toBe(1);
  });

  it("answers bad input helpfully, over the socket too", async () => {
    const { answer } = await plan("status 02NN");
    expect(textOf(answer)).toMatch(/I don't know a CCG called "02NN"[\s\S]*Did you mean/);
  });
});
