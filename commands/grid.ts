// `grid <area team|england>`: the area team's CCGs × the national ask, the RAG of each CCG's latest figure and of its
// plan for the same period; for England, each area team's CCGs together. Teams shows a native table, Slack a picture
// of it (with its words as alt text), the console the table as text, the tab a page of it.
import { z } from "zod";
import { GRID_LINK } from "../src/charts/links";
import { gridReply } from "../src/reply/views/grid";
import { defineCommand } from "./command";

const which = "Which area team, or england? e.g. `grid Q52`.";

export const gridCommand = defineCommand({
  name: "grid",
  summary:
    "An area team's CCGs × the national ask: red/amber/green of each figure and of its plan (or England's area teams)",
  usage: "grid <area team|england>",
  examples: ["grid Q52", "grid england"],
  needsPerson: false,
  parse: (words) => ({ scope: words.join(" ") }),
  args: z.object({ scope: z.string({ error: which }).trim().min(1, which).max(120) }),
  async run({ core, now }, { scope }) {
    const grid = await core.grids.gridOf(scope, now);
    // The picture is drawn when Slack fetches the link: only where the bot has a public URL.
    const imageUrl = core.charts?.url(GRID_LINK, grid.scope ? grid.scope.code : "england");
    return { reply: gridReply(grid, imageUrl) };
  },
});
