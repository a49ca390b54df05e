// Installing the app in another workspace through OAuth: the install is stored, that workspace's requests are
// authorised with its own bot token, and reminders to its channels use that token.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createSlackChannel, type SlackChannel } from "../../src/slack/app";
import { FakeSlackWebApi } from "../fakes/slack-web-api";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";
import { Sealer } from "../../src/core/installations/seal";
import { sign } from "./harness";

let fake: FakeSlackWebApi;
let database: TestDatabase;
let core: Core;
let slack: SlackChannel;
let server: Server;
let url = "";
const INSTALLATION_KEY = "0123456789abcdef0123456789abcdef-test-key";

beforeAll(async () => {
  fake = await new FakeSlackWebApi().start();
  database = await seededTestDatabase({ demo: false });
  core = createCore(database.db.prisma, fixedClock(TEST_SEED_NOW));
  const config = loadConfig({
    SLACK_CLIENT_ID: "111.222",
    SLACK_CLIENT_SECRET: "client-secret",
    SLACK_STATE_SECRET: "state-secret-0123456789abcdef0123456789",
    SLACK_INSTALLATION_KEY: INSTALLATION_KEY,
    SLACK_SIGNING_SECRET: "test-signing-secret-123",
    SLACK_API_URL: fake.apiUrl,
  });
  const app = createHttpApp(database.db);
  slack = createSlackChannel({ config, core, logger });
  slack.mount(app);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.stop();
  await database.cleanup();
});

describe("Slack OAuth install", () => {
  it("needs its secrets named in configuration", () => {
    expect(() =>
      loadConfig({ SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "x", SLACK_SIGNING_SECRET: "12345678" }),
    ).toThrow(/SLACK_STATE_SECRET is required when SLACK_CLIENT_ID is set[\s\S]*SLACK_INSTALLATION_KEY is required/);
  });

  it("stores an install, then serves that workspace with its own token", async () => {
    const install = await fetch(`${url}/slack/install`, { redirect: "manual" });
    expect(install.status).toBe(302);
    const location = new URL(install.headers.get("location")!);
    expect(location.searchParams.get("client_id")).toBe("111.222");
    const state = location.searchParams.get("state")!;
    const cookie = install.headers.get("set-cookie")!.split(";")[0]!;

    const done = await fetch(`${url}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: "manual",
    });
    expect(done.status).toBeLessThan(400);
    // Kept sealed: the bot token is nowhere in the stored row, and the record opens only with the key, as T9's.
    const stored = await database.db.prisma.slackInstallation.findUniqueOrThrow({ where: { id: "T9" } });
    expect(JSON.stringify(stored)).not.toMatch(/xoxb-/);
    expect(stored.installation).toMatchObject({ sealed: expect.stringMatching(/^v1\./) });
    expect(new Sealer(INSTALLATION_KEY).open("T9", stored.installation as { sealed: string })).toMatchObject({
      team: { id: "T9" },
      bot: { token: "xoxb-installed-abc" },
    });
    expect(() => new Sealer(INSTALLATION_KEY).open("T8", stored.installation as { sealed: string })).toThrow(
      /cannot be opened/,
    );
    expect(() =>
      new Sealer("another-key-0123456789abcdef0123456789").open("T9", stored.installation as { sealed: string }),
    ).toThrow(/SLACK_INSTALLATION_KEY is not the key it was saved with/);

    // A command from the new workspace is answered.
    const id = randomUUID();
    const body = new URLSearchParams({
      team_id: "T9",
      user_id: "U1",
      user_name: "x",
      channel_id: "C9",
      command: "/plan",
      text: "help",
      response_url: fake.responseUrl(id),
      trigger_id: id,
    }).toString();
    const res = await fetch(`${url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...sign(body) },
      body,
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await fake.response(id))).toMatch(/Plan Dialogue/);

    // A reminder to a channel of that workspace goes with that workspace's token.
    await core.people.register({ platform: "CONSOLE", tenantId: "local", userId: "op" }, "Q52", "OPERATOR");
    const op = (await core.people.identify({ platform: "CONSOLE", tenantId: "local", userId: "op" }))!;
    await core.links.linkChannel(op, { platform: "SLACK", tenantId: "T9", channelId: "C9" }, "02N");
    await slack.sender.send(
      { kind: "channel", channelId: "C9" },
      { summary: "hello", blocks: [], visibility: "channel" },
    );
    expect(fake.calls.filter((c) => c.method === "chat.postMessage").at(-1)?.token).toBe("xoxb-installed-abc");
    await expect(
      slack.sender.send(
        { kind: "channel", channelId: "CUNKNOWN" },
        { summary: "x", blocks: [], visibility: "channel" },
      ),
    ).rejects.toMatchObject({ failure: "permanent" });
  });

  it("still reads an install saved before tokens were sealed, and seals it when it is saved again", async () => {
    const plain = {
      team: { id: "T7" },
      bot: { token: "xoxb-older-install", userId: "UB" },
      isEnterpriseInstall: false,
    };
    await database.db.prisma.slackInstallation.create({ data: { id: "T7", teamId: "T7", installation: plain } });
    expect(await core.installations.find({ teamId: "T7", orgWide: false })).toMatchObject(plain);
    await core.installations.save({ teamId: "T7", orgWide: false }, plain);
    const row = await database.db.prisma.slackInstallation.findUniqueOrThrow({ where: { id: "T7" } });
    expect(JSON.stringify(row)).not.toMatch(/xoxb-/);
    expect(await core.installations.find({ teamId: "T7", orgWide: false })).toMatchObject(plain);
  });
});
