import { z } from "zod";
import { actionListReply } from "../src/reply/views/dialogue";
import { actorOf, defineCommand } from "./command";

const FILTERS = ["mine", "proposed", "overdue", "all"] as const;

export const actionsCommand = defineCommand({
  name: "actions",
  summary: "Open actions of your organisation; mine: those you own; proposed: those you proposed; overdue; all",
  usage: "actions [ccg] [mine|proposed|overdue|all]",
  examples: ["actions", "actions 02N overdue", "actions mine", "actions proposed"],
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
        proposed: filter === "proposed",
        overdue: filter === "overdue",
        ...(filter === "all" ? { statuses: ["PROPOSED", "AGREED", "DONE", "DROPPED"] as const } : {}),
      } as Parameters<typeof ctx.core.actions.list>[1],
      ctx.now,
    );
    const what =
      filter === "overdue"
        ? "Overdue actions"
        : filter === "mine"
          ? "Actions you own"
          : filter === "proposed"
            ? "Actions you proposed"
            : filter === "all"
              ? "All actions"
              : "Open actions";
    return { reply: actionListReply(`${what}${ccg ? ` — ${ccg}` : ""}`, actions, `No ${what.toLowerCase()}.`) };
  },
});
