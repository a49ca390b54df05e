// A discussion whose root card Teams refuses (the app is not in the channel's team, or the connector fails):
// the discussion is open all the same, and the person who opened it reads that it has no thread, why, and that
// running `discuss` again would open a second one (not "try again"). Once the app is in the team, `thread D1` gives
// the discussion its thread, with its actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, cardOf, cardText, startHarness, users, type Harness, type Where } from "./harness";

let h: Harness;
const channel: Where = { kind: "channel", channelName: "02N planning" };
const joPersonal: Where = { kind: "personal", user: users.jo };

/** The text of the last card the bot sent to a conversation. */
function lastReplyTo(conversationId: string): string {
  const sends = h.connector.sends().filter((s) => s.conversationId === conversationId);
  if (!sends.length) throw new Error(`nothing sent to ${conversationId}`);
  return cardText(cardOf(sends.at(-1)!));
}

beforeAll(async () => {
  h = await startHarness();
  await h.register(users.jo, "02N", "ADMIN");
  await h.say(users.jo, "link 02N", channel);
});
afterAll(() => h.close());

describe("a discussion whose root card Teams refuses", () => {
  it("opened from a personal chat, the linked channel's team lacks the app: open, no thread, no 'try again'", async () => {
    h.connector.failNext(1, { status: 403, body: { error: { code: "BotNotInConversationRoster" } } });
    await h.say(users.jo, "discuss 02N Winter plan", joPersonal);

    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(d).toMatchObject({ status: "OPEN", topic: "Winter plan", threadPlatform: null, threadRootId: null });

    const said = lastReplyTo(`a:personal-${users.jo.aadObjectId}`);
    expect(said).toContain("D1 · 02N · Winter plan");
    expect(said).toContain(
      "D1 with 02N (Winter plan) is open, but I couldn't post its thread in the linked Teams channel: I'm not in that channel's team",
    );
    expect(said).toContain("A team owner can add the Plan Dialogue app to the team");
    // (Teams cards show `code` in bold)
    expect(said).toContain("Don't run **discuss** again: that would open a second discussion.");
    expect(said).toContain("propose actions with **action D1 …**");
    expect(said).not.toMatch(/try again/i);
  });

  it("once the app is in the team, `thread D1` posts D1's root in the linked channel and its action in the thread", async () => {
    await h.say(users.jo, "action D1 Publish the winter plan due 10 Dec", joPersonal);
    expect(lastReplyTo(`a:personal-${users.jo.aadObjectId}`)).toContain("A1");

    await h.say(users.jo, "thread D1", joPersonal);
    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(d).toMatchObject({ threadPlatform: "TEAMS", threadChannel: CHANNEL, threadRootId: expect.any(String) });
    const root = h.connector.sends().find((s) => s.conversationId === CHANNEL && s.activityId === d.threadRootId);
    expect(cardText(cardOf(root!))).toContain("D1 · 02N");
    const card = lastReplyTo(`${CHANNEL};messageid=${d.threadRootId}`);
    expect(card).toContain("Publish the winter plan");
    // the root card re-rendered once, with the action counted
    const rootUpdates = h.connector.updates().filter((u) => u.activityId === d.threadRootId);
    expect(rootUpdates).toHaveLength(1);
    expect(cardText(cardOf(rootUpdates[0]!))).toMatch(/1 waiting/);
    expect(lastReplyTo(`a:personal-${users.jo.aadObjectId}`)).toBe(
      "Posted D1's thread in “02N planning”, with 1 action card: the discussion continues there.",
    );

    const sent = h.connector.sends().length;
    await h.say(users.jo, "thread D1", channel);
    expect(lastReplyTo(CHANNEL)).toContain("D1 already has its thread, in Teams");
    expect(h.connector.sends()).toHaveLength(sent + 1); // the answer, nothing posted again
  });

  it("opened in a channel, the connector fails unexpectedly: the reply has an error id and no 'try again'", async () => {
    h.connector.failNext(1, { status: 500 });
    await h.say(users.jo, "discuss 02N Elective recovery", channel);
    expect((await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 2 } })).threadRootId).toBeNull();
    const said = lastReplyTo(CHANNEL);
    expect(said).toMatch(
      /D2 with 02N \(Elective recovery\) is open, but I couldn't post its thread in this channel: something went wrong on my side \(error id [0-9a-f]{8}\)/,
    );
    expect(said).toContain("Don't run **discuss** again");
    expect(said).not.toMatch(/try again/i);
  });

  it("the next discussion gets its root card and thread as usual", async () => {
    await h.say(users.jo, "discuss 02N Cancer waits", channel);
    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 3 } });
    expect(d).toMatchObject({ threadPlatform: "TEAMS", threadChannel: CHANNEL, threadRootId: expect.any(String) });
    expect(lastReplyTo(CHANNEL)).toMatch(/Opened D3 with 02N/);
    expect(lastReplyTo(CHANNEL)).not.toContain("couldn't post");
  });

  it("the linked channel was deleted (404): the reply says so and how to link another", async () => {
    h.connector.failNext(1, { status: 404, body: { error: { code: "ConversationNotFound" } } });
    await h.say(users.jo, "discuss 02N Stroke services", joPersonal);
    const d = await h.core.prisma.discussion.findFirstOrThrow({ where: { topic: "Stroke services" } });
    expect(d.threadRootId).toBeNull();
    const said = lastReplyTo(`a:personal-${users.jo.aadObjectId}`);
    expect(said).toContain(`D${d.id} with 02N (Stroke services) is open, but I couldn't post its thread`);
    expect(said).toContain("that channel no longer exists (deleted, or its team was)");
    expect(said).toContain("An admin can run **link 02N** in the channel 02N's discussions should live in now.");
    expect(said).not.toMatch(/error id/);
  });

  it("two people asking for a thread at once: one root card survives, the other is taken back", async () => {
    h.connector.failNext(1, { status: 403, body: { error: { code: "BotNotInConversationRoster" } } });
    await h.say(users.jo, "discuss 02N Race for a thread", joPersonal);
    const d = await h.core.prisma.discussion.findFirstOrThrow({ where: { topic: "Race for a thread" } });
    expect(d.threadRootId).toBeNull();

    // Each root card is held until both have arrived, so both commands pass the "no thread yet" check.
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    h.connector.beforeAnswer = async ({ method, conversationId }) => {
      if (method !== "POST" || conversationId !== CHANNEL) return;
      if (++arrived === 2) release();
      await bothArrived;
    };
    try {
      await Promise.all([h.say(users.jo, `thread D${d.id}`, joPersonal), h.say(users.jo, `thread D${d.id}`, channel)]);
    } finally {
      h.connector.beforeAnswer = undefined;
    }
    const deleted = h.connector.calls.filter((c) => c.kind === "delete");
    expect(deleted).toHaveLength(1);
    const after = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: d.id } });
    expect(after.threadChannel).toBe(CHANNEL);
    expect(deleted[0]!.activityId).not.toBe(after.threadRootId);
    const said = [lastReplyTo(`a:personal-${users.jo.aadObjectId}`), lastReplyTo(CHANNEL)].join("\n");
    expect(said).toContain(`D${d.id} got its thread from someone else a moment ago`);
    expect(said).toContain(`Posted D${d.id}'s thread`);
  });
});
