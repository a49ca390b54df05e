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
  /** the user's HOME workspace (in Slack Connect, not the channel's) */
  teamId: string;
  userId: string;
  /** the login handle Slack sends as the deprecated `user_name` / `user.name` */
  name: string;
}

/** Where a request comes from: the host workspace (which installed the app and owns the channel), or a Grid org install. */
export interface Origin {
  /** the host workspace: `team.id` of interactions, `team_id` and `authorizations` of events; default T1 */
  host?: string;
  /** an Enterprise Grid org-wide install: `team: null`, `is_enterprise_install: true`, `enterprise: { id }` */
  grid?: string;
}

/** The workspace that installed the app (the fake's auth.test says T1) and hosts the test channels. */
export const HOST_TEAM = "T1";

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

  /** Registers a Slack user as acting for an organisation (and tells the fake Slack who they are, as users.info). */
  register(user: SlackUser, displayName: string, org: string, role: Parameters<Core["people"]["register"]>[2]) {
    this.knownToSlack(user, displayName);
    return this.core.people.register(
      { platform: "SLACK", tenantId: user.teamId, userId: user.userId, displayName },
      org,
      role,
    );
  }

  /** Makes users.info know a user: their home workspace and full name (`real_name`). */
  knownToSlack(user: SlackUser, realName: string, displayName = "") {
    this.fake.users.set(user.userId, {
      id: user.userId,
      team_id: user.teamId,
      name: user.name,
      real_name: realName,
      profile: { display_name: displayName, real_name: realName },
    });
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
  async plan(
    user: SlackUser,
    text: string,
    channelId = "C02N",
    options: { triggerId?: string; retry?: number; grid?: string } = {},
  ) {
    const responseId = randomUUID();
    const before = this.fake.responses.length;
    const res = await this.signedForm(
      {
        token: "legacy",
        // A command's team_id is where the user typed it: a workspace of their own that has the app.
        team_id: user.teamId,
        ...(options.grid
          ? { enterprise_id: options.grid, enterprise_name: "NHS", is_enterprise_install: "true" }
          : { is_enterprise_install: "false" }),
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

  /**
   * Clicks a button: a signed block_actions interaction, shaped as Slack sends it in a Slack Connect channel:
   * `team.id` is the host (the workspace of the app that posted the message), `user.team_id` the clicker's own.
   */
  async click(
    user: SlackUser,
    actionId: string,
    value: unknown,
    channelId = "C02N",
    triggerId = randomUUID(),
    origin: Origin = {},
  ) {
    const host = origin.host ?? HOST_TEAM;
    const payload = {
      type: "block_actions",
      ...teamFields(host, origin),
      user: { id: user.userId, username: user.name, name: user.name, team_id: user.teamId },
      channel: { id: channelId, name: "planning" },
      is_ext_shared_channel: user.teamId !== host,
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

  /** The signed view_submission body: `team.id` and `view.app_installed_team_id` are the host, `user.team_id` the submitter's own. */
  viewSubmission(user: SlackUser, view: Record<string, unknown>, origin: Origin & { triggerId?: string } = {}) {
    const host = origin.host ?? HOST_TEAM;
    return JSON.stringify({
      type: "view_submission",
      ...teamFields(host, origin),
      user: { id: user.userId, username: user.name, name: user.name, team_id: user.teamId },
      api_app_id: "A1",
      token: "legacy",
      trigger_id: origin.triggerId ?? randomUUID(),
      view: {
        type: "modal",
        hash: "1700000000.abcdEFGH",
        team_id: origin.grid ? null : host,
        app_installed_team_id: origin.grid ? null : host,
        app_id: "A1",
        ...view,
      },
    });
  }

  async submitView(user: SlackUser, view: Record<string, unknown>, origin: Origin = {}) {
    return this.signedForm({ payload: this.viewSubmission(user, view, origin) });
  }

  /**
   * A signed Events API delivery by `by` (or by no one, e.g. channel_rename). The envelope's `team_id` and `authorizations` are the host (the installation);
   * the event names its author as Slack does in a Slack Connect channel: `user`, and their own
   * workspace in `user_team` / `source_team` / `team`, with `is_ext_shared_channel` when that is not the host.
   */
  async eventBy(
    by: SlackUser | undefined,
    event: Record<string, unknown>,
    options: Origin & { eventId?: string; personFields?: boolean } = {},
  ) {
    const host = options.host ?? HOST_TEAM;
    const personFields = options.personFields ?? true;
    const body = JSON.stringify({
      token: "legacy",
      team_id: host,
      ...(options.grid ? { enterprise_id: options.grid } : {}),
      api_app_id: "A1",
      type: "event_callback",
      event_id: options.eventId ?? `Ev${randomUUID()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: options.grid ?? null,
          team_id: options.grid ? null : host,
          user_id: "UBOT",
          is_bot: true,
          is_enterprise_install: Boolean(options.grid),
        },
      ],
      is_ext_shared_channel: Boolean(by && by.teamId !== host),
      event: {
        ...(by ? { user: by.userId } : {}),
        ...(by && personFields ? { user_team: by.teamId, source_team: by.teamId, team: by.teamId } : {}),
        ...event,
      },
    });
    return this.post(body, "application/json", sign(body));
  }

  /** An event delivered for workspace `teamId`, in a channel of its own (not shared), with `event` as given. */
  async event(teamId: string, event: Record<string, unknown>, eventId = `Ev${randomUUID()}`) {
    return this.eventBy(undefined, event, { host: teamId, eventId });
  }

  /** Waits (up to 5 s) for something the app does after acking. */
  async waitFor<T>(
    probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    what = "the bot's answer",
  ): Promise<T> {
    for (let i = 0; i < 250; i++) {
      const value = await probe();
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Lets work that follows an ack finish before asserting that nothing happened. */
  settle() {
    return new Promise((resolve) => setTimeout(resolve, 300));
  }

  /** Where the fake's record stands now: give it to `stringsSince` to read what the bot sent after it. */
  mark(): FakeMark {
    return { calls: this.fake.calls.length, responses: this.fake.responses.length };
  }

  /** Every string the fake received since `from` (calls and response_url posts), raw, with where it was. */
  stringsSince(from: FakeMark): { path: string; value: string }[] {
    const out: { path: string; value: string }[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === "string") out.push({ path, value: v });
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === "object") {
        // plain_text objects are shown as written: Slack parses no mentions or links in them
        if ((v as { type?: string }).type === "plain_text") return;
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      }
    };
    this.fake.calls.slice(from.calls).forEach((c, i) => walk(c.body, `${c.method}#${i}`));
    this.fake.responses.slice(from.responses).forEach((r, i) => walk(r, `response#${i}`));
    return out;
  }
}

/** How many calls and response_url posts the fake had received at some moment. */
export interface FakeMark {
  calls: number;
  responses: number;
}

/** The team fields of an interaction: the host's `team`, or a Grid org install's `team: null` and `enterprise`. */
function teamFields(host: string, origin: Origin) {
  return origin.grid
    ? { team: null, enterprise: { id: origin.grid, name: "NHS" }, is_enterprise_install: true }
    : { team: { id: host, domain: "nhs" }, enterprise: null, is_enterprise_install: false };
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
