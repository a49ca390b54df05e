// The appraisal prompt's "Answer" button opens a modal (block_actions from a Slack Connect channel, then
// view_submission as Slack sends it: radio buttons' selected_option, a text input's value). A missing rating is shown
// in place and nothing is stored; a good answer is recorded once, apart from the name, even when Slack delivers the
// submission twice; someone of the area team, or who has answered already, gets no form but the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppraisalService } from "../../src/core/appraisal/appraisal";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52, own workspace (Slack Connect)

interface View {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { type: string; options?: { value: string }[] } }[];
}

/** Clicks Answer as `user` and returns the view that replaced the loading one. */
async function openForm(user: SlackUser): Promise<View> {
  const updates = world.fake.callsTo("views.update").length;
  await world.click(user, "appraisal.form", { year: 2014 });
  const update = await world.waitFor(() => world.fake.callsTo("views.update")[updates]);
  return update.view as View;
}

const values = (ratings: (number | null)[], comment = "") => ({
  ...Object.fromEntries(
    ratings.map((r, i) => [
      `q${i + 1}`,
      { value: { type: "radio_buttons", selected_option: r === null ? null : { value: String(r) } } },
    ]),
  ),
  comment: { value: { type: "plain_text_input", value: comment } },
});

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
  await new AppraisalService(world.prisma, world.core.organisations).open(2014, world.clock.now());
});
afterAll(() => world.stop());

describe("the appraisal as a Slack modal", () => {
  it("the form has a 1–5 choice per statement and a comment; a missing rating is shown in place, nothing stored", async () => {
    const view = await openForm(jo);
    expect(view.callback_id).toBe("appraisal_modal");
    const questions = view.blocks.filter((b) => b.block_id?.startsWith("q"));
    expect(questions).toHaveLength(4);
    expect(questions[0]!.element!.type).toBe("radio_buttons");
    expect(questions[0]!.element!.options!.map((o) => o.value)).toEqual(["1", "2", "3", "4", "5"]);
    expect(view.blocks.some((b) => b.block_id === "comment")).toBe(true);

    const res = await world.submitView(jo, {
      id: "VAPP1",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: values([4, null, 5, 4]) },
    });
    expect(await res.json()).toEqual({
      response_action: "errors",
      errors: { q2: "Choose a rating for this statement." },
    });
    expect(await world.prisma.appraisalAnswer.count()).toBe(0);
  });

  it("a good answer is recorded once, apart from the name, even when delivered twice", async () => {
    const view = await openForm(jo);
    const submission = {
      id: "VAPP2",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: values([4, 3, 5, 2], "Clear asks & slow answers") },
    };
    const first = await world.submitView(jo, submission);
    const body = (await first.json()) as { response_action: string; view: unknown };
    expect(body.response_action).toBe("update");
    expect(textOf(body.view as never)).toMatch(/02N's answer to the 2014 appraisal is recorded, apart from your name/);
    const again = await world.submitView(jo, submission);
    expect(textOf(((await again.json()) as { view: never }).view)).toMatch(/already answered|already sent/);
    const answers = await world.prisma.appraisalAnswer.findMany();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ ccgCode: "02N", ratings: [4, 3, 5, 2], comment: "Clear asks & slow answers" });
    expect(Object.keys(answers[0]!)).not.toContain("personId");
    expect(await world.prisma.appraisalAnswered.count()).toBe(1);
  });

  it("who has answered, or acts for the area team, gets the reason instead of the form", async () => {
    expect(textOf((await openForm(jo)) as never)).toMatch(/You have already answered the 2014 appraisal/);
    expect(textOf((await openForm(sam)) as never)).toMatch(/Only a CCG appraises its area team/);
    expect(await world.prisma.appraisalAnswer.count()).toBe(1);
  });
});
