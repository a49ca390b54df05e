// An action's cards in Teams, as the Playground shows them: every copy of an action's card (the proposer's
// personal-chat answer, a card clicked elsewhere) follows the action; each person sees only the buttons they may
// press (Universal Actions refresh: the card lists the people whose clients ask for their own view); a step typed
// in the action's own thread is answered in words, not with a second live card; long answers are not cut.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHANNEL,
  buttonsOf,
  cardOf,
  cardText,
  startHarness,
  users,
  type Harness,
  type TeamsUser,
  type Where,
} from "./harness";

let h: Harness;
const personal = (user: TeamsUser): Where => ({ kind: "personal", user });
const personalId = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;
let rootId: string;
const threadId = () => `${CHANNEL};messageid=${rootId}`;

/** The last card sent to a conversation, and its activity id. */
function lastSend(conversationId: string) {
  const sends = h.connector.sends().filter((s) => s.conversationId === conversationId);
  if (!sends.length) throw new Error(`nothing sent to ${conversationId}`);
  return sends.at(-1)!;
}

/** The card of a message as it now reads: its latest update, else as it was sent. */
function latest(activityId: string) {
  const call =
    h.connector
      .updates()
      .filter((u) => u.activityId === activityId)
      .at(-1) ?? h.connector.sends().find((s) => s.activityId === activityId);
  return cardOf(call!);
}

const titles = (card: unknown) => buttonsOf(card).map((b) => b.title);

/** What a person's Teams client does when it shows a card with a refresh clause listing them. */
async function refreshAs(user: TeamsUser, card: Record<string, unknown>, where: Where, activityId: string) {
  const refresh = card.refresh as { action: { verb: string; data: unknown }; userIds: string[] };
  const res = await h.post(
    h.invoke(
      user,
      "adaptiveCard/action",
      {
        action: { type: "Action.Execute", verb: refresh.action.verb, data: refresh.action.data },
        trigger: "automatic",
      },
      where,
      activityId,
    ),
  );
  return res.body as { statusCode: number; type: string; value: unknown };
}

beforeAll(async () => {
  h = await startHarness();
  await h.register(users.jo, "02N", "ADMIN");
  await h.register(users.kim, "02N");
  await h.register(users.sam, "Q52"); // from the area team's own tenant, in the CCG's channel
  await h.register(users.alex, "02W");
  await h.say(users.jo, "link 02N", { kind: "channel" });
  await h.say(users.jo, "discuss 02N Referral to treatment", { kind: "channel" });
  rootId = (await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } })).threadRootId!;
});
afterAll(() => h.close());

describe("an action's cards in Teams", () => {
  it("the proposer's personal-chat copy follows the action to done, and never offers them Agree", async () => {
    await h.say(users.jo, "action D1 Publish the RTT trajectory owner Jo Smith due 10 Jan", personal(users.jo));
    const copy = lastSend(personalId(users.jo));
    const copyCard = cardOf(copy);
    expect(cardText(copyCard)).toMatch(/Proposed[\s\S]*waiting for the area team/);
    // the proposer may edit or withdraw their proposal, not agree it for the other side
    expect(titles(copyCard)).toEqual(["Edit", "Drop"]);
    expect(copyCard.refresh).toMatchObject({ action: { type: "Action.Execute" }, userIds: [users.jo.id] });

    const threadCard = lastSend(threadId());
    expect(cardText(cardOf(threadCard))).toMatch(/A1 · Publish the RTT trajectory/);

    // Sam agrees from the thread's card; Kim marks it done by typing in her own chat
    const agree = buttonsOf(cardOf(threadCard)).find((b) => b.title === "Agree")!;
    await h.post(
      h.invoke(
        users.sam,
        "adaptiveCard/action",
        { action: { type: "Action.Execute", verb: agree.data.actionId, data: agree.data } },
        { kind: "channel", rootId },
        threadCard.activityId,
      ),
    );
    await h.channel.drain();
    expect(cardText(latest(copy.activityId!))).toMatch(/Agreed by both sides/);
    await h.say(users.kim, "done A1", personal(users.kim));
    const kimsCopy = lastSend(personalId(users.kim)).activityId!;

    // every copy reads Done, with no buttons left to press
    for (const id of [copy.activityId!, threadCard.activityId!, kimsCopy]) {
      expect(cardText(latest(id))).toMatch(/^Done/);
      expect(titles(latest(id))).toEqual([]);
    }
    const updated = h.connector.updates().filter((u) => u.activityId === copy.activityId);
    expect(updated.at(-1)!.conversationId).toBe(personalId(users.jo));
  });

  it("each person's client shows them only the buttons they may press", async () => {
    await h.say(users.jo, "action D1 Audit the referral letters", personal(users.jo));
    const threadCard = lastSend(threadId());
    const card = cardOf(threadCard);
    const listed = (card.refresh as { userIds: string[] }).userIds;
    expect(listed).toContain(users.jo.id);

    const where: Where = { kind: "channel", rootId };
    const jo = await refreshAs(users.jo, card, where, threadCard.activityId!);
    expect(jo.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(titles(jo.value)).toEqual(["Edit", "Drop"]);
    const kim = await refreshAs(users.kim, card, where, threadCard.activityId!);
    expect(titles(kim.value)).toEqual(["Edit", "Drop"]); // her side has agreed already
    const sam = await refreshAs(users.sam, card, where, threadCard.activityId!);
    expect(titles(sam.value)).toEqual(["Agree", "Edit", "Drop"]);
    const alex = await refreshAs(users.alex, card, where, threadCard.activityId!);
    expect(alex.value).toMatch(/Only 02N and its area team Q52 can see A\d+/);
    // a view changes nothing
    const a = await h.core.prisma.action.findFirstOrThrow({ where: { text: "Audit the referral letters" } });
    expect(a.status).toBe("PROPOSED");
    expect(await h.core.prisma.actionEvent.count({ where: { actionId: a.id } })).toBe(1);
  });

  it("agree typed in the action's own thread updates its card there and answers in words", async () => {
    await h.say(users.jo, "action D1 Share the demand model", { kind: "channel", rootId });
    const a = await h.core.prisma.action.findFirstOrThrow({ where: { text: "Share the demand model" } });
    const cardId = (a.messageRef as { TEAMS: { activityId: string } }).TEAMS.activityId;
    const before = h.connector.sends().filter((s) => s.conversationId === threadId()).length;

    await h.say(users.sam, `agree A${a.id}`, { kind: "channel", rootId });
    const after = h.connector.sends().filter((s) => s.conversationId === threadId());
    expect(after).toHaveLength(before + 1);
    const answer = cardOf(after.at(-1)!);
    expect(cardText(answer)).toMatch(
      new RegExp(`A${a.id}: Agreed by both sides. Its card in this thread is up to date`),
    );
    expect(buttonsOf(answer)).toEqual([]); // not a second live card
    expect(cardText(latest(cardId))).toMatch(/Agreed action[\s\S]*Agreed by both sides/);
  });
});

describe("long answers in Teams", () => {
  it("status shows every indicator of a CCG's national ask in one card", async () => {
    await h.say(users.jo, "status 02N", personal(users.jo));
    const card = cardOf(lastSend(personalId(users.jo)));
    const text = cardText(card);
    expect(text).not.toMatch(/more indicators?/);
    const rows = JSON.stringify(card).match(/"type":"TableRow"/g)!.length;
    const status = await h.core.indicators.statusOf("02N", h.clock.now());
    const expected = status.national.length + status.local.length;
    expect(expected).toBeGreaterThan(15);
    expect(rows).toBe(expected + (status.local.length ? 2 : 1)); // one header row per table
  });

  it("help lists every command, with no list cut short", async () => {
    await h.say(users.newcomer, "help", personal(users.newcomer));
    const text = cardText(cardOf(lastSend(personalId(users.newcomer))));
    expect(text).not.toMatch(/…and \d+ more/);
    expect(text).toContain("help \\[command\\]"); // the last command of the last list
  });
});
