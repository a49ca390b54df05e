// agree, done, drop, edit and history: one file for the steps of an action's life, which share
// their argument (an action id) and their answer (the action card).
import { z } from "zod";
import { parseActionId } from "../src/core/actions/actions";
import type { ActionStep } from "../src/core/actions/rules";
import { actionReply, historyReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { dueDateWarning, readDate } from "./dates";
import { withNotes } from "./action";
import { plainText } from "./text-checks";
import { actionKeywords, takeKeywords } from "./words";
import { textReply } from "../src/reply/model";

const actionIdArg = z.number({ error: "Which action? Give its id, e.g. A34." }).int().positive();
const parseId = (word: string | undefined) => (word ? (parseActionId(word) ?? undefined) : undefined);

const HEADLINES: Record<ActionStep, string> = {
  agreed: "Agreed",
  edited: "Changed — back to proposed until the other side agrees",
  done: "Done",
  "drop-requested": "Asked to drop — the other side must agree",
  dropped: "Dropped",
};

function stepCommand(name: "agree" | "done" | "drop", summary: string) {
  return defineCommand({
    name,
    summary,
    usage: `${name} <A34>`,
    examples: [`${name} A34`],
    needsPerson: true,
    parse: (words) => ({ actionId: parseId(words[0]), extra: words.length > 1 ? words.slice(1).join(" ") : undefined }),
    args: z.object({ actionId: actionIdArg, extra: z.undefined({ error: `\`${name}\` takes only an action id.` }) }),
    async run(ctx, { actionId }) {
      const { action, step } = await ctx.core.actions[name](actorOf(ctx), actionId, ctx.now);
      const headline = step === "agreed" && action.status === "PROPOSED" ? "Agreed by your side" : HEADLINES[step];
      return { reply: actionReply(action, headline), events: [{ type: "action.changed", actionId, step }] };
    },
  });
}

export const agreeCommand = stepCommand("agree", "Agree an action the other side proposed");
export const doneCommand = stepCommand("done", "Mark an agreed action done");
export const dropCommand = stepCommand(
  "drop",
  "Withdraw or decline a proposal; an agreed action is dropped when both sides ask",
);

export const editCommand = defineCommand({
  name: "edit",
  summary: "Change an action's text, owner or due date (it goes back to proposed; the same value changes nothing)",
  usage: 'edit <A34> [new text] [owner <who>] [due <date>] — quote the text ("…") if it uses the words owner or due',
  examples: ["edit A34 due 14 Feb", "edit A34 owner Sam Patel", 'edit A34 "Review cases due to winter pressure"'],
  needsPerson: true,
  parse(words) {
    const { rest, found } = takeKeywords(words.slice(1), ["owner", "due"] as const, actionKeywords);
    return {
      actionId: parseId(words[0]),
      text: rest.join(" ") || undefined,
      owner: found.owner || undefined,
      due: found.due || undefined,
    };
  },
  args: z.object({
    actionId: actionIdArg,
    text: plainText("the action", 500).optional(),
    owner: plainText("an owner", 120).optional(),
    due: z.string().max(60, "That is too long for a date: try 25 Jan, 2014-01-25 or next Friday.").optional(),
  }),
  async run(ctx, args) {
    const dueDate = args.due ? readDate(args.due, ctx.now) : undefined;
    const { action, step } = await ctx.core.actions.edit(
      actorOf(ctx),
      args.actionId,
      { text: args.text, owner: args.owner, dueDate },
      ctx.now,
    );
    if (step === null) {
      const status = action.status === "AGREED" ? "it stays agreed" : `it stays ${action.status.toLowerCase()}`;
      return { reply: textReply(`Nothing changed: A${action.id} already reads so, and ${status}.`) };
    }
    return {
      reply: withNotes(actionReply(action, HEADLINES[step]), [dueDateWarning(dueDate)]),
      events: [{ type: "action.changed", actionId: action.id, step }],
    };
  },
});

export const historyCommand = defineCommand({
  name: "history",
  summary: "Every step of an action: who, for which side, when, and what each edit changed",
  usage: "history <A34>",
  examples: ["history A34"],
  needsPerson: true,
  parse: (words) => ({ actionId: parseId(words[0]) }),
  args: z.object({ actionId: actionIdArg }),
  async run(ctx, { actionId }) {
    const actor = actorOf(ctx);
    const action = await ctx.core.actions.get(actor, actionId);
    return { reply: historyReply(action, await ctx.core.actions.history(actor, actionId)) };
  },
});
