// The dialog (task module) to propose an action in a discussion, or to edit one: text, owner, due date.
// Its answers come back as a task/submit invoke and are parsed with zod; mistakes are shown in the dialog.
import {
  ActionSet,
  AdaptiveCard,
  Container,
  DateInput,
  SubmitAction,
  TextBlock,
  TextInput,
  type IAdaptiveCard,
} from "@microsoft/teams.cards";
import { z } from "zod";
import { MAX_ACTION_TEXT } from "../../core/actions/actions";
import { CARD_VERSION, cardText, compact } from "./card";

export const DIALOG_ACTIONS = { propose: "discussion.propose", edit: "action.edit" } as const;

export interface ActionFormValues {
  text?: string;
  owner?: string;
  /** YYYY-MM-DD */
  due?: string;
}

export const dialogOpenSchema = z.discriminatedUnion("actionId", [
  z.object({
    actionId: z.literal(DIALOG_ACTIONS.propose),
    payload: z.object({ discussionId: z.coerce.number().int().positive() }),
  }),
  z.object({
    actionId: z.literal(DIALOG_ACTIONS.edit),
    payload: z.object({ actionId: z.coerce.number().int().positive() }),
  }),
]);
export type DialogOpen = z.infer<typeof dialogOpenSchema>;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : undefined));

/** What the form sends: the inputs (by id) merged with the submit button's data. */
export const actionFormSchema = z.object({
  text: z
    .string({ error: "Say what will be done." })
    .trim()
    .min(1, "Say what will be done.")
    .max(MAX_ACTION_TEXT, `An action can be at most ${MAX_ACTION_TEXT} characters.`),
  owner: optionalText(120, "An owner can be at most 120 characters."),
  due: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine(
      (v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v),
      "Pick the due date from the calendar (YYYY-MM-DD).",
    ),
});
export type ActionForm = z.infer<typeof actionFormSchema>;

export function actionFormCard(options: {
  open: DialogOpen;
  title: string;
  intro: string;
  values?: ActionFormValues;
  errors?: string[];
}): IAdaptiveCard {
  const { open, values = {}, errors = [] } = options;
  const body = [
    new TextBlock(cardText(options.title), { size: "Medium", weight: "Bolder", wrap: true }),
    new TextBlock(cardText(options.intro), { isSubtle: true, wrap: true }),
    ...(errors.length
      ? [
          new Container(
            ...errors.map((e) => new TextBlock(cardText(e), { color: "Attention", wrap: true, weight: "Bolder" })),
          ).withStyle("attention"),
        ]
      : []),
    new TextInput({
      id: "text",
      label: "What will be done",
      isRequired: true,
      isMultiline: true,
      maxLength: MAX_ACTION_TEXT,
      errorMessage: "Say what will be done.",
      placeholder: "e.g. Publish the A&E recovery plan",
      ...(values.text ? { value: values.text } : {}),
    }),
    new TextInput({
      id: "owner",
      label: "Owner",
      maxLength: 120,
      placeholder: "me, or a name",
      ...(values.owner ? { value: values.owner } : {}),
    }),
    new DateInput({ id: "due", label: "Due date", ...(values.due ? { value: values.due } : {}) }),
    new ActionSet(
      new SubmitAction({
        title: open.actionId === DIALOG_ACTIONS.propose ? "Propose" : "Save changes",
        style: "positive",
        data: { actionId: open.actionId, payload: open.payload },
      }),
    ),
  ];
  const card = new AdaptiveCard(...body)
    .withVersion(CARD_VERSION)
    .with$schema("http://adaptivecards.io/schemas/adaptive-card.json");
  return compact(JSON.parse(JSON.stringify(card)) as IAdaptiveCard);
}
