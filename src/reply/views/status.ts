// Indicator status as a reply.
import type { IndicatorStatus } from "../../core/indicators/status";
import type { Block, Reply } from "../model";

export const DEMO_DATA_NOTE = "Demo data: generated figures, not published statistics.";

/** `chart`: the trend chart of the one indicator asked for, shown under its row. */
export function statusReply(status: IndicatorStatus, chart?: Extract<Block, { type: "chart" }>): Reply {
  const { ccg } = status;
  const all = [...status.national, ...status.local];
  const count = (rag: string) => all.filter((r) => r.rag === rag).length;
  const tally = `${count("red")} red, ${count("amber")} amber, ${count("green")} green${count("grey") ? `, ${count("grey")} no data` : ""}`;
  const blocks: Block[] = [
    { type: "heading", text: `${ccg.code} ${ccg.name}${status.filter ? ` — ${status.filter}` : ""}` },
    { type: "paragraph", text: `Indicator status: ${tally}. Worst first.` },
  ];
  if (status.national.length) blocks.push({ type: "indicators", title: "National ask", rows: status.national });
  if (status.local.length) blocks.push({ type: "indicators", title: "Local priorities", rows: status.local });
  if (chart) blocks.push(chart);
  if (!all.length) blocks.push({ type: "paragraph", text: "No indicators match." });
  const notes = ["Value against the standard and the CCG's plan; trend over the last 6 periods."];
  if (status.includesDemoData) notes.unshift(DEMO_DATA_NOTE);
  blocks.push({ type: "context", text: notes.join(" ") });
  return {
    summary: `${ccg.code} ${ccg.name}: ${tally}${status.includesDemoData ? " (demo data)" : ""}`,
    blocks,
    visibility: "private",
  };
}
