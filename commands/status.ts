import { z } from "zod";
import { trendAltText, trendSeries, trendTitle } from "../src/charts/trend-series";
import { FRAMEWORK_FILTERS } from "../src/core/indicators/status";
import type { Block } from "../src/reply/model";
import { statusReply } from "../src/reply/views/status";
import { defineCommand } from "./command";

/** An indicator code looks like ae_4hr; a framework is one of a few words. */
const looksLikeFilter = (w: string) =>
  FRAMEWORK_FILTERS.includes(w.toLowerCase()) || /^[a-z0-9]+(_[a-z0-9]+)+$/i.test(w);

export const statusCommand = defineCommand({
  name: "status",
  summary: "A CCG's indicators: latest value against standard and plan, red/amber/green, trend",
  usage: "status <ccg> [indicator|framework]",
  examples: ["status 02N", "status 02N ae_4hr", "status Airedale constitution"],
  needsPerson: false,
  parse(words) {
    if (words.length >= 2 && looksLikeFilter(words.at(-1)!)) {
      return { ccg: words.slice(0, -1).join(" "), filter: words.at(-1) };
    }
    return { ccg: words.join(" ") };
  },
  args: z.object({
    ccg: z.string().min(1, "Which CCG? Give its code or part of its name, e.g. `status 02N`.").max(120),
    filter: z.string().max(60).optional(),
  }),
  async run({ core, now }, { ccg, filter }) {
    const status = await core.indicators.statusOf(ccg, now, filter);
    const rows = [...status.national, ...status.local];
    if (rows.length !== 1) return { reply: statusReply(status) };
    // One indicator: its trend chart too. The words are always there (alt text, or the text where no image can
    // show); the image only when the bot has a public URL that Slack and Teams can fetch it from.
    const series = await trendSeries(core.prisma, status.ccg, rows[0]!.code);
    // An empty chart says nothing the words don't: no image until there are figures.
    const latest = series.points.at(-1)?.periodStart;
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
