// Every button on a Teams card: Agree, Done, Drop (Universal Actions), Edit and Propose (dialogs).
// A refusal is shown to the person who clicked and changes nothing; a step updates the card for everyone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness, type TeamsUser } from "./harness";

let h: Harness;
let rootId: string;
const threadId = () => `${CHANNEL};messageid=${rootId}`;
const thread = () => ({ kind: "channel" as const, rootId });

beforeAll(async () => {
  h = await startHarness();
  await h.register(users.jo, "02N", "ADMIN");
  await h.register(users.kim, "02N");
  await h.register(users.sam, "Q52", "MEMBER"); // from the area team's own tenant, in the CCG's channel
  await h.register(users.alex, "02W");
  await h.say(users.jo, "link 02N", { kind: "channel" });
  await h.say(users.jo, "discuss 02N Referral to treatment", { kind: "channel" });
  rootId = (await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } })).threadRootId!;
});
afterAll(() => h.close());
beforeEach(() => h.connector.reset());

async function propose(by: TeamsUser, text: string): Promise<{ id: number; cardId: string; card: unknown }> {
  const res = await h.post(
    h.invoke(
      by,
      "task/submit",
      { data: { actionId: "discussion.propose", payload: { discussionId: 1 }, text, owner: "", due: "" } },
      thread(),
      rootId,
    ),
  );
  expect((res.body as { task: { value: string } }).task.value).toMatch(/^Proposed A\d+/);
  await h.channel.drain();
  const id = Number(/A(\d+)/.exec((res.body as { task: { value: string } }).task.value)![1]);
  const sent = h.connector
    .sends()
    .find((s) => s.conversationId === threadId() && cardText(cardOf(s)).includes(`A${id} ·`))!;
  return { id, cardId: sent.activityId!, card: cardOf(sent) };
}

/** Clicks a button on the card as everyone now sees it (the latest update, else as first posted), or on `card`. */
async function click(by: TeamsUser, label: string, action: { cardId: string; card?: unknown }, card?: unknown) {
  const latest = h.connector
    .updates()
    .filter((c) => c.activityId === action.cardId)
    .at(-1);
  const source = card ?? (latest ? cardOf(latest) : action.card);
  const button = buttonsOf(source).find((b) => b.title === label);
  if (!button) throw new Error(`no ${label} button on the card`);
  const res = await h.post(
    h.invoke(
      by,
      "adaptiveCard/action",
      { action: { type: "Action.Execute", verb: button.data.actionId, data: button.data } },
      thread(),
      action.cardId,
    ),
  );
  await h.channel.drain();
  return res.body as { statusCode: number; type: string; value: unknown };
}

const status = async (id: number) => (await h.core.prisma.action.findUniqueOrThrow({ where: { id } })).status;

describe("Agree / Done / Drop", () => {
  it("refusals are shown only to the clicker, and nothing changes", async () => {
    const a = await propose(users.jo, "Publish the RTT trajectory");
    h.connector.reset();

    const colleague = await click(users.kim, "Agree", a);
    expect(colleague).toEqual({
      statusCode: 200,
      type: "application/vnd.microsoft.activity.message",
      value: expect.stringMatching(/^Your side has already agreed this action; it needs the area team to agree/),
    });
    const stranger = await click(users.alex, "Agree", a);
    expect(stranger.value).toMatch(/^Only 02N and its area team Q52 can see A\d+; you act for 02W/);
    const unknown = await click(users.newcomer, "Agree", a);
    expect(unknown.value).toMatch(/I don't know which organisation you act for yet/);
    const early = await click(
      users.jo,
      "Done",
      { cardId: a.cardId },
      {
        actions: [
          { type: "Action.Execute", title: "Done", data: { actionId: "action.done", payload: { actionId: a.id } } },
        ],
      },
    );
    expect(early.value).toMatch(/Only an agreed action can be marked done/);

    expect(h.connector.updates()).toEqual([]);
    expect(await status(a.id)).toBe("PROPOSED");
    expect(await h.core.prisma.actionEvent.count({ where: { actionId: a.id } })).toBe(1);
  });

  it("agree updates the card for everyone; a retried click is not applied twice", async () => {
    const a = await propose(users.jo, "Share the demand and capacity model");
    h.connector.reset();
    const agreeData = { actionId: "action.agree", payload: { actionId: a.id } };
    const invoke = h.invoke(
      users.sam,
      "adaptiveCard/action",
      { action: { type: "Action.Execute", verb: "action.agree", data: agreeData } },
      thread(),
      a.cardId,
    );
    const first = await h.post(invoke);
    const again = await h.post(invoke); // Teams retries an invoke it did not hear back from
    await h.channel.drain();
    expect(cardText((first.body as { value: unknown }).value)).toMatch(/Agreed by both sides/);
    expect(cardText((again.body as { value: unknown }).value)).toMatch(/Agreed by both sides/);
    expect(await h.core.prisma.actionEvent.count({ where: { actionId: a.id, kind: "agreed" } })).toBe(1);
    const updates = h.connector.updates().filter((u) => u.activityId === a.cardId);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates[0]!.conversationId).toBe(threadId());
    expect(cardText(cardOf(updates.at(-1)!))).toMatch(/Agreed action/);
  });

  it("drop: a proposal is withdrawn at once; an agreed action only when both sides ask", async () => {
    const withdrawn = await propose(users.jo, "Audit the discharge letters");
    expect(cardText((await click(users.jo, "Drop", withdrawn)).value)).toMatch(/^Dropped/);
    expect(await status(withdrawn.id)).toBe("DROPPED");

    const agreed = await propose(users.jo, "Run a winter surge exercise");
    await click(users.sam, "Agree", agreed);
    const asked = await click(users.sam, "Drop", agreed);
    expect(cardText(asked.value)).toMatch(/the area team asked to drop it/);
    // Sam's own card no longer offers Drop; pressed on the card everyone sees, it is refused
    expect(buttonsOf(asked.value).map((b) => b.title)).not.toContain("Drop");
    expect((await click(users.sam, "Drop", agreed)).value).toMatch(/Your side has already asked to drop this action/);
    expect(cardText((await click(users.kim, "Drop", agreed)).value)).toMatch(/^Dropped/);
    expect(await status(agreed.id)).toBe("DROPPED");
  });

  it("a button from an old card, or with a payload that does not parse, is answered, not crashed on", async () => {
    const res = await h.post(
      h.invoke(
        users.jo,
        "adaptiveCard/action",
        {
          action: {
            type: "Action.Execute",
            verb: "action.agree",
            data: { actionId: "action.agree", payload: { actionId: "A-one" } },
          },
        },
        thread(),
        "1",
      ),
    );
    expect(res.status).toBe(200);
    expect((res.body as { value: string }).value).toMatch(/out of date/);
    const missing = await h.post(
      h.invoke(
        users.jo,
        "adaptiveCard/action",
        { action: { type: "Action.Execute", data: { actionId: "action.agree", payload: { actionId: 999 } } } },
        thread(),
        "1",
      ),
    );
    expect((missing.body as { value: string }).value).toMatch(/There is no action A999/);
  });
});

describe("Action.Submit delivered as a message (a card's data, no typed command)", () => {
  it("agrees nothing, for the proposing side or the other, and the clicker is told why", async () => {
    const a = await propose(users.jo, "Publish the cancer waits recovery plan");
    h.connector.reset();
    const agree = { actionId: "action.agree", payload: { actionId: a.id } };
    // a colleague of the proposer, from the card in the thread (Teams: a message with `value` and no text)
    await h.post(
      h.message(users.kim, "", thread(), { text: undefined, entities: [], value: agree, replyToId: a.cardId }),
    );
    // and with a typed-looking text too, in a personal chat
    await h.post(h.message(users.kim, "agree", { kind: "personal", user: users.kim }, { value: agree }));
    // the other side gets the same answer: only Action.Execute (the invoke, with its checks) agrees
    await h.post(h.message(users.sam, "", thread(), { text: undefined, entities: [], value: agree }));
    await h.channel.drain();

    expect(await status(a.id)).toBe("PROPOSED");
    expect(await h.core.prisma.actionEvent.count({ where: { actionId: a.id } })).toBe(1);
    expect(h.connector.updates()).toEqual([]);
    const said = h.connector.sends().map((s) => cardText(cardOf(s)));
    expect(said).toHaveLength(3);
    for (const text of said) expect(text).toMatch(/That button is from a card I no longer act on, so nothing was done/);
  });
});

describe("dialogs: propose and edit", () => {
  it("the propose dialog validates what was typed and shows the mistakes in the dialog", async () => {
    const empty = await h.post(
      h.invoke(
        users.jo,
        "task/submit",
        { data: { actionId: "discussion.propose", payload: { discussionId: 1 }, text: "  ", due: "10/01/2014" } },
        thread(),
        rootId,
      ),
    );
    const again = empty.body as { task: { type: string; value: { card: { content: unknown } } } };
    expect(again.task.type).toBe("continue");
    const text = cardText(again.task.value.card.content);
    expect(text).toContain("Say what will be done.");
    expect(text).toContain("Pick the due date from the calendar (YYYY-MM-DD).");

    const past = await h.post(
      h.invoke(
        users.jo,
        "task/submit",
        { data: { actionId: "discussion.propose", payload: { discussionId: 1 }, text: "Do it", due: "2013-01-01" } },
        thread(),
        rootId,
      ),
    );
    const pastCard = (past.body as { task: { value: { card: { content: unknown } } } }).task.value.card.content;
    expect(cardText(pastCard)).toMatch(/The due date 2013-01-01 is in the past/);
    // what was typed is kept
    expect(JSON.stringify(pastCard)).toContain('"value":"Do it"');
    expect(await h.core.prisma.action.count({ where: { text: "Do it" } })).toBe(0);

    const stranger = await h.post(
      h.invoke(
        users.alex,
        "task/fetch",
        { data: { actionId: "discussion.propose", payload: { discussionId: 1 } } },
        thread(),
        rootId,
      ),
    );
    expect(stranger.body).toEqual({
      task: { type: "message", value: expect.stringMatching(/^Only 02N and its area team Q52 can see D1/) },
    });
  });

  it("edit opens with the action's values; a change goes back to proposed and the card follows", async () => {
    const a = await propose(users.jo, "Publish the cancer waits plan");
    await click(users.sam, "Agree", a);
    const editButton = buttonsOf(
      cardOf(
        h.connector
          .updates()
          .filter((u) => u.activityId === a.cardId)
          .at(-1)!,
      ),
    ).find((b) => b.title === "Edit")!;
    expect(editButton.data.msteams).toEqual({ type: "task/fetch" });

    const opened = await h.post(h.invoke(users.sam, "task/fetch", { data: editButton.data }, thread(), a.cardId));
    const form = (opened.body as { task: { value: { title: string; card: { content: unknown } } } }).task.value;
    expect(form.title).toBe(`Edit A${a.id}`);
    expect(JSON.stringify(form.card.content)).toContain('"value":"Publish the cancer waits plan"');

    const save = buttonsOf(form.card.content).find((b) => b.title === "Save changes")!;
    const saved = await h.post(
      h.invoke(
        users.sam,
        "task/submit",
        { data: { ...save.data, text: "Publish the cancer waits plan", owner: "Sam Patel", due: "2014-02-14" } },
        thread(),
        a.cardId,
      ),
    );
    expect(saved.body).toEqual({
      task: { type: "message", value: `Changed A${a.id}; it goes back to the other side for agreement.` },
    });
    await h.channel.drain();
    const card = cardText(
      cardOf(
        h.connector
          .updates()
          .filter((u) => u.activityId === a.cardId)
          .at(-1)!,
      ),
    );
    expect(card).toMatch(/Proposed action[\s\S]*Sam Patel[\s\S]*Fri 14 Feb 2014[\s\S]*waiting for the CCG to agree/);

    const done = await click(users.jo, "Agree", a);
    expect(cardText(done.value)).toMatch(/Agreed by both sides/);
    const closedEdit = await h.post(
      h.invoke(
        users.jo,
        "task/fetch",
        { data: { actionId: "action.edit", payload: { actionId: 999 } } },
        thread(),
        a.cardId,
      ),
    );
    expect((closedEdit.body as { task: { value: string } }).task.value).toMatch(/There is no action A999/);
  });
});
