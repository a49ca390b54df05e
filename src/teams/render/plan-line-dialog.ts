// A plan line's Edit as a Teams dialog (task module): one text input per period of the planning year, prefilled from
// the current version, and a note. Opened from the plan's "Edit" button (Action.Submit with task/fetch); the values
// come back as task/submit (plan-line-dialog-handler.ts). Input.Text rather than Input.Number: a value that is not a
// number ("9x") must come back as typed, to be named by its period and shown again, and Input.Number's client-side
// step would quarrel with decimals such as 94.5.
import type { IAdaptiveCard } from "@microsoft/teams.cards";
import { z } from "zod";
import { PLAN_EDIT_ACTION } from "../../../commands/plan-line";
import type { LineForm } from "../../core/plans/line-edit";
import { yearLabel } from "../../core/plans/template";
import { CARD_VERSION, cardText, compact } from "./card";

export const MAX_NOTE = 500;
export const NOTE_FIELD = "note";

/** The input of a period: its first day, `period_2014-04-01`. */
export const periodField = (periodStart: string) => `period_${periodStart}`;

/** What the dialog's Save button carries back (with the inputs beside it), parsed with zod on arrival. */
export const planLineFormPayload = z.object({
  ccg: z.string().regex(/^[A-Z0-9]{3}$/),
  indicator: z.string().regex(/^[A-Za-z0-9_]{1,100}$/),
  /** each period: its first day (the input's id) and its name as the template writes it */
  periods: z
    .array(z.object({ start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), name: z.string().min(1).max(20) }))
    .min(1)
    .max(12),
});
export type PlanLineFormPayload = z.infer<typeof planLineFormPayload>;

/** A plain number as people type it: 94.5, not 94.50000001 or 9.45e1. */
const typed = (v: number) => String(Number(v.toPrecision(12)));

/** The submitted inputs: each period's value as typed (trimmed, "" when empty), and the note. */
export function submittedLine(payload: PlanLineFormPayload, data: Record<string, unknown>) {
  const read = (id: string) => (typeof data[id] === "string" ? data[id].trim() : "");
  return {
    entries: payload.periods.map((p) => ({ period: p.name, start: p.start, value: read(periodField(p.start)) })),
    note: read(NOTE_FIELD),
  };
}

export function planLineFormCard(options: {
  form: LineForm;
  /** what was typed, by input id, when the dialog is shown again */
  values?: Record<string, string>;
  /** mistakes by input id (a period's, or the note's), and ones of the whole form */
  errors?: { byField: Record<string, string>; general: string[] };
}): IAdaptiveCard {
  const { form, values, errors } = options;
  const { ccg, indicator } = form;
  const payload: PlanLineFormPayload = {
    ccg: ccg.code,
    indicator: indicator.code,
    periods: form.periods.map((p) => ({ start: p.periodStart, name: p.period })),
  };
  const standard = indicator.standard === null ? "" : `, standard ${indicator.standard}`;
  const version =
    form.version === 0
      ? `${ccg.code} has no plan yet: saving makes version 1.`
      : `From ${ccg.code}'s plan version ${form.version}; saving makes version ${form.version + 1}.`;
  const byField = errors?.byField ?? {};
  const problems = [
    ...(errors?.general ?? []),
    ...form.periods.flatMap((p) => {
      const e = byField[periodField(p.periodStart)];
      return e ? [`${p.period}: ${e}`] : [];
    }),
    ...(byField[NOTE_FIELD] ? [`Note: ${byField[NOTE_FIELD]}`] : []),
  ];
  const attention = (text: string) => ({
    type: "TextBlock",
    text: cardText(text),
    color: "Attention",
    weight: "Bolder",
    size: "Small",
    wrap: true,
  });
  // Plain objects: the SDK's input classes write defaults the Adaptive Card 1.5 schema does not know.
  const body: Record<string, unknown>[] = [
    {
      type: "TextBlock",
      text: cardText(`${ccg.code} · ${indicator.code}: ${indicator.name}`),
      size: "Medium",
      weight: "Bolder",
      wrap: true,
    },
    {
      type: "TextBlock",
      text: cardText(
        `${indicator.unit}${standard}, ${yearLabel(form.year)}. ${version} Each value is checked as a submitted template's row is; leave a period empty to plan nothing for it.`,
      ),
      isSubtle: true,
      wrap: true,
    },
    ...(problems.length
      ? [
          {
            type: "Container",
            style: "attention",
            items: [attention(`Nothing was stored. ${ccg.code}'s plan is unchanged.`), ...problems.map(attention)],
          },
        ]
      : []),
    ...form.periods.flatMap((p) => {
      const id = periodField(p.periodStart);
      const value = values ? values[id] : p.value === null ? undefined : typed(p.value);
      return [
        {
          type: "Input.Text",
          id,
          label: p.period,
          maxLength: 40,
          placeholder: indicator.unit === "%" ? "e.g. 95" : "a number",
          ...(value ? { value } : {}),
        },
        ...(byField[id] ? [attention(`${p.period}: ${byField[id]}`)] : []),
      ];
    }),
    {
      type: "Input.Text",
      id: NOTE_FIELD,
      label: "Note (why it changed: shown with the version)",
      isMultiline: true,
      maxLength: MAX_NOTE,
      ...(values?.[NOTE_FIELD] ? { value: values[NOTE_FIELD] } : {}),
    },
  ];
  const card = {
    type: "AdaptiveCard",
    version: CARD_VERSION,
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    body,
    actions: [
      { type: "Action.Submit", title: "Save", style: "positive", data: { actionId: PLAN_EDIT_ACTION, payload } },
    ],
  };
  return compact(card) as unknown as IAdaptiveCard;
}
