// The appraisal in Teams: `appraisal` (and the channel's prompt) carries an "Answer" button that opens a dialog
// (task/fetch) with an expanded choice set per statement and a comment; task/submit with a rating missing shows the
// dialog again with the mistake and the choices kept, stores nothing; a full answer is recorded once, apart from the
// name; the area team's people, and who has answered, are told why instead of getting the form.
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppraisalService } from "../../src/core/appraisal/appraisal";
import { buttonsOf, cardOf, startHarness, users, type Harness } from "./harness";

let h: Harness;
const channel = { kind: "channel" as const, channelName: "02N planning" };
type Task = { task: { type: string; value: unknown } };

beforeAll(async () => {
  h = await startHarness({ now: "2014-05-06T10:00:00Z" });
  await h.register(users.jo, "02N", "MEMBER");
  await h.register(users.sam, "Q52", "MEMBER");
  await new AppraisalService(h.core.prisma, h.core.organisations).open(2014, h.clock.now());
});
afterAll(() => h.close());

const fetchDialog = async (user: typeof users.jo, data: unknown) =>
  (await h.post(h.invoke(user, "task/fetch", { data }, channel))).body as Task;
const submit = async (user: typeof users.jo, data: unknown) =>
  (await h.post(h.invoke(user, "task/submit", { data }, channel))).body as Task;

it("Answer opens the form; a missing rating comes back with the choices kept; a full answer is recorded once", async () => {
  await h.say(users.jo, "appraisal", channel);
  const answer = buttonsOf(cardOf(h.connector.sends().at(-1)!)).find((b) => b.title === "Answer")!;
  expect(answer.data).toMatchObject({
    actionId: "appraisal.form",
    payload: { year: 2014 },
    msteams: { type: "task/fetch" },
  });

  const opened = await fetchDialog(users.jo, answer.data);
  expect(opened.task.type).toBe("continue");
  const form = (opened.task.value as { title: string; card: { content: { body: Record<string, unknown>[] } } }).card
    .content;
  const choiceSets = form.body.filter((e) => e.type === "Input.ChoiceSet");
  expect(choiceSets.map((c) => [c.id, c.style, c.isRequired])).toEqual([
    ["q1", "expanded", true],
    ["q2", "expanded", true],
    ["q3", "expanded", true],
    ["q4", "expanded", true],
  ]);
  const send = buttonsOf(form).find((b) => b.title === "Send")!;

  const missing = await submit(users.jo, { ...send.data, q1: "4", q2: "3", q4: "2", comment: "" });
  expect(missing.task.type).toBe("continue");
  const again = JSON.stringify(missing.task.value);
  expect(again).toContain("Choose a rating for this statement.");
  expect(again).toContain('"id":"q1","label":"1. The area team listens');
  const kept = (missing.task.value as { card: { content: { body: Record<string, unknown>[] } } }).card.content.body;
  expect(kept.filter((e) => e.type === "Input.ChoiceSet").map((e) => e.value ?? null)).toEqual(["4", "3", null, "2"]);
  expect(await h.core.prisma.appraisalAnswer.count()).toBe(0);

  const done = await submit(users.jo, { ...send.data, q1: "4", q2: "3", q3: "5", q4: "2", comment: "Clear asks" });
  expect(done.task).toEqual({
    type: "message",
    value: expect.stringMatching(/02N's answer to the 2014 appraisal is recorded, apart from your name/),
  });
  const twice = await submit(users.jo, { ...send.data, q1: "4", q2: "3", q3: "5", q4: "2" });
  expect(String(twice.task.value)).toMatch(/You have already answered the 2014 appraisal/);
  const answers = await h.core.prisma.appraisalAnswer.findMany();
  expect(answers.map((a) => [a.ccgCode, a.ratings, a.comment])).toEqual([["02N", [4, 3, 5, 2], "Clear asks"]]);
});

it("the area team, and who has answered, get the reason instead of the form", async () => {
  const data = { actionId: "appraisal.form", payload: { year: 2014 } };
  expect(String((await fetchDialog(users.sam, data)).task.value)).toMatch(/Only a CCG appraises its area team/);
  expect(String((await fetchDialog(users.jo, data)).task.value)).toMatch(/You have already answered/);
});
