// The same checkpoint in Teams, with the real cards' buttons (Action.Execute): 02N rates "clear and credible plans"
// green, Q52 red; both see the difference, a click opens a discussion on it, both parties mark it discussed, and
// one side alone never completes it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { assuranceKey } from "../../commands/assurance";
import { AUTHORISATION_DOMAINS, parseQuarter } from "../../src/core/assurance/domains";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "../teams/harness";

let h: Harness;
const channel = { kind: "channel" as const, channelName: "02N planning" };
const Q = "Q2 2013/14";
const PUBLIC_URL = "https://plan-dialogue.example.nhs.uk";

beforeAll(async () => {
  h = await startHarness({ now: "2013-11-20T10:00:00Z", publicUrl: PUBLIC_URL });
  await h.register(users.jo, "02N", "ADMIN");
  await h.register(users.kim, "02N", "MEMBER");
  await h.register(users.sam, "Q52", "MEMBER");
  await h.register(users.alex, "03A", "MEMBER");
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

it("the checkpoint document for board papers: a signed download for the CCG's people, refused to another organisation", async () => {
  await h.say(users.jo, `assurance 02N ${Q} export`, channel);
  const card = lastCard();
  expect(cardText(card)).toMatch(/printable document of 02N's Q2 2013\/14 assurance checkpoint/);
  const link = JSON.stringify(card).match(/"url":"([^"]+)"/)![1]!;
  expect(link.startsWith(`${PUBLIC_URL}/files/assurance/02N/2013-Q2/`)).toBe(true);
  const res = await fetch(link.replace(PUBLIC_URL, h.url));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(res.headers.get("content-disposition")).toBe('attachment; filename="assurance-02N-Q2-2013-14.html"');
  const html = await res.text();
  for (const d of AUTHORISATION_DOMAINS) expect(html).toContain(d.name.replace(/&/g, "&amp;"));
  expect(html).toMatch(/Our view/);

  // Alex, of 03A, is refused the command, and a link made for Alex is refused by the route.
  expect(await say(users.alex, `assurance 02N ${Q} export`)).toMatch(/Only 02N and its area team Q52/);
  const alex = await h.core.prisma.person.findFirstOrThrow({ where: { organisationCode: "03A" } });
  const forAlex = h.core.fileLinks!.url(assuranceKey("02N", parseQuarter(Q), alex.id))!;
  const refused = await fetch(forAlex.replace(PUBLIC_URL, h.url));
  expect(refused.status).toBe(403);
  expect(await refused.text()).toMatch(/Only 02N and its area team Q52/);
  // A link the bot did not sign is refused too.
  expect((await fetch(link.replace(PUBLIC_URL, h.url).replace("02N", "03A"))).status).toBe(403);
});
