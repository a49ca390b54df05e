// The same checkpoint in Teams, with the real cards' buttons (Action.Execute): 02N rates "clear and credible plans"
// green, Q52 red; both see the difference, a click opens a discussion on it, both parties mark it discussed, and
// one side alone never completes it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { AUTHORISATION_DOMAINS } from "../../src/core/assurance/domains";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "../teams/harness";

let h: Harness;
const channel = { kind: "channel" as const, channelName: "02N planning" };
const Q = "Q2 2013/14";

beforeAll(async () => {
  h = await startHarness({ now: "2013-11-20T10:00:00Z" });
  await h.register(users.jo, "02N", "ADMIN");
  await h.register(users.kim, "02N", "MEMBER");
  await h.register(users.sam, "Q52", "MEMBER");
});
afterAll(() => h.close());

/** What the bot answered last in the channel, as text. */
const lastCard = () => cardOf(h.connector.sends().at(-1)!);
const say = async (u: (typeof users)[keyof typeof users], text: string) => {
  await h.say(u, text, channel);
  return cardText(lastCard());
};
const click = async (u: (typeof users)[keyof typeof users], b: { data: Record<string, unknown> }) => {
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

it("a checkpoint in Teams: two views side by side, a discussion opened from the difference, discussed by both", async () => {
  await h.say(users.jo, "link 02N", channel);
  for (const d of AUTHORISATION_DOMAINS) {
    await say(users.jo, `assurance 02N ${Q} self ${d.key} ${d.key === "clear-plans" ? "green" : "amber"} "Our view"`);
    await say(
      users.sam,
      `assurance 02N ${Q} view ${d.key} ${d.key === "clear-plans" ? "red" : "amber"} "Area team view"`,
    );
  }
  expect(await h.core.prisma.assuranceView.count()).toBe(12);

  // Both see the difference.
  for (const who of [users.jo, users.sam])
    expect(await say(who, `assurance 02N ${Q}`)).toMatch(
      /Clear and credible plans: 02N GREEN · Q52 RED · ⚠ the views differ by 2 steps/,
    );

  // Jo opens a discussion on it from the card's button: its root card is a new post in the channel.
  const discuss = buttonsOf(lastCard()).find((b) => b.title === "Discuss: Clear and credible plans")!;
  expect(discuss.type).toBe("Action.Execute");
  const opened = await click(users.jo, discuss);
  expect(opened.type).toBe("application/vnd.microsoft.activity.message");
  expect(String(opened.value)).toMatch(/opened D1 with 02N/);
  const root = h.connector
    .sends()
    .find((s) => s.conversationId === CHANNEL && cardText(cardOf(s)).includes("D1 · 02N · Assurance Q2 2013/14"));
  expect(root).toBeDefined();
  expect(await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
    threadPlatform: "TEAMS",
    openedByParty: "CCG",
  });

  // Jo marks it discussed with the button: not complete until the area team says so.
  const card = await say(users.jo, `assurance 02N ${Q}`);
  expect(card).toMatch(/in discussion D1/);
  const mark = buttonsOf(lastCard()).find((b) => b.title === "Mark discussed")!;
  const marked = await click(users.jo, mark);
  expect(marked.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardText(marked.value)).toMatch(/It is complete when Q52 says so too/);

  // Kim, of the same side, clicking the same button changes nothing.
  const byKim = await click(users.kim, mark);
  expect(byKim.type).toBe("application/vnd.microsoft.activity.message");
  expect(String(byKim.value)).toMatch(/The CCG has already said this checkpoint was discussed/);
  expect((await h.core.prisma.assuranceCheckpoint.findFirstOrThrow()).areaTeamDiscussedAt).toBeNull();

  // Sam completes it.
  const bySam = await click(users.sam, mark);
  expect(cardText(bySam.value)).toMatch(/checkpoint is complete: both 02N and Q52 say it was discussed/);
  const cp = await h.core.prisma.assuranceCheckpoint.findFirstOrThrow();
  expect(cp.ccgDiscussedAt && cp.areaTeamDiscussedAt).toBeTruthy();
});
