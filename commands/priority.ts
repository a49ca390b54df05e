import { z } from "zod";
import type { Direction, PeriodKind } from "../src/core/db";
import { formatValue } from "../src/core/indicators/format";
import { textReply } from "../src/reply/model";
import { actorOf, defineCommand } from "./command";
import { takeKeywords } from "./words";

const DIRECTIONS: Record<string, Direction> = { lower: "LOWER_IS_BETTER", higher: "HIGHER_IS_BETTER" };
const PERIODS: Record<string, PeriodKind> = {
  monthly: "MONTH",
  quarterly: "QUARTER",
  yearly: "YEAR",
  annual: "YEAR",
};
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const whichCcg = "Which CCG? e.g. `priority add 02N ae_4hr`.";
const whichIndicator = "Which indicator? Give its code, e.g. `priority add 02N ae_4hr`.";
const ccg = z.string({ error: whichCcg }).min(1, whichCcg).max(120);
const indicator = z.string({ error: whichIndicator }).min(1, whichIndicator).max(120);

const args = z.discriminatedUnion("verb", [
  z.object({ verb: z.literal("add"), ccg, indicator }),
  z.object({ verb: z.literal("remove"), ccg, indicator }),
  z.object({ verb: z.literal("list"), ccg }),
  z.object({
    verb: z.literal("new"),
    ccg,
    code: z.string({ error: "Give the new indicator a code, e.g. `dementia_dx`." }).regex(/^[A-Za-z0-9_]{2,40}$/, {
      error: "An indicator code is letters, digits and underscores, e.g. `dementia_dx`.",
    }),
    name: z
      .string({ error: "Give the indicator a name before `standard`." })
      .min(3, "Give the indicator a name before `standard`, e.g. `Dementia diagnosis rate`.")
      .max(120),
    standard: z
      .string({ error: "Give the standard: `standard 67`." })
      .regex(NUMBER, "The standard is a number, e.g. `standard 67`.")
      .transform(Number),
    unit: z.string({ error: "Give the unit: `unit %`, `unit count`, `unit per 100,000`." }).min(1).max(20),
    direction: z.enum(["LOWER_IS_BETTER", "HIGHER_IS_BETTER"]),
    period: z.enum(["MONTH", "QUARTER", "YEAR"]),
    amberTolerance: z
      .string()
      .regex(NUMBER, "The amber tolerance is a number in the indicator's unit, e.g. `amber 2`.")
      .transform(Number)
      .optional(),
  }),
]);

export const priorityCommand = defineCommand({
  name: "priority",
  aliases: ["priorities"],
  summary: "A CCG's local priorities next to the national ask: add an indicator, create the CCG's own, remove one",
  usage:
    "priority add <ccg> <indicator> | priority new <ccg> <code> <name> standard <n> unit <unit> [lower] [monthly|quarterly|yearly] [amber <n>] | priority remove <ccg> <indicator> | priority list <ccg>",
  examples: [
    "priority add 02N ae_4hr",
    "priority new 02N dementia_dx Dementia diagnosis rate standard 67 unit % quarterly amber 3",
    "priority remove 02N ae_4hr",
    "priority list 02N",
  ],
  needsPerson: true,
  parse(words) {
    const verb = words[0]?.toLowerCase();
    const ccgWord = words[1];
    if (verb === "list" || verb === undefined) return { verb: verb ?? "list", ccg: words.slice(1).join(" ") };
    if (verb !== "new") return { verb, ccg: ccgWord, indicator: words.slice(2).join(" ") };
    const rest = words.slice(3);
    const at = rest.findIndex((w) => w.toLowerCase() === "standard");
    const head = at < 0 ? rest : rest.slice(0, at);
    const tail = at < 0 ? [] : rest.slice(at);
    const flag = (w: string) => w.toLowerCase() in DIRECTIONS || w.toLowerCase() in PERIODS;
    const { found } = takeKeywords(
      tail.filter((w) => !flag(w)),
      ["standard", "unit", "amber"] as const,
    );
    const flags = tail.filter(flag).map((w) => w.toLowerCase());
    return {
      verb,
      ccg: ccgWord,
      code: words[2],
      name: head.join(" ") || undefined,
      standard: found.standard,
      unit: found.unit,
      amberTolerance: found.amber,
      direction: DIRECTIONS[flags.find((f) => f in DIRECTIONS) ?? "higher"],
      period: PERIODS[flags.find((f) => f in PERIODS) ?? "monthly"],
    };
  },
  args,
  async run(ctx, a) {
    const actor = actorOf(ctx);
    const { core } = ctx;
    if (a.verb === "list") {
      const { ccg, indicators } = await core.localPriorities.list(a.ccg);
      return {
        reply: {
          summary: `${ccg.code}'s local priorities: ${indicators.length}`,
          blocks: [
            { type: "heading", text: `${ccg.code} ${ccg.name}: local priorities` },
            indicators.length
              ? {
                  type: "items",
                  items: indicators.map((i) => ({
                    title: `${i.code} — ${i.name}`,
                    detail: `${i.ownerCode ? "the CCG's own" : "national"}; standard ${formatValue(i.standard, i.unit) ?? "none"}`,
                  })),
                }
              : { type: "paragraph", text: `None yet. \`priority add ${ccg.code} <indicator>\` adds one.` },
          ],
          visibility: "private",
        },
      };
    }
    if (a.verb === "add") {
      const { ccg, indicator, added } = await core.localPriorities.add(actor, a.ccg, a.indicator);
      const text = added
        ? `${indicator.code} (${indicator.name}) is now one of ${ccg.code}'s local priorities: \`status ${ccg.code}\` shows it under Local priorities.`
        : `${indicator.code} is already one of ${ccg.code}'s local priorities.`;
      return {
        reply: textReply(text, added ? "channel" : "private"),
      };
    }
    if (a.verb === "remove") {
      const { ccg, indicator, deleted } = await core.localPriorities.remove(actor, a.ccg, a.indicator);
      const text = deleted
        ? `${ccg.code}'s own indicator ${indicator.code} (${indicator.name}) is removed, with its ${deleted.values} figures and ${deleted.plans} plan values.`
        : `${indicator.code} (${indicator.name}) is no longer one of ${ccg.code}'s local priorities; it stays in the national ask.`;
      return { reply: textReply(text, "channel") };
    }
    const { ccg, indicator } = await core.localPriorities.create(
      actor,
      a.ccg,
      {
        code: a.code,
        name: a.name,
        standard: a.standard,
        unit: a.unit,
        direction: a.direction,
        period: a.period,
        amberTolerance: a.amberTolerance,
      },
      ctx.now,
    );
    const text =
      `${ccg.code} now has its own indicator ${indicator.code}: ${indicator.name}, standard ${formatValue(indicator.standard, indicator.unit)}` +
      ` (${indicator.direction === "LOWER_IS_BETTER" ? "lower" : "higher"} is better, ${indicator.period.toLowerCase()}ly figures` +
      `${indicator.amberTolerance !== null ? `, amber within ${formatValue(indicator.amberTolerance, indicator.unit)}` : ""}).`;
    return {
      reply: {
        summary: text,
        blocks: [
          { type: "paragraph", text },
          {
            type: "context",
            text: `Import its figures with \`npm run import -- file.csv\` (indicator code ${indicator.code}); \`status ${ccg.code}\` shows it under Local priorities.`,
          },
        ],
        visibility: "channel",
      },
    };
  },
});
