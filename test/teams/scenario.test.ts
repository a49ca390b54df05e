// The same story as on Slack, in Teams, clicking the real cards' buttons:
// status → open a discussion → propose an action (dialog) → the other party agrees → done.
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.register(users.jo, "02N", "ADMIN");
  // Sam of the area team joins the CCG's (shared) channel from the area team's own tenant, and acts for it
  await h.register(users.sam, "Q52", "MEMBER");
});
afterAll(() => h.close());

const channel = { kind: "channel" as const, channelName: "02N planning" };

it("a CCG and its area team agree an action in a Teams thread, and the card says so for everyone", async () => {
  await h.say(users.jo, "link 02N", channel);

  // 1. status
  await h.say(users.jo, "status 02N", channel);
  expect(cardText(cardOf(h.connector.sends().at(-1)!))).toMatch(
    /02N NHS Airedale, Wharfedale and Craven CCG[\s\S]*RAG/,
  );

  // 2. open a discussion: its root card is a new post in the channel
  await h.say(users.jo, "discuss 02N A&E 4-hour recovery", channel);
  const root = h.connector
    .sends()
    .find((s) => s.conversationId === CHANNEL && cardText(cardOf(s)).includes("D1 · 02N"))!;
  expect(root).toBeDefined();
  const thread = { kind: "channel" as const, rootId: root.activityId! };
  const threadId = `${CHANNEL};messageid=${root.activityId}`;

  // 3. propose an action with the root card's button: a dialog opens, is filled in, and the card lands in the thread
  const propose = buttonsOf(cardOf(root)).find((b) => b.title === "Propose an action")!;
  const opened = await h.post(h.invoke(users.jo, "task/fetch", { data: propose.data }, thread, root.activityId));
  expect(opened.status).toBe(200);
  const dialog = opened.body as { task: { type: string; value: { title: string; card: { content: unknown } } } };
  expect(dialog.task.type).toBe("continue");
  expect(dialog.task.value.title).toBe("Propose an action in D1");
  const submit = buttonsOf(dialog.task.value.card.content).find((b) => b.title === "Propose")!;
  const submitted = await h.post(
    h.invoke(
      users.jo,
      "task/submit",
      { data: { ...submit.data, text: "Publish the A&E recovery plan", owner: "me", due: "2014-01-10" } },
      thread,
      root.activityId,
    ),
  );
  expect(submitted.body).toEqual({
    task: {
      type: "message",
      value: "Proposed A1: Publish the A&E recovery plan. It is waiting for the area team to agree.",
    },
  });
  await h.channel.drain();
  const actionCard = h.connector.sends().find((s) => s.conversationId === threadId)!;
  expect(cardText(cardOf(actionCard))).toMatch(
    /Proposed action[\s\S]*A1 · Publish the A&E recovery plan[\s\S]*Jo Smith[\s\S]*Fri 10 Jan 2014[\s\S]*waiting for the area team/,
  );

  // 4. the area team agrees with the card's button: Sam sees the new card at once, everyone else by the update
  const agree = buttonsOf(cardOf(actionCard)).find((b) => b.title === "Agree")!;
  expect(agree.type).toBe("Action.Execute");
  const agreed = await h.post(
    h.invoke(
      users.sam,
      "adaptiveCard/action",
      { action: { type: "Action.Execute", verb: agree.data.actionId, data: agree.data } },
      thread,
      actionCard.activityId,
    ),
  );
  const agreedBody = agreed.body as { statusCode: number; type: string; value: unknown };
  expect(agreedBody.statusCode).toBe(200);
  expect(agreedBody.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardText(agreedBody.value)).toMatch(/Agreed action[\s\S]*Agreed by both sides/);
  await h.channel.drain();
  const update = h.connector
    .updates()
    .filter((u) => u.activityId === actionCard.activityId)
    .at(-1)!;
  expect(update.conversationId).toBe(threadId);
  expect(cardText(cardOf(update))).toMatch(/Agreed by both sides/);

  // 5. done, from the updated card
  const done = buttonsOf(agreedBody.value).find((b) => b.title === "Done")!;
  const finished = await h.post(
    h.invoke(
      users.jo,
      "adaptiveCard/action",
      { action: { type: "Action.Execute", verb: done.data.actionId, data: done.data } },
      thread,
      actionCard.activityId,
    ),
  );
  expect(cardText((finished.body as { value: unknown }).value)).toMatch(/^Done[\s\S]*Status\nDone/);
  await h.channel.drain();
  expect(
    buttonsOf(
      cardOf(
        h.connector
          .updates()
          .filter((u) => u.activityId === actionCard.activityId)
          .at(-1)!,
      ),
    ),
  ).toEqual([]);

  // the root card counts it, and the audit trail has every step
  const rootNow = h.connector
    .updates()
    .filter((u) => u.activityId === root.activityId)
    .at(-1)!;
  expect(cardText(cardOf(rootNow))).toContain("0 agreed, 0 waiting for agreement, 1 done");
  const events = await h.core.prisma.actionEvent.findMany({ where: { actionId: 1 }, orderBy: { at: "asc" } });
  expect(events.map((e) => `${e.kind} ${e.actorName} ${e.party}`)).toEqual([
    "proposed Jo Smith CCG",
    "agreed Sam Patel AREA_TEAM",
    "done Jo Smith CCG",
  ]);
});
