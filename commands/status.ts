import { z } from "zod";
import { trendAltText, trendSeries, trendTitle } from "../src/charts/trend-series";
import type { Core } from "../src/core";
import { AS_OF_EXAMPLES, parseAsOf, type AsOf } from "../src/core/indicators/as-of";
import { DomainError } from "../src/core/errors";
import { isFilterWord } from "../src/core/indicators/status";
import type { Block } from "../src/reply/model";
import { statusReply } from "../src/reply/views/status";
import { defineCommand } from "./command";

/** An indicator code looks like ae_4hr; a framework or a family (cancer, rtt, mrsa…) is one of a few words. */
const looksLikeFilter = (w: string) => isFilterWord(w) || /^[a-z0-9]+(_[a-z0-9]+)+$/i.test(w);

type StatusArgs = Parameters<Core["indicators"]["statusOf"]>;

/**
 * The status; when the words are not a CCG ("02N bacteraemia"), the last word is tried as a filter (a word of an
 * indicator's name), so only words that are neither a CCG nor an indicator are refused, with the CCG's sentence.
 */
async function statusWithWords(core: Core, ccg: string, now: Date, filter: string | undefined, asOf: AsOf | undefined) {
  const options: StatusArgs[3] = { asOf };
  try {
    return await core.indicators.statusOf(ccg, now, filter, options);
  } catch (error) {
    const words = ccg.split(/\s+/);
    if (filter !== undefined || words.length < 2 || !(error instanceof DomainError) || error.kind !== "not-found")
      throw error;
    try {
      return await core.indicators.statusOf(words.slice(0, -1).join(" "), now, words.at(-1), options);
    } catch {
      throw error;
    }
  }
}

export const statusCommand = defineCommand({
  name: "status",
  summary: "A CCG's indicators against standard and plan, RAG, trend; narrow by family (cancer, rtt, mrsa…) or code",
  usage: "status <ccg> [code|family|framework] [as of <period>] — `indicators` lists codes and families",
  examples: [
    "status 02N",
    "status 02N cancer",
    "status 02N rtt",
    "status 02N mrsa",
    "status 02N ae_4hr",
    "status Airedale constitution",
    "status 02N as of Dec 2014",
    "status 02N rtt_incomplete_18wk as of Q3 2014/15",
  ],
  needsPerson: false,
  parse(words) {
    // `… as of <period>` at the end: the status as it stood then.
    const at = words.findIndex((w, i) => w.toLowerCase() === "as" && words[i + 1]?.toLowerCase() === "of");
    const asOf = at >= 0 ? words.slice(at + 2).join(" ") : undefined;
    const rest = at >= 0 ? words.slice(0, at) : words;
    const period = asOf !== undefined ? { asOf } : {};
    if (rest.length >= 2 && looksLikeFilter(rest.at(-1)!)) {
      return { ccg: rest.slice(0, -1).join(" "), filter: rest.at(-1), ...period };
    }
    return { ccg: rest.join(" "), ...period };
  },
  args: z.object({
    ccg: z.string().min(1, "Which CCG? Give its code or part of its name, e.g. `status 02N`.").max(120),
    filter: z.string().max(60).optional(),
    asOf: z
      .string()
      .trim()
      .min(1, `As of when? Give a period after \`as of\`: ${AS_OF_EXAMPLES}.`)
      .max(40, `That is too long for a period: say ${AS_OF_EXAMPLES}.`)
      .optional(),
  }),
  async run({ core, now }, { ccg, filter, asOf: asOfText }) {
    // The period first: a mistyped one is refused before anything is read.
    const asOf = asOfText === undefined ? undefined : parseAsOf(asOfText, now);
    const status = await statusWithWords(core, ccg, now, filter, asOf);
    const rows = [...status.national, ...status.local];
    if (rows.length !== 1) return { reply: statusReply(status) };
    // One indicator: its trend chart too, up to the period shown. The words are always there (alt text, or the text
    // where no image can show); the image only when the bot has a public URL that Slack and Teams can fetch it from.
    const series = await trendSeries(core.prisma, status.ccg, rows[0]!.code, { asOf });
    // An empty chart says nothing the words don't: no image until there are figures. The link is pinned to the
    // newest period shown (a suppressed one too), so the image stays what this message showed.
    const latest = series.points.length ? series.latestPeriod : undefined;
    const imageUrl = latest ? core.charts?.url(status.ccg.code, rows[0]!.code, latest) : undefined;
    const chart: Extract<Block, { type: "chart" }> = {
      type: "chart",
      title: trendTitle(series),
      alt: trendAltText(series),
      ...(imageUrl ? { imageUrl } : {}),
    };
    return { reply: statusReply(status, chart) };
  },
});
