import { z } from "zod";
import { actionListReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";

const FILTERS = ["mine", "overdue", "all"] as const;

export const actionsCommand = defineCommand({
  name: "actions",
  summary: "Open actions of your organisation: all, yours, or overdue",
  usage: "actions [ccg] [mine|overdue|all]",
  examples: ["actions", "actions 02N overdue", "actions mine"],
  needsPerson: true,
  parse(words) {
    const last = words.at(-1)?.toLowerCase();
    const filter = FILTERS.find((f) => f === last);
    const rest = filter ? words.slice(0, -1) : words;
    return { ccg: rest.length ? rest.join(" ") : undefined, filter };
  },
  args: z.object({ ccg: z.string().max(120).optional(), filter: z.enum(FILTERS).optional() }),
  async run(ctx, { ccg, filter }) {
    const actions = await ctx.core.actions.list(
      actorOf(ctx),
      {
        ccgText: ccg,
        mine: filter === "mine",
        overdue: filter === "overdue",
        ...(filter === "all" ? { statuses: ["PROPOSED", "AGREED", "DONE", "DROPPED"] as const } : {}),
      } as Parameters<typeof ctx.core.actions.list>[1],
      ctx.now,
    );
    const what =
      filter === "overdue"
        ? "Overdue actions"
        : filter === "mine"
          ? "Your actions"
          : filter === "all"
            ? "All actions"
            : "Open actions";
    return { reply: actionListReply(`${what}${ccg ? ` — ${ccg}` : ""}`, actions, `No ${what.toLowerCase()}.`) };
  },
});
