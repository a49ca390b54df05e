import { z } from "zod";
import { badInput } from "../src/core/errors";
import { actorOf, defineCommand } from "./command";

export const linkCommand = defineCommand({
  name: "link",
  summary: "Link this channel to an organisation (admins), or map a whole workspace (operators)",
  usage: "link <organisation> | link workspace <organisation> | link remove <organisation>",
  examples: ["link 02N", "link workspace Q51"],
  needsPerson: true,
  parse(words) {
    const first = words[0]?.toLowerCase();
    if (first === "workspace" || first === "tenant" || first === "remove")
      return { mode: first === "tenant" ? "workspace" : first, organisation: words.slice(1).join(" ") };
    return { mode: "channel", organisation: words.join(" ") };
  },
  args: z.object({
    mode: z.enum(["channel", "workspace", "remove"]),
    organisation: z.string().min(1, "Which organisation? e.g. `link 02N`.").max(120),
  }),
  async run(ctx, { mode, organisation }) {
    const actor = actorOf(ctx);
    const { invocation } = ctx;
    if (mode === "workspace") {
      const org = await ctx.core.links.linkTenant(
        actor,
        invocation.user.platform,
        invocation.user.tenantId,
        organisation,
      );
      return {
        reply: {
          summary: `This workspace now acts for ${org.code}`,
          blocks: [{ type: "paragraph", text: `Everyone in this workspace now acts for ${org.code} ${org.name}.` }],
          visibility: "private",
        },
      };
    }
    if (!invocation.channel) throw badInput("Run this in the channel you want to link.");
    const channel = {
      platform: invocation.user.platform,
      tenantId: invocation.channel.tenantId,
      channelId: invocation.channel.id,
      channelName: invocation.channel.name,
      conversationRef: invocation.channel.conversationRef,
    };
    if (mode === "remove") {
      const org = await ctx.core.links.unlinkChannel(actor, channel, organisation);
      return {
        reply: {
          summary: `Unlinked from ${org.code}`,
          blocks: [{ type: "paragraph", text: `This channel is no longer linked to ${org.code} ${org.name}.` }],
          visibility: "channel",
        },
      };
    }
    const org = await ctx.core.links.linkChannel(actor, channel, organisation);
    return {
      reply: {
        summary: `Linked to ${org.code}`,
        blocks: [
          {
            type: "paragraph",
            text: `This channel is now linked to ${org.code} ${org.name}: its discussions, reminders and digests come here.`,
          },
        ],
        visibility: "channel",
      },
    };
  },
});
