// A plan line's Edit in Teams, over HTTP with the fake Bot Connector: the plan's card carries "Edit" beside
// "Discuss" as an Action.Submit that opens a dialog (task/fetch); the CCG's person gets one text input per period,
// prefilled; a bad value comes back in the dialog by its period, what was typed kept, nothing stored; a good form is
// the next version, closed with what moved and said in the channel, and Teams' redelivery of the same task/submit
// stores nothing twice (the same values again move nothing); the area team's person (from their own tenant, in 02N's
// channel) and another CCG's get the reason instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "./harness";

let h: Harness;
const channel = { kind: "channel" as const, channelName: "02N planning" };
type Card = { body: Record<string, unknown>[]; actions?: { data: Record<string, unknown> }[] };
type Task = { task: { type: string; value: unknown } };

const versions = () => h.core.prisma.planVersion.count({ where: { organisationCode: "02N" } });
const trajectories = () =>
  h.core.prisma.planTrajectory.findMany({
    where: { organisationCode: "02N", indicatorCode: "ae_4hr" },
    orderBy: { periodStart: "asc" },
    select: { periodStart: true, value: true },
  });
const fetchDialog = async (user: typeof users.jo, data: unknown) =>
  (await h.post(h.invoke(user, "task/fetch", { data }, channel))).body as Task;
const cardIn = (t: Task) => (t.task.value as { card: { content: Card } }).card.content;
const inputs = (card: Card) => card.body.filter((e) => e.type === "Input.Text");

/** The Edit button of ae_4hr on `plan 02N`, as `user` sees it in the channel. */
async function editButton(user: typeof users.jo) {
  await h.say(user, "plan 02N", channel);
  return buttonsOf(cardOf(h.connector.sends().at(-1)!)).find((b) => b.title === "Edit ae_4hr");
}

beforeAll(async () => {
  h = await startHarness({ demo: false });
  await h.register(users.jo, "02N", "MEMBER");
  await h.register(users.sam, "Q52", "MEMBER");
  await h.say(users.jo, "plan 02N set ae_4hr Apr 2014 93 May 2014 94", channel);
});
afterAll(() => h.close());

describe("editing a plan line in a Teams dialog", () => {
  it("shows Edit beside Discuss as a button that opens a dialog", async () => {
    const edit = await editButton(users.jo);
    expect(edit).toMatchObject({
      type: "Action.Submit",
      data: { actionId: "plan.edit", payload: { ccg: "02N", indicator: "ae_4hr" }, msteams: { type: "task/fetch" } },
    });
  });

  it("opens the form prefilled; a bad value comes back by its period with what was typed, and nothing is stored", async () => {
    const edit = (await editButton(users.jo))!;
    const opened = await fetchDialog(users.jo, edit.data);
    expect(opened.task.type).toBe("continue");
    const form = cardIn(opened);
    expect(inputs(form).map((i) => i.id)).toEqual([
      ...["04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `period_2014-${m}-01`),
      ...["01", "02", "03"].map((m) => `period_2015-${m}-01`),
      "note",
    ]);
    expect(inputs(form)[0]).toMatchObject({ label: "Apr 2014", value: "93" });
    expect(inputs(form)[1]).toMatchObject({ label: "May 2014", value: "94" });
    expect(inputs(form)[2]!.value).toBeUndefined();
    expect(cardText(form)).toMatch(/From 02N's plan version 1; saving makes version 2/);
    const save = buttonsOf(form).find((b) => b.title === "Save")!;
    const before = await trajectories();

    const bad = (
      await h.post(
        h.invoke(
          users.jo,
          "task/submit",
          {
            data: {
              ...save.data,
              "period_2014-04-01": "93",
              "period_2014-05-01": "94.5",
              "period_2014-06-01": "9x",
              "period_2014-07-01": "101",
              note: "winter",
            },
          },
          channel,
        ),
      )
    ).body as Task;
    expect(bad.task.type).toBe("continue");
    const shown = cardIn(bad);
    const text = cardText(shown);
    expect(text).toContain('Jun 2014: value "9x" is not a number');
    expect(text).toContain("Jul 2014: value 101 is not a percentage (0 to 100)");
    expect(text).toMatch(/Nothing was stored/);
    expect(text).not.toMatch(/May 2014:/);
    // each mistake is also said right under its period's input
    const under = (id: string) => shown.body[shown.body.findIndex((e) => e.id === id) + 1]!;
    expect(under("period_2014-06-01")).toMatchObject({ type: "TextBlock", color: "Attention" });
    expect(under("period_2014-06-01").text).toBe('Jun 2014: value "9x" is not a number');
    expect(under("period_2014-05-01").type).toBe("Input.Text");
    const kept = Object.fromEntries(inputs(shown).map((i) => [i.id, i.value]));
    expect(kept).toMatchObject({
      "period_2014-05-01": "94.5",
      "period_2014-06-01": "9x",
      "period_2014-07-01": "101",
      note: "winter",
    });
    expect(await versions()).toBe(1);
    expect(await trajectories()).toEqual(before);
  });

  it("stores a good form once however often Teams delivers it, closes with what moved and says it in the channel", async () => {
    const edit = (await editButton(users.jo))!;
    const save = buttonsOf(cardIn(await fetchDialog(users.jo, edit.data))).find((b) => b.title === "Save")!;
    const sends = h.connector.sends().length;
    const submit = h.invoke(
      users.jo,
      "task/submit",
      {
        data: {
          ...save.data,
          "period_2014-04-01": "93",
          "period_2014-05-01": "94.5",
          "period_2014-06-01": " 95 ",
          note: "after the winter review",
        },
      },
      channel,
    );
    const done = (await h.post(submit)).body as Task;
    expect(done.task.type).toBe("message");
    expect(String(done.task.value)).toMatch(
      /02N's plan version 2 is in, from Jo Smith \(02N\): ae\\_4hr moved in 2 periods\. Note: after the winter review ae\\_4hr May 2014: 94% → 94\.5%; ae\\_4hr Jun 2014: \(none\) → 95%/,
    );
    // Teams retries an invoke it thinks failed: the very same activity again
    const again = (await h.post(submit)).body as Task;
    expect(again.task).toEqual({ type: "message", value: expect.stringMatching(/already sent; nothing more/) });
    await h.channel.drain();
    expect(await versions()).toBe(2);
    expect(await h.core.prisma.planVersion.findFirstOrThrow({ where: { number: 2 } })).toMatchObject({
      submittedByParty: "CCG",
      note: "after the winter review",
      source: "teams edit: ae_4hr",
    });
    expect((await trajectories()).map((t) => t.value)).toEqual([93, 94.5, 95]);
    const posted = h.connector.sends().slice(sends);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.conversationId).toBe(CHANNEL);
    expect(cardText(cardOf(posted[0]!))).toMatch(/02N's plan version 2 is in, from Jo Smith/);

    // The same values sent again (a new submit): nothing moved, no version, nothing said in the channel
    const same = (await h.post(h.invoke(users.jo, "task/submit", submit.value, channel))).body as Task;
    expect(String(same.task.value)).toMatch(/Nothing moved: 02N's plan version 2 already has those values/);
    await h.channel.drain();
    expect(await versions()).toBe(2);
    expect(h.connector.sends().slice(sends)).toHaveLength(1);
  });

  it("gives the area team's person, from their own tenant, the reason and not the form; a forged submit stores nothing", async () => {
    const edit = (await editButton(users.sam))!;
    const opened = await fetchDialog(users.sam, edit.data);
    expect(opened.task).toEqual({
      type: "message",
      value: expect.stringMatching(/Only people of 02N can submit its plan; you act for Q52/),
    });
    const payload = {
      ccg: "02N",
      indicator: "ae_4hr",
      periods: [{ start: "2014-04-01", name: "Apr 2014" }],
    };
    // someone of another CCG (02W) is refused too, naming what they act for
    await h.register(users.alex, "02W", "MEMBER");
    expect(String((await fetchDialog(users.alex, edit.data)).task.value)).toMatch(
      /Only people of 02N can submit its plan; you act for 02W/,
    );
    const forged = (
      await h.post(
        h.invoke(
          users.sam,
          "task/submit",
          { data: { actionId: "plan.edit", payload, "period_2014-04-01": "50" } },
          channel,
        ),
      )
    ).body as Task;
    expect(forged.task).toEqual({
      type: "message",
      value: expect.stringMatching(/Only people of 02N can submit its plan; you act for Q52/),
    });
    expect(await versions()).toBe(2);
    expect((await trajectories())[0]!.value).toBe(93);
  });

  it("tells someone in no organisation why, and a form it can't read changes nothing", async () => {
    const data = { actionId: "plan.edit", payload: { ccg: "02N", indicator: "ae_4hr" } };
    expect(String((await fetchDialog(users.newcomer, data)).task.value)).toMatch(
      /don't know which organisation you act for/,
    );
    const broken = (
      await h.post(
        h.invoke(users.jo, "task/submit", { data: { actionId: "plan.edit", payload: { ccg: "02N" } } }, channel),
      )
    ).body as Task;
    expect(String(broken.task.value)).toMatch(/out of date; nothing was changed/);
    expect(await versions()).toBe(2);
  });
});
