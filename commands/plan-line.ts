// `plan <ccg> set <indicator> <period> <value>…`: one line of a CCG's plan changed from chat, as the next version
// (src/core/plans/line-edit.ts). The same words are what Slack's Edit form sends (src/slack/listeners/plan-line.ts).
import { z } from "zod";
import { forbidden } from "../src/core/errors";
import { monthNamed } from "../src/core/indicators/period-grammar";
import type { Reply } from "../src/reply/model";
import type { CommandContext } from "./command";
import { takeKeywords } from "./words";

/** The Edit button of a plan line (Slack opens a form with it; the text form is `plan 02N set …`). */
export const PLAN_EDIT_ACTION = "plan.edit";

/** The word that plans nothing for a period (a blank cell of the template). */
export const NO_VALUE = "none";

/** Quotes keep a period ("Apr 2014") or a note whole; a quote typed inside becomes an apostrophe. */
const quoted = (s: string) => `"${s.replace(/["“”]/g, "'")}"`;

/**
 * The command an Edit form's values make, on every platform (Slack's modal, Teams' dialog): every period (an empty
 * one as `none`), then the note. Saving a form is exactly typing it.
 */
export const planLineCommand = (
  ccg: string,
  indicator: string,
  entries: readonly { period: string; value: string }[],
  note: string,
) =>
  [
    `plan ${ccg} set ${indicator}`,
    ...entries.map((e) => `${quoted(e.period)} ${e.value || NO_VALUE}`),
    ...(note ? [`note ${quoted(note)}`] : []),
  ].join(" ");

/** "2014", "2014/15", "2014-15": the year after a month or quarter name ("Apr 2014", "Q1 2014/15"). */
const YEAR = /^\d{4}(?:[/-]\d{2}(?:\d{2})?)?$/;
const named = (word: string) => /^q[1-4]$/i.test(word) || (!/\d/.test(word) && monthNamed(word) > 0);

/**
 * The words after `set <indicator>`: period, value, period, value… then `note <text>`. A period is one word ("Apr",
 * "Q1", "2014/15", or a quoted "Apr 2014") or a month or quarter and its year (`Apr 2014 94`).
 */
export function readLineWords(words: string[]) {
  const { rest, found } = takeKeywords(words, ["note"] as const);
  const entries: { period: string; value?: string }[] = [];
  for (let i = 0; i < rest.length;) {
    let period = rest[i++]!;
    if (named(period) && i + 1 < rest.length && YEAR.test(rest[i]!)) period += ` ${rest[i++]!}`;
    const value = rest[i++];
    entries.push({ period, value: value?.toLowerCase() === NO_VALUE ? "" : value });
  }
  return { entries, note: found.note || undefined };
}

const entry = z.object({
  period: z.string().min(1).max(40, "A period is at most 40 characters, e.g. Apr 2014 or Q1 2014/15."),
  value: z
    .string({
      error: (issue) =>
        `${(issue.input as unknown) === undefined ? "The last period" : "A period"} has no value after it: write each period then its value, e.g. \`Apr 94.5 May 95\` (\`${NO_VALUE}\` plans nothing for a period).`,
    })
    .max(40, "A value is at most 40 characters."),
});

export const setArgs = z.object({
  verb: z.literal("set"),
  ccg: z.string().min(1).max(120),
  indicator: z
    .string({ error: "Which indicator? e.g. `plan 02N set ae_4hr Apr 94.5 May 95`." })
    .min(1)
    .max(100, "An indicator code is at most 100 characters."),
  entries: z
    .array(entry)
    .min(1, "Give each period and its value, e.g. `plan 02N set ae_4hr Apr 94.5 May 95`.")
    .max(12, "A line has at most 12 periods in a planning year."),
  note: z.string().max(500, "A note on a submission is at most 500 characters.").optional(),
});

export async function setReply(ctx: CommandContext, a: z.infer<typeof setArgs>): Promise<Reply> {
  if (!ctx.actor)
    throw forbidden(
      "I don't know which organisation you act for yet, so I can't take a plan from you.",
      "Ask an admin of your CCG to add you (`member`). `whoami` shows what I know.",
    );
  const platform = ctx.invocation.user.platform;
  const entries = a.entries.map((e) => ({ period: e.period, value: e.value }));
  const result = await ctx.core.planLines.set(
    ctx.actor,
    a.ccg,
    a.indicator,
    entries,
    { source: `${platform.toLowerCase()} edit: ${a.indicator}`.slice(0, 200), ...(a.note ? { note: a.note } : {}) },
    ctx.now,
  );
  const code = result.indicator.code;
  const ccg = result.ccg.code;
  if (!result.ok) {
    const n = result.problems.length;
    return {
      summary: `Nothing stored: ${n} problem${n === 1 ? "" : "s"} in ${code}`,
      blocks: [
        {
          type: "paragraph",
          text: `Nothing was stored: ${n === 1 ? "one value" : `${n} values`} of ${code} need${n === 1 ? "s" : ""} fixing first.`,
        },
        { type: "items", items: result.problems.map((p) => ({ title: `${p.period}: ${p.message}` })) },
        {
          type: "context",
          text: `Periods are named as \`plan template ${ccg}\` names them (Apr 2014, Q1 2014/15; Apr and Q1 mean the planning year's). ${ccg}'s plan is unchanged.`,
        },
      ],
      visibility: "private",
      isError: true,
    };
  }
  if (result.version === null) {
    const text = `Nothing moved: ${ccg}'s plan version ${result.latest} already has those values for ${code}, so no new version was made.`;
    return { summary: text, blocks: [{ type: "paragraph", text }], visibility: "private" };
  }
  const n = result.moved.length;
  const text = `${ccg}'s plan version ${result.version} is in, from ${ctx.actor.name} (${ccg}): ${code} moved in ${n} period${n === 1 ? "" : "s"}.${a.note ? ` Note: ${a.note}` : ""}`;
  return {
    summary: text,
    blocks: [
      { type: "paragraph", text },
      {
        type: "items",
        items: result.moved.map((c) => ({
          title: `${c.indicatorCode} ${c.period}: ${c.before ?? "(none)"} → ${c.after ?? "(removed)"}`,
        })),
      },
      ...(result.version > 1
        ? [
            {
              type: "context" as const,
              text: `\`plan ${ccg} changes\` shows what moved since version ${result.version - 1}; \`plan ${ccg} discussed\` marks it discussed for your side.`,
            },
          ]
        : []),
    ],
    visibility: "channel",
  };
}
