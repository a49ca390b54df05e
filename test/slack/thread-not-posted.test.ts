// A discussion opened where Slack won't take its root message (the bot isn't in the channel, the channel is
// private to it, something unexpected): the discussion is open all the same, and its opener is told privately,
// in words they can act on, that it has no thread and that running `discuss` again would open a second one. Once the
// bot is invited, `thread D1` gives the discussion its thread, with its actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
});
afterAll(() => world.stop());

/**
 * `/plan <text>` whose answer is followed by a private notice: both, once the notice has come. Waits for the
 * notice itself (a second response_url post), not for a fixed time, which a busy machine outruns.
 */
async function planWithNotice(text: string, channelId: string) {
  const before = world.fake.responses.length;
  const { answer } = await world.plan(jo, text, channelId);
  const notice = await world.waitFor(() => world.fake.responses[before + 1], `the notice after "${text}"`);
  return { answer: textOf(answer), notice };
}

/** `/plan <text>` that is answered and nothing more (a refusal: no discussion, no thread to post). */
async function planAnswer(text: string, channelId: string) {
  return textOf((await world.plan(jo, text, channelId)).answer);
}

const rootPosts = () => world.fake.callsTo("chat.postMessage").filter((m) => !m.thread_ts);

describe("a discussion whose root message Slack refuses", () => {
  it("bot not in the channel: D1 is open without a thread, and the opener is told to /invite, not to retry", async () => {
    world.fake.failNext = { "chat.postMessage": "not_in_channel" };
    const { answer, notice } = await planWithNotice("discuss 02N Winter plan", "CNOBOT");
    expect(answer).toContain("D1 · 02N · Winter plan");
    expect(rootPosts().map((m) => m.channel)).toEqual(["CNOBOT"]); // tried once, refused

    const d = await world.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(d).toMatchObject({ status: "OPEN", topic: "Winter plan", threadPlatform: null, threadRootId: null });

    expect(notice).toBeDefined();
    expect(notice!.response_type).toBe("ephemeral");
    const said = textOf(notice);
    expect(said).toContain("D1 with 02N (Winter plan) is open, but I couldn't post its thread in this channel");
    expect(said).toContain("I'm not a member of this channel");
    expect(said).toContain("/invite @Plan Dialogue");
    expect(said).toContain("Don't run `discuss` again: that would open a second discussion.");
    expect(said).toContain("`action D1 …`");
    expect(said).toContain("Once I can post, `thread D1` gives it its thread.");
    expect(said).not.toMatch(/try again/i);
  });

  it("once the bot is invited, `thread D1` posts D1's root there and its actions in the new thread; only once", async () => {
    const { answer: proposed } = await world.plan(jo, "action D1 Publish the winter plan due 10 Dec", "CNOBOT");
    expect(textOf(proposed)).toContain("A1");
    expect(world.fake.callsTo("chat.postMessage").filter((m) => m.channel === "CNOBOT")).toHaveLength(1); // the refused root

    const { answer: inDm, notice: dmNotice } = await planWithNotice("thread D1", "DJO");
    expect(textOf(dmNotice)).toContain("A direct message can't hold D1's thread");
    expect(rootPosts().filter((m) => m.channel === "DJO")).toEqual([]);

    const { answer, notice } = await planWithNotice("thread D1", "CNOBOT");
    expect(inDm).toContain("Posting D1's thread (02N: Winter plan) with its actions.");
    expect(answer).toContain("Posting D1's thread (02N: Winter plan) with its actions.");
    expect(textOf(notice)).toContain(
      "Posted D1's thread in this channel, with 1 action card: the discussion continues there.",
    );
    const root = rootPosts().at(-1)!;
    expect(root).toMatchObject({ channel: "CNOBOT" });
    expect(textOf(root)).toContain("Winter plan");
    const d = await world.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(d).toMatchObject({ threadPlatform: "SLACK", threadChannel: "CNOBOT", threadRootId: expect.any(String) });
    const card = world.fake.callsTo("chat.postMessage").find((m) => m.thread_ts === d.threadRootId);
    expect(textOf(card)).toContain("Publish the winter plan");
    const a = await world.prisma.action.findUniqueOrThrow({ where: { id: 1 } });
    expect(a.messageRef).toMatchObject({ SLACK: { channel: "CNOBOT", ts: expect.any(String) } });

    const posts = world.fake.callsTo("chat.postMessage").length;
    const again = await planAnswer("thread D1", "C02N");
    expect(again).toContain("D1 already has its thread, in Slack");
    expect(world.fake.callsTo("chat.postMessage")).toHaveLength(posts);
  });

  it("the next discussion, in a channel the bot is in, gets its thread and no notice", async () => {
    const before = world.fake.responses.length;
    const answer = await planAnswer("discuss 02N Elective recovery", "C02N");
    expect(answer).toContain("D2 · 02N · Elective recovery");
    // The thread is recorded once its root is posted: the last step, after which only a refusal has a notice.
    const d = await world.waitFor(() =>
      world.prisma.discussion.findFirst({ where: { id: 2, threadRootId: { not: null } } }),
    );
    expect(d).toMatchObject({ threadPlatform: "SLACK", threadChannel: "C02N", threadRootId: expect.any(String) });
    expect(world.fake.responses.slice(before)).toHaveLength(1); // the answer, no notice
    expect(await world.prisma.discussion.count()).toBe(2);
  });

  it("a private channel or a direct message, or an unexpected refusal with an error id", async () => {
    world.fake.failNext = { "chat.postMessage": "channel_not_found" };
    const privately = textOf((await planWithNotice("discuss 02N Cancer waits", "GPRIVATE")).notice);
    expect(privately).toContain("I can't see this conversation (a private channel I'm not in, or a direct message)");
    expect(privately).toContain("/invite @Plan Dialogue");

    world.fake.failNext = { "chat.postMessage": "fatal_error" };
    const unexpected = textOf((await planWithNotice("discuss 02N Mental health", "C02N")).notice);
    expect(unexpected).toMatch(/D4 with 02N \(Mental health\) is open, but .*error id [0-9a-f]{8}/);
    expect(unexpected).toContain("Don't run `discuss` again");
    expect(unexpected).not.toMatch(/try again/i);
    const d = await world.prisma.discussion.findUniqueOrThrow({ where: { id: 4 } });
    expect(d.threadRootId).toBeNull();
  });

  it("opened with an @mention: the notice is an ephemeral message to the person who mentioned the bot", async () => {
    // the answer in the mention's thread goes out; the root message, posted outside any thread, is refused
    world.fake.failWhen.push({ method: "chat.postMessage", match: (m) => !m.thread_ts, error: "fatal_error" });
    await world.event("T1", {
      type: "app_mention",
      user: "UJO",
      text: "<@UBOT> discuss 02N Community beds",
      channel: "C02N",
      ts: "1700.5",
    });
    const notice = await world.waitFor(() =>
      world.fake.callsTo("chat.postEphemeral").find((m) => textOf(m).includes("D5 with 02N")),
    );
    expect(notice).toMatchObject({ channel: "C02N", user: "UJO", thread_ts: "1700.5" });
    expect(textOf(notice)).toContain("Don't run `discuss` again");
    expect((await world.prisma.discussion.findUniqueOrThrow({ where: { id: 5 } })).threadRootId).toBeNull();
  });

  it("two people asking for a thread at once: one root survives, the other is taken back", async () => {
    // D3: opened where the bot is not, so it has no thread; then two `thread D3` race from the same channel.
    world.fake.failNext = { "chat.postMessage": "not_in_channel" };
    await planWithNotice("discuss 02N Race for a thread", "CRACE");
    const d3 = await world.prisma.discussion.findFirstOrThrow({ where: { topic: "Race for a thread" } });
    await world.plan(jo, `action D${d3.id} Agree the race rules due 10 Dec`, "CRACE");
    const before = world.fake.callsTo("chat.postMessage").length;

    // Each root post is held until both have arrived, so both commands pass the "no thread yet" check.
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    world.fake.beforeAnswer = async (method, body) => {
      if (method !== "chat.postMessage" || body.thread_ts || body.channel !== "CRACE") return;
      if (++arrived === 2) release();
      await bothArrived;
    };
    try {
      const answered = world.fake.responses.length;
      await Promise.all([world.plan(jo, `thread D${d3.id}`, "CRACE"), world.plan(jo, `thread D${d3.id}`, "CRACE")]);
      // Done when both have their notice: the winner's "Posted …" (after its card) and the loser's "taken back".
      await world.waitFor(() => world.fake.responses.length >= answered + 4, "both commands' notices");
    } finally {
      world.fake.beforeAnswer = undefined;
    }

    const roots = world.fake
      .callsTo("chat.postMessage")
      .slice(before)
      .filter((m) => !m.thread_ts);
    const deleted = world.fake.callsTo("chat.delete");
    expect(roots).toHaveLength(2);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ channel: "CRACE" });
    const d = await world.prisma.discussion.findUniqueOrThrow({ where: { id: d3.id } });
    expect(d.threadChannel).toBe("CRACE");
    const cards = world.fake.callsTo("chat.postMessage").filter((m) => m.thread_ts && m.channel === "CRACE");
    expect(cards.filter((m) => m.thread_ts === d.threadRootId)).toHaveLength(1); // the one action, once
    expect(cards.filter((m) => m.thread_ts !== d.threadRootId)).toEqual([]);
  });

  it("never in a channel linked only to another organisation: `discuss` and `thread` are refused there, nothing changes", async () => {
    const alex: SlackUser = { teamId: "T1", userId: "UALEX", name: "alex" }; // 02W
    await world.register(alex, "Alex Ray", "02W", "ADMIN");
    await world.plan(alex, "link 02W", "C02W");
    const discussions = await world.prisma.discussion.count();
    const posts = world.fake.callsTo("chat.postMessage").length;

    const opened = await planAnswer("discuss 02N Shown to the neighbours", "C02W");
    expect(opened).toContain(
      "This channel is linked to 02W, not to 02N or Q52: opening a discussion with 02N here would show their discussion to people outside it.",
    );
    expect(opened).toContain("Run it in a channel of 02N or Q52, or in a direct message with me.");

    const threadless = await world.prisma.discussion.findFirstOrThrow({
      where: { threadRootId: null, status: "OPEN" },
    });
    const thread = await planAnswer(`thread D${threadless.id}`, "C02W");
    expect(thread).toContain(
      `This channel is linked to 02W, not to 02N or Q52: posting D${threadless.id}'s thread here`,
    );

    expect(await world.prisma.discussion.count()).toBe(discussions);
    expect(world.fake.callsTo("chat.postMessage")).toHaveLength(posts);
    expect((await world.prisma.discussion.findUniqueOrThrow({ where: { id: threadless.id } })).threadRootId).toBeNull();
  });
});
