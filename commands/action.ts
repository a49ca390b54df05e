import { z } from "zod";
import { parseDiscussionId } from "../src/core/discussions/discussions";
import { actionReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { readDate } from "./dates";
import { takeKeywords } from "./words";

export const actionCommand = defineCommand({
  name: "action",
  aliases: ["propose"],
  summary: "Propose an action in a discussion; it is agreed when the other side agrees",
  usage: "action <D12> <what> [owner <who>] [due <date>]",
  examples: [
    "action D12 Publish the A&E recovery plan owner Jo Smith due 25 Jan",
    "action D12 Share RTT trajectory due next Friday",
  ],
  needsPerson: true,
  parse(words) {
    const id = words[0] ? parseDiscussionId(words[0]) : null;
    const { rest, found } = takeKeywords(id ? words.slice(1) : words, ["owner", "due"] as const);
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
    text: z.string().min(1, "Say what the action is, e.g. `action D12 Publish the recovery plan due 25 Jan`."),
    owner: z.string().max(120).optional(),
    due: z.string().max(60).optional(),
  }),
  async run(ctx, args) {
    const dueDate = args.due ? readDate(args.due, ctx.now) : undefined;
    const action = await ctx.core.actions.propose(
      actorOf(ctx),
      args.discussionId,
      { text: args.text, owner: args.owner, dueDate },
      ctx.now,
    );
    return {
      reply: actionReply(action, `${actorOf(ctx).name} proposed an action`),
      events: [{ type: "action.changed", actionId: action.id, step: "proposed" }],
    };
  },
});
