// close and reopen: closing a discussion is a two-party step (docs/ARCHITECTURE.md): one side closes it with its
// summary, the other side confirms with `close` again; either side can reopen it.
import { z } from "zod";
import { discussionRef, parseDiscussionId } from "../src/core/discussions/discussions";
import { partyLabel, otherParty } from "../src/core/people/actor";
import type { Block } from "../src/reply/model";
import { discussionBlocks } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { plainText } from "./text-checks";

const discussionIdArg = (name: string) =>
  z
    .number({ error: `Which discussion? Give its id, e.g. \`${name} D12\`.` })
    .int()
    .positive();

export const closeCommand = defineCommand({
  name: "close",
  summary:
    "Close a discussion with a summary; the other side confirms with close; then actions can only be done or dropped",
  usage: "close <D12> [summary]",
  examples: ["close D12 Recovery plan agreed; review in March", "close D12"],
  needsPerson: true,
  parse: (words) => {
    const id = words[0] ? parseDiscussionId(words[0]) : null;
    return id ? { discussionId: id, summary: words.slice(1).join(" ") || undefined } : { discussionId: undefined };
  },
  args: z.object({
    discussionId: discussionIdArg("close"),
    summary: plainText("the summary", 1500).optional(),
  }),
  async run(ctx, { discussionId, summary }) {
    const actor = actorOf(ctx);
    const {
      discussion: d,
      confirmed,
      pending,
    } = await ctx.core.discussions.close(actor, discussionId, summary, ctx.now);
    const ref = discussionRef(d.id);
    const closer = d.closedByParty ? partyLabel(d.closedByParty) : "one side";
    const notes: Block[] = [];
    if (confirmed) {
      notes.push({
        type: "paragraph",
        text: `${actor.name} confirmed ${closer}'s closing summary: it is agreed by both sides.`,
      });
    } else {
      if (pending.length)
        notes.push({
          type: "paragraph",
          text:
            `Still pending: ${pending.map((a) => `A${a.id} ${a.text}`).join("; ")}. ` +
            `They were not agreed, and can't be now that ${ref} is closed: drop them, or \`reopen ${ref}\`.`,
        });
      const other = d.closedByParty ? partyLabel(otherParty(d.closedByParty)) : "the other side";
      notes.push({
        type: "context",
        text: `The summary is ${closer}'s until ${other} confirms it with \`close ${ref}\`; \`reopen ${ref}\` opens it again.`,
      });
    }
    return {
      reply: {
        summary: confirmed ? `${ref}'s closing summary confirmed` : `${ref} closed`,
        blocks: [...discussionBlocks(d, await ctx.core.discussions.counts(d.id)), ...notes],
        visibility: "channel",
      },
      events: [{ type: confirmed ? "discussion.changed" : "discussion.closed", discussionId: d.id }],
    };
  },
});

export const reopenCommand = defineCommand({
  name: "reopen",
  summary: "Open a closed discussion again (either side): its summary is set aside, proposals can be agreed again",
  usage: "reopen <D12>",
  examples: ["reopen D12"],
  needsPerson: true,
  parse: (words) => ({ discussionId: words[0] ? (parseDiscussionId(words[0]) ?? undefined) : undefined }),
  args: z.object({ discussionId: discussionIdArg("reopen") }),
  async run(ctx, { discussionId }) {
    const actor = actorOf(ctx);
    const d = await ctx.core.discussions.reopen(actor, discussionId);
    return {
      reply: {
        summary: `${actor.name} reopened ${discussionRef(d.id)}`,
        blocks: discussionBlocks(d, await ctx.core.discussions.counts(d.id)),
        visibility: "channel",
      },
      events: [{ type: "discussion.changed", discussionId: d.id }],
    };
  },
});
