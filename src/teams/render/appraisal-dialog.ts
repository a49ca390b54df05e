// The appraisal as a Teams dialog (task module): one expanded choice set (1 to 5) per statement and a comment.
// Opened from the prompt's "Answer" button (Action.Submit with task/fetch); the answers come back as task/submit.
import {
  ActionSet,
  AdaptiveCard,
  Container,
  SubmitAction,
  TextBlock,
  TextInput,
  type IAdaptiveCard,
} from "@microsoft/teams.cards";
import { MAX_COMMENT, type Round } from "../../core/appraisal/appraisal";
import { APPRAISAL_FORM, questionField, RATING_CHOICES } from "../../reply/views/appraisal";
import { CARD_VERSION, cardText, compact } from "./card";

export function appraisalFormCard(options: {
  round: Round;
  intro: string;
  values?: Record<string, string>;
  errors?: string[];
}): IAdaptiveCard {
  const { round, values = {}, errors = [] } = options;
  const body = [
    new TextBlock(cardText(`Appraise your area team (${round.year})`), {
      size: "Medium",
      weight: "Bolder",
      wrap: true,
    }),
    new TextBlock(cardText(options.intro), { isSubtle: true, wrap: true }),
    ...(errors.length
      ? [
          new Container(
            ...errors.map((e) => new TextBlock(cardText(e), { color: "Attention", wrap: true, weight: "Bolder" })),
          ).withStyle("attention"),
        ]
      : []),
    // Written out rather than with the SDK's ChoiceSetInput, whose defaults (useMultipleColumns) are not in the
    // Adaptive Card 1.5 schema Teams validates against. A label is plain text, not markdown.
    ...round.questions.map((q, i) => ({
      type: "Input.ChoiceSet" as const,
      id: questionField(i),
      label: `${i + 1}. ${q}`,
      style: "expanded" as const,
      isRequired: true,
      errorMessage: "Choose a rating for this statement.",
      choices: RATING_CHOICES.map((c) => ({ title: c.label, value: c.value })),
      ...(values[questionField(i)] ? { value: values[questionField(i)] } : {}),
    })),
    new TextInput({
      id: "comment",
      label: "Comment (optional; kept with the answer, apart from your name)",
      isMultiline: true,
      maxLength: MAX_COMMENT,
      ...(values.comment ? { value: values.comment } : {}),
    }),
    new ActionSet(
      new SubmitAction({
        title: "Send",
        style: "positive",
        data: { actionId: APPRAISAL_FORM, payload: { year: round.year } },
      }),
    ),
  ];
  const card = new AdaptiveCard(...body)
    .withVersion(CARD_VERSION)
    .with$schema("http://adaptivecards.io/schemas/adaptive-card.json");
  return compact(JSON.parse(JSON.stringify(card)) as IAdaptiveCard);
}
