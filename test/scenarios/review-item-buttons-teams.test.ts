// A review item posted in Teams (the proactive sender, as the scheduler posts it) carries Action.Execute buttons:
// "Open discussion" opens a discussion tied to the item (its root card a new post in the channel); "Note as
// resolved" notes it for the clicker's side, resolved only once someone of the other party notes it too. The same
// side again changes nothing and says why; the clicks arrive as adaptiveCard/action invokes.
import { afterAll, beforeAll, expect, it } from "vitest";
import { logger } from "../../src/logging/logger";
import { reviewItemReply } from "../../src/reply/views/escalation";
import { TeamsSchedulerSender } from "../../src/teams/scheduler-sender";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "../teams/harness";

let h: Harness;
const channel = { kind: "channel" as const, channelName: "02N planning" };
type User = (typeof users)[keyof typeof users];

beforeAll(async () => {
  h = await startHarness({ now: "2013-11-20T10:00:00Z" });
  await h.register(users.jo, "02N", "ADMIN");
  await h.register(users.kim, "02N", "MEMBER");
  await h.register(users.sam, "Q52", "MEMBER");
  await h.say(users.jo, "link 02N", channel);
  await h.core.prisma.reviewItem.create({
    data: {
      key: "constitution-red:02N:ae_4hr:2013-07-01",
      ruleId: "constitution-red",
      rulesVersion: 1,
      ccgCode: "02N",
      areaTeamCode: "Q52",
      title: "A&E 4-hour red for 3 consecutive months",
      figures: ["Jul 2013: 90.0% (standard 95.0%)"],
      raisedAt: h.clock.now(),
    },
  });
});
afterAll(() => h.close());

/** Posts R1 as the scheduler does and returns the card's buttons. */
async function posted() {
  const item = await h.core.prisma.reviewItem.findUniqueOrThrow({ where: { id: 1 } });
  const [link] = await h.core.links.channelsOf(["02N"]);
  await h.channel.sender.send(link!.conversationRef, reviewItemReply(item));
  return buttonsOf(cardOf(h.connector.sends().at(-1)!));
}

const click = async (u: User, b: { data: Record<string, unknown> }) => {
  const res = await h.post(
    h.invoke(
      u,
      "adaptiveCard/action",
      { action: { type: "Action.Execute", verb: b.data.actionId, data: b.data } },
      channel,
      "1",
    ),
  );
  await h.channel.drain();
  return res.body as { statusCode: number; type: string; value: unknown };
};

it("a posted review item in Teams: a discussion opened from its button, then noted by both parties", async () => {
  const buttons = await posted();
  expect(buttons.map((b) => [b.title, b.type, b.data.actionId])).toEqual([
    ["Open discussion", "Action.Execute", "review-item.discuss"],
    ["Note as resolved", "Action.Execute", "review-item.noted"],
  ]);
  const [discuss, note] = buttons as [(typeof buttons)[0], (typeof buttons)[0]];

  const opened = await click(users.sam, discuss);
  expect(opened.type).toBe("application/vnd.microsoft.activity.message");
  expect(String(opened.value)).toMatch(/opened D1 on R1/);
  const root = h.connector
    .sends()
    .find((s) => s.conversationId === CHANNEL && cardText(cardOf(s)).includes("D1 · 02N · R1: A&E 4-hour red"));
  expect(root).toBeDefined();
  expect(await h.core.prisma.reviewItem.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ discussionId: 1 });
  const again = await click(users.jo, discuss);
  expect(String(again.value)).toMatch(/R1 is already in discussion D1/);
  expect(await h.core.prisma.discussion.count()).toBe(1);

  const byJo = await click(users.jo, note);
  expect(byJo.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardText(byJo.value)).toMatch(/noted R1 for the CCG\. It is resolved when Q52 notes it too/);
  for (const same of [users.jo, users.kim]) {
    const refused = await click(same, note);
    expect(refused.type).toBe("application/vnd.microsoft.activity.message");
    expect(String(refused.value)).toMatch(/The CCG has already noted R1/);
  }
  expect((await h.core.prisma.reviewItem.findUniqueOrThrow({ where: { id: 1 } })).resolvedAt).toBeNull();

  const bySam = await click(users.sam, note);
  expect(cardText(bySam.value)).toMatch(/R1 is resolved: both 02N and Q52 have noted it/);
  const events = await h.core.prisma.reviewItemEvent.findMany({ where: { itemId: 1 }, orderBy: { at: "asc" } });
  // The clock stands still in tests: the events share one time, so compare them as a set.
  expect(events.map((e) => e.kind).sort()).toEqual(["discussion", "noted", "noted", "resolved"]);
  expect(await posted()).toEqual([]);

  const unreadable = await click(users.jo, { data: { actionId: "review-item.noted", payload: { itemId: "x" } } });
  expect(String(unreadable.value)).toMatch(/That button is out of date/);
});

it("the scheduler's Teams sender gives the card's activity id, and updates that card in place once it is resolved", async () => {
  const item = await h.core.prisma.reviewItem.findUniqueOrThrow({ where: { id: 1 } });
  const sender = new TeamsSchedulerSender(h.core, h.channel.sender, logger);
  const target = { kind: "channel" as const, channelId: CHANNEL };
  const sent = await sender.send(target, reviewItemReply({ ...item, resolvedAt: null, resolvedHow: null }));
  expect(sent?.messageId).toBe(h.connector.sends().at(-1)!.activityId);
  await sender.update(target, sent!.messageId, reviewItemReply(item));
  const update = h.connector.updates().at(-1)!;
  expect(update.activityId).toBe(sent!.messageId);
  expect(cardText(cardOf(update))).toMatch(/resolved .*noted by both parties/);
  expect(buttonsOf(cardOf(update))).toEqual([]);
});
