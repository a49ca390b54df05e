// agree, done, drop, edit and history: one file for the steps of an action's life, which share
// their argument (an action id) and their answer (the action card).
import { z } from "zod";
import { parseActionId } from "../src/core/actions/actions";
import type { ActionStep } from "../src/core/actions/rules";
import { actionReply, historyReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { readDate } from "./dates";
import { takeKeywords } from "./words";

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
  summary: "Change an action's text, owner or due date (it goes back to proposed)",
  usage: "edit <A34> [new text] [owner <who>] [due <date>]",
  examples: ["edit A34 due 14 Feb", "edit A34 owner Sam Patel"],
  needsPerson: true,
  parse(words) {
    const { rest, found } = takeKeywords(words.slice(1), ["owner", "due"] as const);
    return {
      actionId: parseId(words[0]),
      text: rest.join(" ") || undefined,
      owner: found.owner || undefined,
      due: found.due || undefined,
    };
  },
  args: z.object({
    actionId: actionIdArg,
    text: z.string().optional(),
    owner: z.string().max(120).optional(),
    due: z.string().max(60).optional(),
  }),
  async run(ctx, args) {
    const dueDate = args.due ? readDate(args.due, ctx.now) : undefined;
    const { action, step } = await ctx.core.actions.edit(
      actorOf(ctx),
      args.actionId,
      { text: args.text, owner: args.owner, dueDate },
      ctx.now,
    );
    return {
      reply: actionReply(action, HEADLINES[step]),
      events: [{ type: "action.changed", actionId: action.id, step }],
    };
  },
});

export const historyCommand = defineCommand({
  name: "history",
  summary: "Every step of an action: who, for which side, when",
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
