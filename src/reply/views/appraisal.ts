// The appraisal as a form, for the platforms that have one (a Slack modal, a Teams dialog): the prompt's "Answer"
// button, what it carries, the form's fields, and the thank-you. The form's answer goes to the same
// AppraisalService.answer as `appraisal answer …`, so its checks are the same.
import { z } from "zod";
import { MAX_COMMENT, MIN_CCGS, SCALE, type Round } from "../../core/appraisal/appraisal";
import type { Actor } from "../../core/people/actor";
import type { Button } from "../model";

/** The prompt's button: opens the form for the person who clicks it. */
export const APPRAISAL_FORM = "appraisal.form";
export const appraisalFormPayload = z.object({ year: z.coerce.number().int().min(2013).max(2100) });

export const answerButton = (round: Pick<Round, "year">): Button => ({
  label: "Answer",
  actionId: APPRAISAL_FORM,
  payload: { year: round.year },
  style: "primary",
  // a form only Slack (modal) and Teams (dialog) have; the console answers with `appraisal answer …`
  platforms: ["SLACK", "TEAMS"],
});

/** The rating choices, as each form lists them. */
export const RATING_CHOICES = Array.from({ length: SCALE.max - SCALE.min + 1 }, (_, i) => {
  const n = SCALE.min + i;
  const words: Record<number, string> = { 1: "strongly disagree", 3: "neither", 5: "strongly agree" };
  return { value: String(n), label: words[n] ? `${n} — ${words[n]}` : String(n) };
});

export const questionField = (i: number) => `q${i + 1}`;

/**
 * What a form sends back, by field (q1…qN, comment), checked: a rating per question, a comment within bounds.
 * Field errors come back keyed by field, for the form to show in place.
 */
export function readAppraisalForm(
  round: Pick<Round, "questions">,
  values: Record<string, string | undefined>,
): { ratings: number[]; comment?: string } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const ratings = round.questions.map((_, i) => {
    const raw = values[questionField(i)]?.trim() ?? "";
    const n = Number(raw);
    if (!raw) errors[questionField(i)] = "Choose a rating for this statement.";
    else if (!Number.isInteger(n) || n < SCALE.min || n > SCALE.max)
      errors[questionField(i)] = `A rating is from ${SCALE.min} to ${SCALE.max}.`;
    return n;
  });
  const comment = values.comment?.trim() || undefined;
  if (comment && comment.length > MAX_COMMENT)
    errors.comment = `A comment is at most ${MAX_COMMENT} characters; this has ${comment.length}.`;
  return Object.keys(errors).length ? { errors } : { ratings, ...(comment ? { comment } : {}) };
}

export const appraisalFormIntro = (actor: Actor) =>
  `For ${actor.organisation.code}: rate each statement about ${actor.organisation.areaTeamCode ?? "your area team"}'s part in the planning dialogue. ` +
  `Your answer is kept apart from your name once sent; the area team sees totals only, from at least ${MIN_CCGS} CCGs.`;

export const appraisalThanks = (actor: Actor, round: Pick<Round, "year">) =>
  `Thank you: ${actor.organisation.code}'s answer to the ${round.year} appraisal is recorded, apart from your name. ${actor.organisation.areaTeamCode} sees totals only, once at least ${MIN_CCGS} of its CCGs have answered.`;
