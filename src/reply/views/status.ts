// Indicator status as a reply.
import type { IndicatorStatus } from "../../core/indicators/status";
import { derivedOnce } from "../../core/caching/deep-freeze";
import type { Block, Reply } from "../model";

export const DEMO_DATA_NOTE = "Demo data: generated figures, not published statistics.";

/** "9 red, 7 amber, 6 green, 6 no data": the RAG counts of a status, as the reply and the tab say them. */
export function statusTally(status: Pick<IndicatorStatus, "national" | "local">): string {
  // A national indicator the CCG also chose as a local priority is listed in both, and counted once.
  const all = [...new Map([...status.national, ...status.local].map((r) => [r.code, r])).values()];
  const count = (rag: string) => all.filter((r) => r.rag === rag).length;
  return `${count("red")} red, ${count("amber")} amber, ${count("green")} green${count("grey") ? `, ${count("grey")} no data` : ""}`;
}

/**
 * Which figures are demo data, in a sentence; null when none is. Every row whose figure is demo data is marked
 * "demo" too, so a summary that mixes demo and published figures never does so silently.
 */
export function demoDataNote(
  status: Pick<IndicatorStatus, "includesDemoData" | "figures" | "demoFigures">,
): string | null {
  const { figures, demoFigures } = status;
  if (demoFigures > 0 && demoFigures === figures) {
    return `${DEMO_DATA_NOTE} ${figures === 1 ? "The figure is" : `All ${figures} figures are`} demo data.`;
  }
  if (demoFigures > 0) {
    return (
      `${DEMO_DATA_NOTE} ${demoFigures} of ${figures} figures ${demoFigures === 1 ? "is" : "are"} demo data ` +
      `(marked demo); the others are published statistics.`
    );
  }
  if (status.includesDemoData)
    return `${DEMO_DATA_NOTE} The latest figures are published; some trends include demo figures.`;
  return null;
}

/** What the columns mean, and, as of a period, which figures that takes in. */
export function statusExplanation(status: Pick<IndicatorStatus, "asOf">): string {
  if (!status.asOf) return "Value against the standard and the CCG's plan; trend over the last 6 periods.";
  const { label } = status.asOf;
  return (
    `As it stood in ${label}: each indicator's latest figure for a period ended by then, against the standard and ` +
    `the plan for its period; trend over the 6 periods up to it; stale only when a later period had ended by ` +
    `${label} with no figure.`
  );
}

/**
 * The replies of summaries that cannot change (the status cache's, frozen: src/core/caching/deep-freeze.ts), each
 * built once and frozen too, so that the platforms' renderers can keep what they made of its blocks (blocks.ts).
 */
const frozenReplies = new WeakMap<IndicatorStatus, Reply>();

/** `chart`: the trend chart of the one indicator asked for, shown under its row. */
export function statusReply(status: IndicatorStatus, chart?: Extract<Block, { type: "chart" }>): Reply {
  if (chart) return buildStatusReply(status, chart);
  return derivedOnce(frozenReplies, status, buildStatusReply);
}

function buildStatusReply(status: IndicatorStatus, chart?: Extract<Block, { type: "chart" }>): Reply {
  const { ccg } = status;
  const all = [...status.national, ...status.local];
  const tally = statusTally(status);
  const asOf = status.asOf ? ` as of ${status.asOf.label}` : "";
  const blocks: Block[] = [
    { type: "heading", text: `${ccg.code} ${ccg.name}${status.filter ? ` — ${status.filter}` : ""}${asOf}` },
    { type: "paragraph", text: `Indicator status${asOf}: ${tally}. Worst first.` },
  ];
  if (status.national.length) blocks.push({ type: "indicators", title: "National ask", rows: status.national });
  if (status.local.length) blocks.push({ type: "indicators", title: "Local priorities", rows: status.local });
  if (chart) blocks.push(chart);
  if (!all.length) blocks.push({ type: "paragraph", text: "No indicators match." });
  const demo = demoDataNote(status);
  const narrow = status.filter
    ? null
    : `Narrow it with a family (\`status ${ccg.code} cancer\`, rtt, ae, mrsa…), a framework or an indicator code: \`indicators\` lists them.`;
  // The demo label is placed first and never cut (README: every reply that shows demo figures says so).
  if (demo) blocks.splice(1, 0, { type: "context", text: demo, keep: true });
  blocks.push({ type: "context", text: [statusExplanation(status), narrow].filter(Boolean).join(" ") });
  const demoSummary = !demo
    ? ""
    : status.demoFigures === status.figures || status.demoFigures === 0
      ? " (demo data)"
      : ` (${status.demoFigures} of ${status.figures} figures demo data)`;
  return {
    summary: `${ccg.code} ${ccg.name}${asOf}: ${tally}${demoSummary}`,
    blocks,
    visibility: "private",
    narrow: `Narrow it down, e.g. \`status ${ccg.code} cancer\` or \`status ${ccg.code} constitution\`.`,
  };
}
