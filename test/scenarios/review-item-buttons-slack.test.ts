// A review item posted in Slack carries two buttons (block_actions, as Slack sends them from a Slack Connect
// channel): "Open discussion" opens a discussion tied to the item, its root in the channel; "Note as resolved" notes
// it for the clicker's side, and it is resolved only once someone of the other party notes it too. A second note by
// the same side, or by one person moved across, changes nothing and says why, privately. Every step is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewItemReply } from "../../src/reply/views/escalation";
import { SlackSender } from "../../src/slack/sender";
import { SlackWorld, textOf, type SlackUser } from "../slack/harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N
const kim: SlackUser = { teamId: "T1", userId: "UKIM", name: "kim" }; // 02N colleague
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52, own workspace (Slack Connect)

interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}
const buttonsOf = (message: unknown): SlackButton[] =>
  ((message as { blocks?: { type: string; elements?: SlackButton[] }[] }).blocks ?? [])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);

/** Posts R<id> to C02N as the scheduler does (the real Slack sender, to the fake Web API) and returns the post. */
async function post(id: number) {
  const item = await world.prisma.reviewItem.findUniqueOrThrow({ where: { id } });
  await new SlackSender("xoxb-test-token", world.fake.apiUrl).send(
    { kind: "channel", channelId: "C02N" },
    reviewItemReply(item),
  );
  return world.fake.callsTo("chat.postMessage").findLast((m) => textOf(m).includes(`R${id} `))!;
}

const ephemeralTo = (user: string, pattern: RegExp) =>
  world.waitFor(() => world.fake.callsTo("chat.postEphemeral").find((m) => m.user === user && pattern.test(textOf(m))));

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
  await world.register(kim, "Kim Lee", "02N", "MEMBER");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
  await world.plan(jo, "link 02N", "C02N");
  for (const n of [1, 2])
    await world.prisma.reviewItem.create({
      data: {
        key: `constitution-red:02N:ae_4hr:2013-0${n}-01`,
        ruleId: "constitution-red",
        rulesVersion: 1,
        ccgCode: "02N",
        areaTeamCode: "Q52",
        title: `A&E 4-hour red for 3 consecutive months (${n})`,
        figures: ["Jul 2013: 90.0% (standard 95.0%)"],
        raisedAt: world.clock.now(),
      },
    });
});
afterAll(() => world.stop());

describe("a review item's buttons on Slack", () => {
  it("the post has Open discussion and Note as resolved; Open discussion opens a discussion tied to the item", async () => {
    const posted = await post(1);
    const buttons = buttonsOf(posted);
    expect(buttons.map((b) => [b.text.text, b.action_id])).toEqual([
      ["Open discussion", "review-item.discuss"],
      ["Note as resolved", "review-item.noted"],
    ]);
    await world.click(sam, buttons[0]!.action_id, JSON.parse(buttons[0]!.value));
    const root = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => /D1 · 02N · R1: A&E 4-hour red/.test(textOf(m))),
    );
    expect(root.channel).toBe("C02N");
    await world.settle();
    expect(await world.prisma.reviewItem.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ discussionId: 1 });
    expect(await world.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
      ccgCode: "02N",
      openedByParty: "AREA_TEAM",
      threadChannel: "C02N",
    });
    // A second click opens nothing new and says which discussion holds it; the repost has no such button.
    await world.click(jo, buttons[0]!.action_id, JSON.parse(buttons[0]!.value));
    await ephemeralTo("UJO", /R1 is already in discussion D1/);
    expect(await world.prisma.discussion.count()).toBe(1);
    expect(buttonsOf(await post(1)).map((b) => b.text.text)).toEqual(["Note as resolved"]);
  });

  it("Note as resolved: one side never resolves it; the same side twice says why; the other party resolves it", async () => {
    const note = buttonsOf(await post(2)).find((b) => b.action_id === "review-item.noted")!;
    await world.click(jo, note.action_id, JSON.parse(note.value));
    const said = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => /Jo Smith noted R2 for the CCG/.test(textOf(m))),
    );
    expect(textOf(said)).toMatch(/It is resolved when Q52 notes it too/);

    await world.click(jo, note.action_id, JSON.parse(note.value));
    await ephemeralTo("UJO", /The CCG has already noted R2; it needs the area team to say so too/);
    await world.click(kim, note.action_id, JSON.parse(note.value));
    await ephemeralTo("UKIM", /The CCG has already noted R2/);
    expect((await world.prisma.reviewItem.findUniqueOrThrow({ where: { id: 2 } })).resolvedAt).toBeNull();

    await world.click(sam, note.action_id, JSON.parse(note.value));
    await world.waitFor(() =>
      world.fake
        .callsTo("chat.postMessage")
        .find((m) => /R2 is resolved: both 02N and Q52 have noted it/.test(textOf(m))),
    );
    const item = await world.prisma.reviewItem.findUniqueOrThrow({ where: { id: 2 } });
    expect(item.resolvedHow).toBe("noted by both parties");
    const events = await world.prisma.reviewItemEvent.findMany({ where: { itemId: 2 }, orderBy: { at: "asc" } });
    // The clock stands still in tests: the events share one time, so compare them as a set.
    expect(events.map((e) => [e.kind, e.party]).sort()).toEqual([
      ["noted", "AREA_TEAM"],
      ["noted", "CCG"],
      ["resolved", "AREA_TEAM"],
    ]);
    // Resolved: the post has no buttons left, and a late click says so.
    expect(buttonsOf(await post(2))).toEqual([]);
    await world.click(kim, note.action_id, JSON.parse(note.value));
    await ephemeralTo("UKIM", /R2 is already resolved \(noted by both parties\)/);
  });

  it("the scheduler's Slack sender gives the post's ts, and updates that post in place once it is resolved", async () => {
    const item = await world.prisma.reviewItem.findUniqueOrThrow({ where: { id: 2 } });
    const sender = new SlackSender("xoxb-test-token", world.fake.apiUrl);
    const target = { kind: "channel" as const, channelId: "C02N" };
    const sent = await sender.send(target, reviewItemReply({ ...item, resolvedAt: null, resolvedHow: null }));
    expect(sent?.messageId).toMatch(/^\d+\.\d+$/);
    await sender.update(target, sent!.messageId, reviewItemReply(item));
    const updated = world.fake.callsTo("chat.update").findLast((m) => m.ts === sent!.messageId)!;
    expect(updated.channel).toBe("C02N");
    expect(textOf(updated)).toMatch(/resolved .*noted by both parties/);
    expect(buttonsOf(updated)).toEqual([]);
  });

  it("a button whose data can't be read changes nothing", async () => {
    await world.click(jo, "review-item.noted", { itemId: "x" });
    await ephemeralTo("UJO", /That button's data could not be read; nothing was changed/);
  });
});
