// The real Slack channel on a real HTTP server, a fake Slack Web API at the network edge, and requests
// signed exactly as Slack signs them (v0 HMAC-SHA256 of "v0:{timestamp}:{body}").
import { createHmac, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createSlackChannel, SLACK_EVENTS_PATH } from "../../src/slack/app";
import { FakeSlackWebApi } from "../fakes/slack-web-api";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

export const SIGNING_SECRET = "test-signing-secret-123";

export function sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature };
}

export interface SlackUser {
  teamId: string;
  userId: string;
  name: string;
}

export class SlackWorld {
  core!: Core;
  fake!: FakeSlackWebApi;
  clock = fixedClock(TEST_SEED_NOW);
  private server!: Server;
  private database!: TestDatabase;
  url = "";

  async start() {
    this.fake = await new FakeSlackWebApi().start();
    this.database = await seededTestDatabase({ demo: true });
    this.core = createCore(this.database.db.prisma, this.clock);
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.fake.apiUrl,
    });
    const app = createHttpApp(this.database.db);
    const slack = createSlackChannel({ config, core: this.core, logger });
    slack.mount(app);
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get prisma() {
    return this.database.db.prisma;
  }

  /** Registers a Slack user as acting for an organisation. */
  register(user: SlackUser, displayName: string, org: string, role: Parameters<Core["people"]["register"]>[2]) {
    return this.core.people.register(
      { platform: "SLACK", tenantId: user.teamId, userId: user.userId, displayName },
      org,
      role,
    );
  }

  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
    await this.fake.stop();
    await this.database.cleanup();
  }

  /** Posts a raw body to /slack/events with the given headers. */
  post(body: string, contentType: string, headers: Record<string, string>) {
    return fetch(`${this.url}${SLACK_EVENTS_PATH}`, {
      method: "POST",
      headers: { "content-type": contentType, ...headers },
      body,
    });
  }

  signedForm(fields: Record<string, string>, extra: Record<string, string> = {}) {
    const body = new URLSearchParams(fields).toString();
    return this.post(body, "application/x-www-form-urlencoded", { ...sign(body), ...extra });
  }

  /** `/plan <text>` typed by a user in a channel; resolves with the answer posted to response_url. */
  async plan(user: SlackUser, text: string, channelId = "C02N", options: { triggerId?: string; retry?: number } = {}) {
    const responseId = randomUUID();
    const before = this.fake.responses.length;
    const res = await this.signedForm(
      {
        token: "legacy",
        team_id: user.teamId,
        team_domain: "nhs",
        channel_id: channelId,
        channel_name: "planning",
        user_id: user.userId,
        user_name: user.name,
        command: "/plan",
        text,
        api_app_id: "A1",
        response_url: this.fake.responseUrl(responseId),
        trigger_id: options.triggerId ?? randomUUID(),
      },
      options.retry ? { "x-slack-retry-num": String(options.retry), "x-slack-retry-reason": "http_timeout" } : {},
    );
    return {
      status: res.status,
      answer: options.retry ? undefined : await this.waitFor(() => this.fake.responses[before]),
    };
  }

  /** Clicks a button: a signed block_actions interaction. */
  async click(user: SlackUser, actionId: string, value: unknown, channelId = "C02N", triggerId = randomUUID()) {
    const payload = {
      type: "block_actions",
      team: { id: user.teamId },
      user: { id: user.userId, name: user.name, team_id: user.teamId },
      channel: { id: channelId, name: "planning" },
      trigger_id: triggerId,
      api_app_id: "A1",
      token: "legacy",
      container: { type: "message", channel_id: channelId, message_ts: "1.0" },
      response_url: this.fake.responseUrl(randomUUID()),
      actions: [
        {
          type: "button",
          action_id: actionId,
          block_id: "b",
          value: JSON.stringify(value),
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
    return this.signedForm({ payload: JSON.stringify(payload) });
  }

  async submitView(user: SlackUser, view: Record<string, unknown>) {
    const payload = {
      type: "view_submission",
      team: { id: user.teamId },
      user: { id: user.userId, name: user.name, team_id: user.teamId },
      api_app_id: "A1",
      token: "legacy",
      trigger_id: randomUUID(),
      view,
    };
    return this.signedForm({ payload: JSON.stringify(payload) });
  }

  async event(teamId: string, event: Record<string, unknown>, eventId = `Ev${randomUUID()}`) {
    const body = JSON.stringify({
      token: "legacy",
      team_id: teamId,
      api_app_id: "A1",
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    return this.post(body, "application/json", sign(body));
  }

  /** Waits (up to 5 s) for something the app does after acking. */
  async waitFor<T>(probe: () => T | undefined | false, what = "the bot's answer"): Promise<T> {
    for (let i = 0; i < 250; i++) {
      const value = probe();
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Lets work that follows an ack finish before asserting that nothing happened. */
  settle() {
    return new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** All the strings in a Block Kit message (texts, action ids, values), one per line, for assertions. */
export function textOf(message: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(message);
  return out.join("\n");
}
