import { z } from "zod";
import { discussionListReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";

const STATES = ["open", "closed", "all"] as const;

export const discussionsCommand = defineCommand({
  name: "discussions",
  summary: "Your organisation's discussions, open ones unless you say",
  usage: "discussions [ccg] [open|closed|all]",
  examples: ["discussions", "discussions 02N closed"],
  needsPerson: true,
  parse(words) {
    const last = words.at(-1)?.toLowerCase();
    const state = STATES.find((s) => s === last);
    const rest = state ? words.slice(0, -1) : words;
    return { ccg: rest.length ? rest.join(" ") : undefined, state: state ?? "open" };
  },
  args: z.object({ ccg: z.string().max(120).optional(), state: z.enum(STATES) }),
  async run(ctx, { ccg, state }) {
    const actor = actorOf(ctx);
    const list = await ctx.core.discussions.list(actor, {
      ccgText: ccg,
      status: state === "all" ? undefined : state === "open" ? "OPEN" : "CLOSED",
    });
    const title = `${state === "all" ? "All" : state === "open" ? "Open" : "Closed"} discussions${ccg ? ` with ${ccg}` : ""}`;
    return {
      reply: discussionListReply(
        title,
        list,
        `No ${state === "all" ? "" : state + " "}discussions. Open one with \`discuss <ccg> <topic>\`.`,
      ),
    };
  },
});
