import { z } from "zod";
import { discussionRef } from "../src/core/discussions/discussions";
import { discussionBlocks } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";
import { plainText } from "./text-checks";
import { outsidersChannel } from "./thread-place";

export const discussCommand = defineCommand({
  name: "discuss",
  summary: "Open a discussion between a CCG and its area team (either side can)",
  usage: "discuss <ccg> <topic>",
  examples: ["discuss 02N A&E 4-hour recovery plan", "discuss 02N ae_4hr winter pressures"],
  needsPerson: true,
  parse: (words) => ({ ccg: words[0], topic: words.slice(1).join(" ") }),
  args: z.object({
    ccg: z.string({ error: "Which CCG is the discussion with? e.g. `discuss 02N A&E recovery`." }).min(1),
    topic: plainText("the topic", 200).pipe(
      z.string().trim().min(1, "A discussion needs a topic, e.g. `discuss 02N A&E recovery`."),
    ),
  }),
  async run(ctx, { ccg, topic }) {
    const actor = actorOf(ctx);
    // Checked before anything is opened: a discussion opened here would post its thread here.
    const org = await ctx.core.organisations.resolve(ccg, "CCG");
    const parties = { ccgCode: org.code, areaTeamCode: org.areaTeamCode };
    const elsewhere = await outsidersChannel(ctx, parties, `opening a discussion with ${org.code}`);
    if (elsewhere) return { reply: elsewhere };
    // Words of the topic that are indicator codes tie the discussion to those indicators.
    const words = topic.split(/\s+/);
    const known = await ctx.core.indicatorDefinitions.known(words);
    const d = await ctx.core.discussions.open(actor, ccg, topic, known, ctx.now);
    return {
      reply: {
        summary: `${actor.name} opened ${discussionRef(d.id)} with ${d.ccgCode}: ${d.topic}`,
        blocks: discussionBlocks(d, { agreed: 0, open: 0, done: 0 }),
        visibility: "channel",
      },
      events: [{ type: "discussion.opened", discussionId: d.id }],
    };
  },
});
