// A plan line's Edit button on Slack, end to end over signed HTTP with the fake Slack Web API: Edit sits beside
// Discuss; the area team reads why it can't, not a form; the CCG's person (from their own workspace, across Slack
// Connect) gets a loading view at once and then one input per period, prefilled; a bad value is shown by its period
// and nothing is stored; a good form is the next version, said in the channel, and Slack's redelivery stores
// nothing twice.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_TEAM, SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
// kim acts for 02N from 02N's own workspace (T3); the channel and the app's installation are T1's (Slack Connect)
const kim: SlackUser = { teamId: "T3", userId: "UKIM", name: "kim" };
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52, the area team, its own workspace

type SlackBlock = {
  type: string;
  block_id?: string;
  elements?: { action_id: string; value: string }[];
  element?: { initial_value?: string };
  label?: { text: string };
};
type View = { callback_id: string; private_metadata: string; blocks: SlackBlock[]; title: unknown };

const versions = () => world.prisma.planVersion.count({ where: { organisationCode: "02N" } });
const input = (value: string | null) => ({ value: { type: "plain_text_input", value } });

/** The Edit button of a line in `plan 02N` as `user` sees it. */
async function editButton(user: SlackUser, indicator: string) {
  const { answer } = await world.plan(user, "plan 02N");
  const rows = (answer!.blocks as SlackBlock[]).filter((b) => b.type === "actions");
  for (const row of rows) {
    const at = row.elements!.findIndex(
      (e) => e.action_id === "plan.edit" && JSON.parse(e.value).indicator === indicator,
    );
    if (at >= 0) return { row: row.elements!, at };
  }
  throw new Error(`no Edit button for ${indicator}`);
}

/** Clicks Edit and returns the view the loading modal was replaced with. */
async function openEdit(user: SlackUser, indicator: string) {
  const { row, at } = await editButton(user, indicator);
  const opens = world.fake.callsTo("views.open").length;
  const updates = world.fake.callsTo("views.update").length;
  const trigger = randomUUID();
  await world.click(user, "plan.edit", JSON.parse(row[at]!.value), "C02N", trigger);
  const opened = await world.waitFor(() => world.fake.callsTo("views.open")[opens]);
  expect(opened.trigger_id).toBe(trigger);
  expect(textOf(opened.view)).toMatch(/Loading/);
  const updated = await world.waitFor(() => world.fake.callsTo("views.update")[updates]);
  return updated.view as View;
}

/** The view as Slack submits it: every input's value in view.state.values (as prefilled unless `values` says). */
function submission(form: View, values: Record<string, ReturnType<typeof input>>, id = "VEDIT", hash?: string) {
  const all = Object.fromEntries(
    form.blocks
      .filter((b) => b.type === "input")
      .map((b) => [b.block_id!, values[b.block_id!] ?? input(b.element?.initial_value ?? null)]),
  );
  return { ...form, id, ...(hash ? { hash } : {}), state: { values: all } };
}

beforeAll(async () => {
  await world.start();
  await world.register(kim, "Kim Lee", "02N", "MEMBER");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
});
afterAll(() => world.stop());

describe("editing a plan line on Slack", () => {
  it("puts an Edit button beside each line's Discuss button", async () => {
    const { row, at } = await editButton(kim, "ae_4hr");
    expect(row[at - 1]).toMatchObject({ action_id: "plan.discuss" });
    expect(JSON.parse(row[at - 1]!.value)).toEqual(JSON.parse(row[at]!.value));
    expect(JSON.parse(row[at]!.value)).toEqual({ ccg: "02N", indicator: "ae_4hr" });
  });

  it("shows the area team why it can't, not the form", async () => {
    const before = await versions();
    const view = await openEdit(sam, "ae_4hr");
    expect(textOf(view)).toMatch(/Only people of 02N can submit its plan; you act for Q52/);
    expect(view.blocks.some((b) => b.type === "input")).toBe(false);
    expect(await versions()).toBe(before);
  });

  it("gives the CCG's person one input per period, prefilled; bad values are shown by period and nothing is stored", async () => {
    const typed = await world.plan(kim, "plan 02N set ae_4hr Apr 2014 93 May 2014 94");
    expect(textOf(typed.answer)).toMatch(/is in, from Kim Lee \(02N\)/);
    const start = await versions();

    const form = await openEdit(kim, "ae_4hr");
    expect(form.callback_id).toBe("plan_line_modal");
    const inputs = form.blocks.filter((b) => b.type === "input");
    expect(inputs.map((b) => b.block_id)).toEqual([
      ...["04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `period_2014-${m}-01`),
      ...["01", "02", "03"].map((m) => `period_2015-${m}-01`),
      "note",
    ]);
    expect(inputs[0]).toMatchObject({ label: { text: "Apr 2014" }, element: { initial_value: "93" } });
    expect(inputs[1]).toMatchObject({ label: { text: "May 2014" }, element: { initial_value: "94" } });
    expect(inputs[2]!.element!.initial_value).toBeUndefined();
    expect(textOf(form)).toMatch(new RegExp(`version ${start}; saving makes version ${start + 1}`));

    const bad = await world.submitView(
      kim,
      submission(form, {
        "period_2014-04-01": input("93"),
        "period_2014-05-01": input("94.5"),
        "period_2014-06-01": input("9x"),
        "period_2014-07-01": input("101"),
        note: input(null),
      }),
    );
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({
      response_action: "errors",
      errors: {
        "period_2014-06-01": 'value "9x" is not a number',
        "period_2014-07-01": "value 101 is not a percentage (0 to 100)",
      },
    });
    await world.settle();
    expect(await versions()).toBe(start);
    const may = await world.prisma.planTrajectory.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "ae_4hr", periodStart: new Date("2014-05-01") },
    });
    expect(may.value).toBe(94);
  });

  it("stores a good form as the next version, says so in the channel, and stores a redelivery nothing twice", async () => {
    const start = await versions();
    const form = await openEdit(kim, "ae_4hr");
    const posts = world.fake.callsTo("chat.postMessage").length;
    const good = submission(form, {
      "period_2014-04-01": input("93"),
      "period_2014-05-01": input("94.5"),
      "period_2014-06-01": input(" 95 "),
      note: input("after the winter review"),
    });
    const res = await world.submitView(kim, good);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const posted = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[posts]);
    expect(posted.channel).toBe("C02N");
    expect(textOf(posted)).toMatch(
      new RegExp(`02N's plan version ${start + 1} is in, from Kim Lee \\(02N\\): ae_4hr moved in 2 periods`),
    );
    const version = await world.prisma.planVersion.findFirstOrThrow({
      where: { organisationCode: "02N", number: start + 1 },
    });
    const person = await world.prisma.platformIdentity.findFirstOrThrow({ where: { userId: "UKIM" } });
    expect(version).toMatchObject({
      submittedById: person.personId,
      submittedByParty: "CCG",
      note: "after the winter review",
      source: "slack edit: ae_4hr",
    });

    // Slack delivers the same submission again: the same view, hash and values.
    const again = await world.submitView(kim, good);
    expect(await again.json()).toMatchObject({ response_action: "errors", errors: { note: /already sent/ } });
    await world.settle();
    expect(await versions()).toBe(start + 1);

    // Exactly the two lines moved; the line's other periods and every other line are as they were.
    const { answer } = await world.plan(sam, "plan 02N changes");
    const moved = textOf(answer)
      .split("\n")
      .filter((l) => l.startsWith("•"));
    expect(moved).toEqual(["• *ae_4hr May 2014: 94% → 94.5%*", "• *ae_4hr Jun 2014: (none) → 95%*"]);
  });

  it("refuses a forged submission by the area team on the form, and stores nothing", async () => {
    const start = await versions();
    const form = await openEdit(kim, "ae_4hr");
    const res = await world.submitView(
      sam,
      submission(form, { "period_2014-04-01": input("50"), note: input(null) }, "VSAM", "1700000001.samHASH"),
      { host: HOST_TEAM },
    );
    expect(await res.json()).toMatchObject({
      response_action: "errors",
      errors: { note: expect.stringMatching(/Only people of 02N can submit its plan; you act for Q52/) },
    });
    expect(await versions()).toBe(start);
  });
});
