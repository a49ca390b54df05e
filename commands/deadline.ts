import { z } from "zod";
import { badInput } from "../src/core/errors";
import { atLondonTime, formatLondonDateTime } from "../src/core/time";
import { defineCommand } from "./command";
import { readDate } from "./dates";
import { takeKeywords } from "./words";

export const deadlineCommand = defineCommand({
  name: "deadline",
  summary: "Add a planning deadline (admins: your organisation; operators: national)",
  usage: "deadline add <national|organisation> <title> due <date> [at HH:MM] [link <url>]",
  examples: [
    "deadline add Q51 Draft operational plan to area team due 2014-01-10",
    "deadline add national Final plans due 4 Apr at 12:00",
  ],
  needsPerson: true,
  parse(words) {
    const { rest, found } = takeKeywords(words.slice(2), ["due", "at", "link"] as const);
    return {
      verb: words[0]?.toLowerCase(),
      scope: words[1],
      title: rest.join(" "),
      due: found.due,
      at: found.at,
      link: found.link,
    };
  },
  args: z.object({
    verb: z.literal("add", { error: "Say `deadline add …`." }),
    scope: z.string({ error: "Whose deadline: `national`, or an area team or CCG code." }).min(1),
    title: z.string().min(1, "A deadline needs a title."),
    due: z.string({ error: "When is it due? Add `due <date>`, e.g. `due 10 Jan`." }).min(1),
    at: z
      .string()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "Give the time as HH:MM, e.g. `at 12:00`.")
      .optional(),
    link: z.string().max(500).optional(),
  }),
  async run(ctx, args) {
    const date = readDate(args.due, ctx.now);
    const [hour, minute] = (args.at ?? "17:00").split(":").map(Number) as [number, number];
    const dueAt = atLondonTime(date, hour, minute);
    if (Number.isNaN(dueAt.getTime())) throw badInput(`I could not read "${args.due}" as a date.`);
    const d = await ctx.core.deadlines.add(
      ctx.actor!,
      { scopeText: args.scope, title: args.title, dueAt, link: args.link },
      ctx.now,
    );
    const whose = d.organisation ? `${d.organisation.code} ${d.organisation.name}` : "national";
    return {
      reply: {
        summary: `Deadline added: ${d.title}, ${formatLondonDateTime(d.dueAt)}`,
        blocks: [
          { type: "heading", text: "Deadline added" },
          {
            type: "fields",
            fields: [
              { label: "Title", value: d.title },
              { label: "Due", value: formatLondonDateTime(d.dueAt) },
              { label: "For", value: whose },
            ],
          },
        ],
        visibility: "channel",
      },
    };
  },
});
