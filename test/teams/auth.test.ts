// Who may talk to /api/messages. With credentials, every request needs a Bot Framework token signed by the
// connector's key, for our app id, naming the activity's serviceUrl; and the serviceUrl must be a Microsoft host,
// so a forged activity can't make the bot send its token elsewhere. Without credentials, only the explicit
// local development mode accepts anything, and it says so loudly.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCore } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createTeamsChannel, UNAUTHENTICATED_WARNING } from "../../src/teams";
import { isAllowedServiceUrl, LOCAL_HOSTS, MICROSOFT_CONNECTOR_HOSTS } from "../../src/teams/service-url";
import { CLIENT_ID, TENANT, startHarness, users, type Harness } from "./harness";
import { createTestDatabase } from "../support/test-database";

describe("with credentials (TEAMS_CLIENT_ID set)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authenticated: true, demo: false });
  });
  afterAll(() => h.close());

  const whoami = () => h.message(users.jo, "whoami", { kind: "personal", user: users.jo });

  it("a request signed like Teams signs it is answered, and the reply carries the bot's own token", async () => {
    const activity = whoami();
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    await h.channel.drain();
    const reply = h.connector.sends().at(-1)!;
    expect(reply.prefix).toBe("/emea");
    expect(reply.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(h.channel.mode).toBe("authenticated");
  });

  it.each([
    ["no Authorization header", () => null],
    [
      "a token signed with someone else's key",
      (a: Record<string, unknown>) =>
        `Bearer ${h.connector.signToken({ aud: CLIENT_ID, serviceurl: a.serviceUrl }, { forgedKey: true })}`,
    ],
    [
      "a token for another app",
      (a: Record<string, unknown>) =>
        `Bearer ${h.connector.signToken({ aud: "another-app", serviceurl: a.serviceUrl })}`,
    ],
    [
      "an expired token",
      (a: Record<string, unknown>) =>
        `Bearer ${h.connector.signToken({ aud: CLIENT_ID, serviceurl: a.serviceUrl }, { expiresInSeconds: -3600 })}`,
    ],
    [
      "a token from another issuer",
      (a: Record<string, unknown>) =>
        `Bearer ${h.connector.signToken({ aud: CLIENT_ID, serviceurl: a.serviceUrl, iss: "https://sts.example.org/" })}`,
    ],
    [
      "a token issued for a different serviceUrl",
      () => `Bearer ${h.connector.signToken({ aud: CLIENT_ID, serviceurl: h.connector.serviceUrl("amer") })}`,
    ],
    ["garbage", () => "Bearer not-a-jwt"],
  ])("is refused with 401 for %s, and nothing is sent", async (_what, authorization) => {
    h.connector.reset();
    const activity = whoami();
    const res = await h.post(activity, { authorization: authorization(activity) });
    expect(res.status).toBe(401);
    await h.channel.drain();
    expect(h.connector.calls).toEqual([]);
    expect(
      await h.core.inbound.claim(`teams:${(activity.conversation as { id: string }).id}:${activity.id as string}`),
    ).toBe(true);
  });

  it("refuses a correctly signed activity whose serviceUrl is not a Microsoft Bot Connector host", async () => {
    const activity = { ...whoami(), serviceUrl: "https://attacker.example.com/teams/" };
    const res = await h.post(activity, {
      authorization: `Bearer ${h.connector.signToken({ aud: CLIENT_ID, serviceurl: activity.serviceUrl })}`,
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: "serviceUrl not allowed" });
  });

  // Another Bot Framework channel of the same Azure Bot (Direct Line, Web Chat, the Emulator) gets tokens signed
  // like Teams' own, and its client writes `from` and `channelData` as it likes.
  const forged = (change: (a: Record<string, unknown>) => Record<string, unknown>) => () => {
    const a = h.message(users.jo, "whoami", { kind: "personal", user: users.jo });
    return change(a);
  };
  const noAad = { id: users.jo.id, name: users.jo.name };
  it.each([
    ["a Direct Line activity naming a Teams tenant", forged((a) => ({ ...a, channelId: "directline", from: noAad }))],
    ["a Web Chat activity", forged((a) => ({ ...a, channelId: "webchat", from: noAad }))],
    ["an Emulator activity, even with an object id", forged((a) => ({ ...a, channelId: "emulator" }))],
    ["a Teams activity without from.aadObjectId", forged((a) => ({ ...a, from: noAad }))],
    [
      "conversation.tenantId and channelData.tenant disagreeing",
      forged((a) => ({ ...a, channelData: { tenant: { id: "tenant-someone-else" } } })),
    ],
    [
      "no tenant at all",
      forged((a) => ({ ...a, conversation: { id: "a:personal-x", conversationType: "personal" }, channelData: {} })),
    ],
  ])("refuses with 403 %s, correctly signed: nothing is done or sent", async (_what, activity) => {
    const a = activity();
    await h.core.people.register(
      { platform: "TEAMS", tenantId: TENANT, userId: users.jo.aadObjectId, displayName: users.jo.name },
      "02N",
      "ADMIN",
    );
    h.connector.reset();
    const res = await h.post(a);
    expect(res.status).toBe(403);
    await h.channel.drain();
    expect(h.connector.calls).toEqual([]);
    expect(await h.core.inbound.claim(`teams:${(a.conversation as { id: string }).id}:${a.id as string}`)).toBe(true);
  });

  it("refuses an activity whose tenant is not the one its token names (tid), and takes one that agrees", async () => {
    const post = (tid: string) => {
      const a = whoami();
      return h.post(a, {
        authorization: `Bearer ${h.connector.signToken({ aud: CLIENT_ID, serviceurl: a.serviceUrl, tid })}`,
      });
    };
    expect((await post("tenant-someone-else")).status).toBe(403);
    expect((await post(TENANT)).status).toBe(200);
    await h.channel.drain();
  });

  it("refuses a body that is not an activity", async () => {
    const res = await fetch(`${h.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[1,2]",
    });
    expect(res.status).toBe(400);
  });
});

describe("the local development mode (TEAMS_DEV_UNAUTHENTICATED=on)", () => {
  let h: Harness;
  let warned = "";
  beforeAll(async () => {
    const spy = vi.spyOn(console, "warn").mockImplementation((m: unknown) => {
      warned += String(m);
    });
    h = await startHarness({ demo: false });
    spy.mockRestore();
  });
  afterAll(() => h.close());

  it("says so loudly at start", () => {
    expect(h.channel.mode).toBe("unauthenticated");
    expect(warned).toContain(UNAUTHENTICATED_WARNING);
    expect(warned).toMatch(/WITHOUT authentication/);
  });

  it("answers without a token, to a local connector only", async () => {
    const ok = await h.post(h.message(users.jo, "help", { kind: "personal", user: users.jo }), { authorization: null });
    expect(ok.status).toBe(200);
    const elsewhere = await h.post({
      ...h.message(users.jo, "help", { kind: "personal", user: users.jo }),
      serviceUrl: "http://attacker.example.com/",
    });
    expect(elsewhere.status).toBe(403);
  });

  it("still takes only Teams activities (the Playground sends channelId msteams with -c msteams)", async () => {
    const a = h.message(users.jo, "help", { kind: "personal", user: users.jo });
    expect((await h.post({ ...a, channelId: "directline", from: { id: users.jo.id } })).status).toBe(403);
    await h.channel.drain();
  });
});

describe("configuration", () => {
  it("refuses to start Teams with neither credentials nor the development switch", async () => {
    const t = await createTestDatabase();
    try {
      expect(() =>
        createTeamsChannel({
          config: {
            TEAMS_CLIENT_ID: undefined,
            TEAMS_CLIENT_SECRET: undefined,
            TEAMS_TENANT_ID: undefined,
            TEAMS_DEV_UNAUTHENTICATED: false,
          },
          core: createCore(t.db.prisma, fixedClock("2013-11-20T10:00:00Z")),
          logger,
        }),
      ).toThrow(/TEAMS_CLIENT_ID/);
    } finally {
      await t.cleanup();
    }
  });

  it("knows Microsoft's connector hosts, https only; plain http only for local development", () => {
    const prod = { https: MICROSOFT_CONNECTOR_HOSTS, http: [] };
    expect(isAllowedServiceUrl("https://smba.trafficmanager.net/emea/", prod)).toBe(true);
    expect(isAllowedServiceUrl("https://smba.infra.gcc.teams.microsoft.com/", prod)).toBe(true);
    expect(isAllowedServiceUrl("http://smba.trafficmanager.net/emea/", prod)).toBe(false);
    expect(isAllowedServiceUrl("https://smba.trafficmanager.net.evil.example/", prod)).toBe(false);
    expect(isAllowedServiceUrl("https://user:pw@smba.trafficmanager.net/", prod)).toBe(false);
    expect(isAllowedServiceUrl("https://localhost:3978/", prod)).toBe(false);
    expect(isAllowedServiceUrl(undefined, prod)).toBe(false);
    expect(
      isAllowedServiceUrl("http://localhost:56150/_connector", { https: MICROSOFT_CONNECTOR_HOSTS, http: LOCAL_HOSTS }),
    ).toBe(true);
  });
});
