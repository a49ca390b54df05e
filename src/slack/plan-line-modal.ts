// The plan line modal: a plan line's Edit button opens it (listeners/plan-line.ts), one input per period of the
// planning year, prefilled from the current version, and a note. Saving it is `plan <ccg> set …`, as typing it.
import type { ModalView } from "@slack/types";
import { z } from "zod";
import type { LineForm } from "../core/plans/line-edit";
import { yearLabel } from "../core/plans/template";
import { escapeText } from "./render/blocks";

export const PLAN_LINE_MODAL = "plan_line_modal";
export const NOTE_BLOCK = "note";
export const MAX_NOTE = 500;

/** The block of a period's input: its first day, `period_2014-04-01`. */
export const periodBlock = (periodStart: string) => `period_${periodStart}`;

/** What rides on the modal (private_metadata, at most 3,000 characters), parsed with zod when it comes back. */
export const planLineContext = z.object({
  ccg: z.string().regex(/^[A-Z0-9]{3}$/),
  indicator: z.string().regex(/^[A-Za-z0-9_]{1,100}$/),
  channelId: z.string().max(40).optional(),
  /** each period: its first day (the block) and its name as the template writes it */
  periods: z
    .array(
      z.object({
        start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        name: z.string().min(1).max(20),
      }),
    )
    .min(1)
    .max(12),
});
export type PlanLineContext = z.infer<typeof planLineContext>;

const text = (t: string) => ({ type: "plain_text" as const, text: t });

/** A plain number as people type it: 94.5, not 94.50000001 or 9.45e1. */
const typed = (v: number) => String(Number(v.toPrecision(12)));

export function planLineModal(form: LineForm, channelId: string | undefined): ModalView {
  const { ccg, indicator } = form;
  const context: PlanLineContext = {
    ccg: ccg.code,
    indicator: indicator.code,
    ...(channelId ? { channelId } : {}),
    periods: form.periods.map((p) => ({ start: p.periodStart, name: p.period })),
  };
  const standard = indicator.standard === null ? "" : `, standard ${indicator.standard}`;
  const version =
    form.version === 0
      ? `${ccg.code} has no plan yet: saving makes version 1.`
      : `From ${ccg.code}'s plan version ${form.version}; saving makes version ${form.version + 1}.`;
  return {
    type: "modal",
    callback_id: PLAN_LINE_MODAL,
    private_metadata: JSON.stringify(context),
    title: text("Edit plan line"),
    submit: text("Save"),
    close: text("Cancel"),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*${ccg.code} · ${indicator.code}*: ${escapeText(indicator.name)} (${escapeText(indicator.unit)}${standard}), ${yearLabel(form.year)}`,
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `${version} Each value is checked as a submitted template's row is; leave a period empty to plan nothing for it.`,
          },
        ],
      },
      ...form.periods.map((p) => ({
        type: "input" as const,
        block_id: periodBlock(p.periodStart),
        optional: true,
        label: text(p.period),
        element: {
          type: "plain_text_input" as const,
          action_id: "value",
          max_length: 40,
          ...(p.value === null ? {} : { initial_value: typed(p.value) }),
          placeholder: text(indicator.unit === "%" ? "e.g. 95" : "a number"),
        },
      })),
      {
        type: "input",
        block_id: NOTE_BLOCK,
        optional: true,
        label: text("Note"),
        hint: text("Why it changed: shown with the version"),
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: MAX_NOTE },
      },
    ],
  };
}

/** The submitted inputs: each period's value as typed (trimmed, "" when empty), and the note. */
export function submittedLine(
  context: PlanLineContext,
  values: Record<string, Record<string, { value?: string | null }>>,
) {
  const read = (block: string) => values[block]?.value?.value?.trim() ?? "";
  return {
    entries: context.periods.map((p) => ({ period: p.name, start: p.start, value: read(periodBlock(p.start)) })),
    note: read(NOTE_BLOCK),
  };
}
