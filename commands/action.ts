import { z } from "zod";
import { parseDiscussionId } from "../src/core/discussions/discussions";
import type { Reply } from "../src/reply/model";
import { actionReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { dueDateWarning, readDate } from "./dates";
import { actionKeywords, takeKeywords } from "./words";
import { plainText } from "./text-checks";

/** Adds what was assumed or is worth a second look under an action card, as one context line. */
export function withNotes(reply: Reply, notes: (string | null)[]): Reply {
  const said = notes.filter((n): n is string => !!n);
  return said.length ? { ...reply, blocks: [...reply.blocks, { type: "context", text: said.join(" ") }] } : reply;
}

export const actionCommand = defineCommand({
  name: "action",
  aliases: ["propose"],
  summary: "Propose an action in a discussion; it is agreed when the other side agrees",
  usage: 'action <D12> <what> [owner <who>] [due <date>] — quote the text ("…") if it uses the words owner or due',
  examples: [
    "action D12 Publish the A&E recovery plan owner Jo Smith due 25 Jan",
    "action D12 Share RTT trajectory due next Friday",
    'action D12 "Confirm the new owner of the 111 contract" due 25 Jan',
  ],
  needsPerson: true,
  parse(words) {
    const id = words[0] ? parseDiscussionId(words[0]) : null;
    const { rest, found } = takeKeywords(id ? words.slice(1) : words, ["owner", "due"] as const, actionKeywords);
    return {
      discussionId: id ?? undefined,
      text: rest.join(" "),
      owner: found.owner || undefined,
      due: found.due || undefined,
    };
  },
  args: z.object({
    discussionId: z
      .number({ error: "Which discussion is it for? Start with its id, e.g. `action D12 …`." })
      .int()
      .positive(),
    text: plainText("the action", 500).pipe(
      z.string().min(1, "Say what the action is, e.g. `action D12 Publish the recovery plan due 25 Jan`."),
    ),
    owner: plainText("an owner", 120).optional(),
    due: z.string().max(60, "That is too long for a date: try 25 Jan, 2014-01-25 or next Friday.").optional(),
  }),
  async run(ctx, args) {
    const actor = actorOf(ctx);
    const dueDate = args.due ? readDate(args.due, ctx.now) : undefined;
    const action = await ctx.core.actions.propose(
      actor,
      args.discussionId,
      { text: args.text, owner: args.owner, dueDate },
      ctx.now,
    );
    const reply = withNotes(actionReply(action, `${actor.name} proposed an action`), [
      args.owner
        ? null
        : `No owner given, so I put you (${actor.name}) as the owner: \`edit A${action.id} owner <who>\` changes it.`,
      dueDateWarning(dueDate),
      dueDate ? null : `No due date: \`edit A${action.id} due <date>\` adds one.`,
    ]);
    return { reply, events: [{ type: "action.changed", actionId: action.id, step: "proposed" }] };
  },
});
