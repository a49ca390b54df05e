// Proactive messages: where to post is saved when the bot is installed or first spoken to, and the sender the
// scheduler uses posts to each conversation's own stored serviceUrl, retrying Teams' throttling with backoff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/reply/model";
import { TeamsSendError } from "../../src/teams";
import {
  BOT_ID,
  CHANNEL,
  CLIENT_ID,
  TENANT,
  cardOf,
  cardText,
  fromOf,
  startHarness,
  users,
  type Harness,
} from "./harness";

let h: Harness;
beforeAll(async () => {
  // an authenticated bot whose SDK default SERVICE_URL is Microsoft's; every send must use the stored one instead
  h = await startHarness({ authenticated: true, demo: false, region: "amer" });
  await h.register(users.jo, "02N", "ADMIN");
});
afterAll(() => h.close());

const reminder: Reply = {
  summary: "Reminder: draft plans due in 7 days",
  blocks: [{ type: "paragraph", text: "Draft operational plans are due to the area team on Fri 10 Jan 2014." }],
  visibility: "channel",
};

function installed(conversation: Record<string, unknown>, channelData: Record<string, unknown>) {
  return {
    type: "conversationUpdate",
    id: `install-${Math.random()}`,
    channelId: "msteams",
    serviceUrl: h.serviceUrl,
    from: fromOf(users.jo),
    recipient: { id: BOT_ID, name: "Plan Dialogue" },
    conversation,
    membersAdded: [{ id: BOT_ID }],
    channelData: { eventType: "teamMemberAdded", tenant: { id: TENANT }, ...channelData },
  };
}

describe("saving where to post", () => {
  it("says hello when added to a team, and the link made there keeps the conversation reference", async () => {
    const res = await h.post(
      installed(
        { id: CHANNEL, conversationType: "channel", tenantId: TENANT },
        { team: { id: "19:team", name: "Airedale planning" } },
      ),
    );
    expect(res.status).toBe(200);
    await h.channel.drain();
    const hello = h.connector.sends().at(-1)!;
    expect(hello.conversationId).toBe(CHANNEL);
    const hi = cardText(cardOf(hello));
    expect(hi).toMatch(/Hello! I keep the planning dialogue[\s\S]*link 02N/);
    // a channel hears the bot only when it is @mentioned: every example there says the mention
    for (const example of ["status 02N", "link 02N", "help"]) expect(hi).toContain(`**@Plan Dialogue ${example}**`);

    await h.say(users.jo, "link 02N", { kind: "channel", channelName: "General" });
    const [link] = await h.core.links.channelsOf(["02N"]);
    expect(link!.conversationRef).toMatchObject({
      serviceUrl: h.serviceUrl.replace(/\/$/, ""),
      conversationId: CHANNEL,
      botId: BOT_ID,
      tenantId: TENANT,
    });
  });

  it("refreshes the stored reference when Teams moves the conversation to another connector", async () => {
    const moved = h.connector.serviceUrl("emea");
    await h.post({ ...h.message(users.jo, "whoami", { kind: "channel" }), serviceUrl: moved });
    await h.channel.drain();
    const [link] = await h.core.links.channelsOf(["02N"]);
    expect((link!.conversationRef as { serviceUrl: string }).serviceUrl).toBe(moved.replace(/\/$/, ""));
  });

  it("ignores conversation updates that are not about the bot, and installation updates only save the reference", async () => {
    const before = h.connector.sends().length;
    await h.post({
      ...installed({ id: CHANNEL, conversationType: "channel", tenantId: TENANT }, {}),
      membersAdded: [{ id: "29:someone" }],
    });
    await h.post({
      ...installed({ id: "a:personal-jo", conversationType: "personal", tenantId: TENANT }, {}),
      type: "installationUpdate",
      action: "add",
    });
    await h.channel.drain();
    expect(h.connector.sends().length).toBe(before);
  });
});

describe("TeamsSender, for reminders and digests", () => {
  it("posts to the conversation's own stored serviceUrl with the bot's token", async () => {
    h.connector.reset();
    const [link] = await h.core.links.channelsOf(["02N"]);
    const { activityId } = await h.channel.sender.send(link!.conversationRef, reminder);
    const sent = h.connector.sends()[0]!;
    expect(sent).toMatchObject({ prefix: "/emea", conversationId: CHANNEL, activityId });
    expect(sent.authorization).toMatch(/^Bearer /);
    expect(JSON.parse(Buffer.from(sent.authorization!.split(".")[1]!, "base64url").toString())).toMatchObject({
      appid: CLIENT_ID,
    });
    expect(cardText(cardOf(sent))).toContain("Draft operational plans are due");
    expect(sent.body.summary).toBe("Reminder: draft plans due in 7 days");

    await h.channel.sender.update(link!.conversationRef, activityId, { ...reminder, summary: "Updated" });
    expect(h.connector.updates()[0]).toMatchObject({ prefix: "/emea", conversationId: CHANNEL, activityId });

    await h.channel.sender.send(link!.conversationRef, reminder, { threadRootId: "1700000000001" });
    expect(h.connector.sends().at(-1)!.conversationId).toBe(`${CHANNEL};messageid=1700000000001`);
  });

  it("retries 429 (honouring Retry-After), 412, 502 and 504 with backoff, then succeeds", async () => {
    h.connector.reset();
    const waits: number[] = [];
    const sender = h.channel.sender.withRetryPolicy({
      attempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    });
    h.connector.failNext(1, { status: 429, headers: { "retry-after": "2" } });
    h.connector.failNext(1, { status: 502 });
    h.connector.failNext(1, { status: 412 });
    const [link] = await h.core.links.channelsOf(["02N"]);
    await sender.send(link!.conversationRef, reminder);
    expect(waits).toEqual([2000, 150, 300]);
    expect(h.connector.sends()).toHaveLength(1);
  });

  it("gives up with a TeamsSendError the delivery ledger can record: permanent or worth retrying later", async () => {
    const [link] = await h.core.links.channelsOf(["02N"]);
    h.connector.failNext(3, { status: 429, headers: { "retry-after": "30" } });
    const throttled = await h.channel.sender.send(link!.conversationRef, reminder).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(TeamsSendError);
    expect(throttled).toMatchObject({ status: 429, permanent: false, retryAfterMs: 30_000 });

    h.connector.failNext(1, { status: 403, body: { error: { code: "BotNotInConversationRoster" } } });
    const removed = await h.channel.sender.send(link!.conversationRef, reminder).catch((e: unknown) => e);
    expect(removed).toMatchObject({ status: 403, permanent: true });

    const broken = await h.channel.sender.send({ conversationId: "x" }, reminder).catch((e: unknown) => e);
    expect(broken).toMatchObject({ permanent: true, message: expect.stringMatching(/not usable/) });
  });
});

describe("the scheduler's Teams sender", () => {
  it("reaches a linked channel, a discussion thread and a person's personal chat", async () => {
    h.connector.reset();
    const teams = h.channel.schedulerSender;
    expect(teams.platform).toBe("TEAMS");
    await teams.send({ kind: "channel", channelId: CHANNEL }, reminder);
    await teams.send({ kind: "thread", channelId: CHANNEL, rootId: "1700000000042" }, reminder);
    await teams.send({ kind: "person", tenantId: TENANT, userId: users.jo.aadObjectId }, reminder);
    const created = h.connector.calls.find((c) => c.kind === "create-conversation")!;
    expect(created.body).toMatchObject({
      members: [{ id: `8:orgid:${users.jo.aadObjectId}` }],
      tenantId: TENANT,
      bot: { id: BOT_ID },
    });
    expect(h.connector.sends().map((s) => [s.prefix, s.conversationId])).toEqual([
      ["/emea", CHANNEL],
      ["/emea", `${CHANNEL};messageid=1700000000042`],
      ["/emea", `a:1on1-8:orgid:${users.jo.aadObjectId}`],
    ]);
  });

  it("classifies failures for the ledger: rate-limited with Retry-After, transient, permanent", async () => {
    const teams = h.channel.schedulerSender;
    h.connector.failNext(1, { status: 429, headers: { "retry-after": "7" } });
    await expect(teams.send({ kind: "channel", channelId: CHANNEL }, reminder)).rejects.toMatchObject({
      failure: "rate-limited",
      retryAfterMs: 7000,
    });
    h.connector.failNext(1, { status: 502 });
    await expect(teams.send({ kind: "channel", channelId: CHANNEL }, reminder)).rejects.toMatchObject({
      failure: "transient",
    });
    h.connector.failNext(1, { status: 403 });
    await expect(teams.send({ kind: "channel", channelId: CHANNEL }, reminder)).rejects.toMatchObject({
      failure: "permanent",
    });
    await expect(
      teams.send({ kind: "channel", channelId: "19:never-linked@thread.tacv2" }, reminder),
    ).rejects.toMatchObject({ failure: "permanent" });
    await expect(
      teams.send({ kind: "person", tenantId: "unknown-tenant", userId: "x" }, reminder),
    ).rejects.toMatchObject({ failure: "permanent" });
  });
});
