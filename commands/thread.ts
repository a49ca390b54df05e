import { z } from "zod";
import { discussionRef, parseDiscussionId } from "../src/core/discussions/discussions";
import { errorReply, textReply } from "../src/reply/model";
import { actorOf, defineCommand } from "./command";
import { outsidersChannel } from "./thread-place";

/**
 * For a discussion whose root message could not be posted when it was opened (the bot was not in the channel,
 * say): once that is put right, this posts the root here and the discussion's actions into its new thread.
 */
export const threadCommand = defineCommand({
  name: "thread",
  summary: "Post a discussion's thread here, when it has none (its first post could not be made)",
  usage: "thread <D12>",
  examples: ["thread D12"],
  needsPerson: true,
  parse: (words) => ({ discussionId: words[0] ? (parseDiscussionId(words[0]) ?? undefined) : undefined }),
  args: z.object({
    discussionId: z.number({ error: "Which discussion? Give its id, e.g. `thread D12`." }).int().positive(),
  }),
  async run(ctx, { discussionId }) {
    const d = await ctx.core.discussions.get(actorOf(ctx), discussionId);
    const ref = discussionRef(d.id);
    if (d.status === "CLOSED") {
      const text = `${ref} is closed, so it gets no thread now; \`discussions closed\` lists it with its summary.`;
      return { reply: errorReply(text) };
    }
    if (d.threadPlatform) {
      const where = d.threadPlatform === "SLACK" ? "Slack" : "Teams";
      const text = `${ref} already has its thread, in ${where}; a discussion has one thread. \`discussions\` lists yours.`;
      return { reply: textReply(text) };
    }
    const elsewhere = await outsidersChannel(ctx, d, `posting ${ref}'s thread`);
    if (elsewhere) return { reply: elsewhere };
    if (ctx.invocation.user.platform === "CONSOLE") {
      const text = `The console has no threads: run \`thread ${ref}\` in the Slack channel or Teams team it belongs in.`;
      return { reply: errorReply(text) };
    }
    const text = `Posting ${ref}'s thread (${d.ccgCode}: ${d.topic}) with its actions.`;
    return {
      reply: textReply(text),
      events: [{ type: "discussion.threadWanted", discussionId: d.id }],
    };
  },
});
