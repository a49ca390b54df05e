// Drives the real Teams bot over HTTP: our express server with the Teams channel mounted, a real database,
// and the fake Bot Connector at the activities' serviceUrl. Activities are built the way Teams sends them.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createTeamsChannel, type TeamsChannel } from "../../src/teams";
import { startFakeBotConnector, type FakeBotConnector } from "../fakes/bot-connector";
import { assertValidAdaptiveCard, cardsIn } from "./card-schema";
import { seededTestDatabase } from "../support/test-database";

export const CLIENT_ID = "00000000-0000-4000-8000-00000000b07d";
export const BOT_ID = `28:${CLIENT_ID}`;
export const TENANT = "tenant-ccg-02n";
export const AT_TENANT = "tenant-at-q52";
export const CHANNEL = "19:planning02n@thread.tacv2";

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export const users = {
  jo: { id: "29:jo", aadObjectId: "aad-jo-0001", name: "Jo Smith", tenantId: TENANT },
  kim: { id: "29:kim", aadObjectId: "aad-kim-0002", name: "Kim Lee", tenantId: TENANT },
  sam: { id: "29:sam", aadObjectId: "aad-sam-0003", name: "Sam Patel", tenantId: AT_TENANT },
  alex: { id: "29:alex", aadObjectId: "aad-alex-0004", name: "Alex Ray", tenantId: TENANT },
  newcomer: { id: "29:new", aadObjectId: "aad-new-0005", name: "Nia Obi", tenantId: TENANT },
} satisfies Record<string, TeamsUser>;

export type Where =
  | { kind: "personal"; user: TeamsUser }
  | { kind: "channel"; channelId?: string; rootId?: string; tenantId?: string; channelName?: string };

/** `from` as Teams sends it: the per-bot id, the name and the Entra object id; no tenant of the sender's own. */
export const fromOf = (u: TeamsUser) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId });

let seq = 0;
const nextId = () => `${1_600_000_000_000 + ++seq}`;

export interface Harness {
  core: Core;
  clock: ReturnType<typeof fixedClock>;
  connector: FakeBotConnector;
  channel: TeamsChannel;
  url: string;
  serviceUrl: string;
  post(
    activity: Record<string, unknown>,
    options?: { authorization?: string | null },
  ): Promise<{ status: number; body: unknown }>;
  message(from: TeamsUser, text: string, where: Where, extra?: Record<string, unknown>): Record<string, unknown>;
  invoke(from: TeamsUser, name: string, value: unknown, where: Where, replyToId?: string): Record<string, unknown>;
  /** sends a message and waits for the bot's background work */
  say(from: TeamsUser, text: string, where: Where): Promise<{ status: number; body: unknown }>;
  /** registers the user's identity in their own tenant (or, for a guest in another tenant's channel, that one) */
  register(user: TeamsUser, org: string, role?: "MEMBER" | "ADMIN" | "OPERATOR", tenantId?: string): Promise<void>;
  close(): Promise<void>;
}

function conversation(where: Where) {
  if (where.kind === "personal") {
    return { id: `a:personal-${where.user.aadObjectId}`, conversationType: "personal", tenantId: where.user.tenantId };
  }
  const base = where.channelId ?? CHANNEL;
  return {
    id: where.rootId ? `${base};messageid=${where.rootId}` : base,
    conversationType: "channel",
    isGroup: true,
    tenantId: where.tenantId ?? TENANT,
  };
}

export async function startHarness(
  options: {
    authenticated?: boolean;
    demo?: boolean;
    now?: string;
    region?: string;
    ackAfterMs?: number;
    /** PUBLIC_URL: turns on signed download links for files (planning templates) */
    publicUrl?: string;
  } = {},
): Promise<Harness> {
  const authenticated = options.authenticated ?? false;
  const t = await seededTestDatabase({ demo: options.demo ?? true });
  const clock = fixedClock(options.now ?? "2013-11-20T10:00:00Z");
  const core = createCore(t.db.prisma, clock);
  const connector = await startFakeBotConnector();
  const channel = createTeamsChannel({
    config: {
      TEAMS_CLIENT_ID: authenticated ? CLIENT_ID : undefined,
      TEAMS_CLIENT_SECRET: undefined,
      TEAMS_TENANT_ID: undefined,
      TEAMS_DEV_UNAUTHENTICATED: !authenticated,
      ...(options.publicUrl
        ? { PUBLIC_URL: options.publicUrl, CHART_URL_SECRET: "test-file-link-secret-0123456789" }
        : {}),
    },
    core,
    logger,
    cloud: connector.cloud,
    ...(authenticated
      ? {
          token: () => connector.signToken({ aud: "https://api.botframework.com", appid: CLIENT_ID }),
          extraServiceUrlHosts: ["127.0.0.1"],
        }
      : {}),
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, sleep: async () => {}, random: () => 0.5 },
    ...(options.ackAfterMs ? { ackAfterMs: options.ackAfterMs } : {}),
  });
  const app = createHttpApp(t.db);
  channel.mount(app);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  await channel.start?.();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = connector.serviceUrl(options.region ?? "emea");
  for (const u of Object.values(users)) connector.members.set(u.id, u);

  const harness: Harness = {
    core,
    clock,
    connector,
    channel,
    url,
    serviceUrl,
    async post(activity, postOptions = {}) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      const authorization =
        postOptions.authorization === undefined
          ? authenticated
            ? `Bearer ${connector.signToken({ aud: CLIENT_ID, serviceurl: activity.serviceUrl })}`
            : undefined
          : postOptions.authorization;
      if (authorization) headers.authorization = authorization;
      const res = await fetch(`${url}/api/messages`, { method: "POST", headers, body: JSON.stringify(activity) });
      const text = await res.text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      // the cards the bot answers an invoke with, and every card it sent so far, are valid Adaptive Cards 1.5
      for (const card of cardsIn(body)) assertValidAdaptiveCard(card, `the answer to ${String(activity.type)}`);
      connector.assertCardsValid();
      return { status: res.status, body };
    },
    message(from, text, where, extra = {}) {
      const conv = conversation(where);
      const mention = where.kind === "channel";
      return {
        type: "message",
        id: nextId(),
        timestamp: new Date().toISOString(),
        channelId: "msteams",
        serviceUrl,
        from: fromOf(from),
        recipient: { id: BOT_ID, name: "Plan Dialogue" },
        conversation: conv,
        text: mention ? `<at>Plan Dialogue</at> ${text}` : text,
        textFormat: "plain",
        entities: mention
          ? [{ type: "mention", text: "<at>Plan Dialogue</at>", mentioned: { id: BOT_ID, name: "Plan Dialogue" } }]
          : [],
        channelData: {
          tenant: { id: conv.tenantId },
          ...(where.kind === "channel"
            ? {
                channel: { id: where.channelId ?? CHANNEL, ...(where.channelName ? { name: where.channelName } : {}) },
                team: { id: "19:team" },
              }
            : {}),
        },
        ...extra,
      };
    },
    invoke(from, name, value, where, replyToId) {
      const conv = conversation(where);
      return {
        type: "invoke",
        name,
        id: nextId(),
        timestamp: new Date().toISOString(),
        channelId: "msteams",
        serviceUrl,
        from: fromOf(from),
        recipient: { id: BOT_ID, name: "Plan Dialogue" },
        conversation: conv,
        ...(replyToId ? { replyToId } : {}),
        value,
        channelData: { tenant: { id: conv.tenantId } },
      };
    },
    async say(from, text, where) {
      const res = await harness.post(harness.message(from, text, where));
      await channel.drain();
      return res;
    },
    async register(user, org, role = "MEMBER", tenantId = user.tenantId) {
      await core.people.register(
        { platform: "TEAMS", tenantId, userId: user.aadObjectId, displayName: user.name },
        org,
        role,
      );
    },
    async close() {
      await channel.drain();
      const invalid = connector.invalidCards.length;
      await channel.stop?.();
      await new Promise((resolve) => server.close(resolve));
      await connector.close();
      await t.cleanup();
      if (invalid) connector.assertCardsValid();
    },
  };
  return harness;
}

/** The Adaptive Card of a recorded send or update. */
export function cardOf(call: { body: Record<string, unknown> }): Record<string, unknown> {
  const attachments = call.body.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined;
  const card = attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
  if (!card) throw new Error(`no Adaptive Card in ${JSON.stringify(call.body).slice(0, 300)}`);
  assertValidAdaptiveCard(card.content);
  return card.content;
}

/** All the text of a card, for asserting what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") out.push(o.text);
      if (typeof o.title === "string") out.push(o.title);
      if (typeof o.value === "string" && o.type !== "Input.Text" && o.type !== "Input.Date") out.push(o.value);
      for (const [k, child] of Object.entries(o)) if (k !== "data") walk(child);
    }
  };
  walk(card);
  return out.join("\n");
}

/** The buttons of a card: title, type and data. */
export function buttonsOf(card: unknown): { title: string; type: string; data: Record<string, unknown> }[] {
  const out: { title: string; type: string; data: Record<string, unknown> }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      // a card's refresh action has no title: it is no button
      if (typeof o.type === "string" && o.type.startsWith("Action.") && o.title !== undefined)
        out.push({ title: String(o.title), type: o.type, data: (o.data ?? {}) as Record<string, unknown> });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
