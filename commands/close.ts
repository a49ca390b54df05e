import { z } from "zod";
import { discussionRef, parseDiscussionId } from "../src/core/discussions/discussions";
import { discussionBlocks } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { plainText } from "./text-checks";

export const closeCommand = defineCommand({
  name: "close",
  summary: "Close a discussion with a summary of what was agreed",
  usage: "close <D12> [summary]",
  examples: ["close D12 Recovery plan agreed; review in March"],
  needsPerson: true,
  parse: (words) => {
    const id = words[0] ? parseDiscussionId(words[0]) : null;
    return id ? { discussionId: id, summary: words.slice(1).join(" ") || undefined } : { discussionId: undefined };
  },
  args: z.object({
    discussionId: z.number({ error: "Which discussion? Give its id, e.g. `close D12`." }).int().positive(),
    summary: plainText("the summary", 1500).optional(),
  }),
  async run(ctx, { discussionId, summary }) {
    const d = await ctx.core.discussions.close(actorOf(ctx), discussionId, summary, ctx.now);
    return {
      reply: {
        summary: `${discussionRef(d.id)} closed`,
        blocks: discussionBlocks(d, await ctx.core.discussions.counts(d.id)),
        visibility: "channel",
      },
      events: [{ type: "discussion.closed", discussionId: d.id }],
    };
  },
});
