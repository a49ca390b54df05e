// The appraisal as a Slack modal: one set of radio buttons per statement (1 to 5) and an optional comment. Opened by
// the prompt's "Answer" button; what comes back is read into the form's fields for readAppraisalForm.
import type { ModalView } from "@slack/types";
import { z } from "zod";
import type { Round } from "../core/appraisal/appraisal";
import { MAX_COMMENT } from "../core/appraisal/appraisal";
import { questionField, RATING_CHOICES } from "../reply/views/appraisal";

export const APPRAISAL_MODAL = "appraisal_modal";

/** What rides on the modal: the round's year, checked again when it comes back. */
export const appraisalModalContext = z.object({ year: z.number().int(), channelId: z.string().optional() });
export type AppraisalModalContext = z.infer<typeof appraisalModalContext>;

export function appraisalModal(context: AppraisalModalContext, round: Round, intro: string): ModalView {
  const option = (c: (typeof RATING_CHOICES)[number]) => ({
    text: { type: "plain_text" as const, text: c.label },
    value: c.value,
  });
  return {
    type: "modal",
    callback_id: APPRAISAL_MODAL,
    private_metadata: JSON.stringify(context),
    title: { type: "plain_text", text: `Appraisal ${round.year}` },
    submit: { type: "plain_text", text: "Send" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      { type: "context", elements: [{ type: "mrkdwn", text: intro }] },
      ...round.questions.map((q, i) => ({
        type: "input" as const,
        block_id: questionField(i),
        label: { type: "plain_text" as const, text: `${i + 1}. ${q}`.slice(0, 2000) },
        element: { type: "radio_buttons" as const, action_id: "value", options: RATING_CHOICES.map(option) },
      })),
      {
        type: "input",
        block_id: "comment",
        optional: true,
        label: { type: "plain_text", text: "Comment" },
        hint: { type: "plain_text", text: "Optional; kept with the answer, apart from your name" },
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: MAX_COMMENT },
      },
    ],
  };
}

type StateValue = { value?: string | null; selected_option?: { value?: string } | null };

/** The submitted fields by block id: a radio button's chosen value, a text input's text. */
export function appraisalValues(values: Record<string, Record<string, StateValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [block, inputs] of Object.entries(values)) {
    const v = inputs.value;
    const text = v?.selected_option?.value ?? v?.value;
    if (typeof text === "string") out[block] = text;
  }
  return out;
}
