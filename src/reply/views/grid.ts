// An area team's grid (or England's) as a reply: a table of indicators × CCGs (or area teams), each cell the RAG of
// the figure and of the plan, with the same words for the picture's alt text, the tab and the console.
import type { Grid, GridCell } from "../../core/position/grid";
import { gridValue } from "../../core/position/grid";
import type { Rag } from "../../core/indicators/status-types";
import type { Block, Reply, TableBlock } from "../model";
import { DEMO_DATA_NOTE } from "./status";

export const GRID_LEGEND =
  "Each cell: the latest figure's RAG (as status rates it: against the standard, amber when on the CCG's plan or within tolerance, grey when stale or missing), then the plan's RAG for the same period against the standard.";
const ENGLAND_LEGEND =
  "Each cell: an area team's CCGs together (weighted by activity, as `position` weighs them) in each indicator's newest national period, then their plans together, both against the standard.";

const RAGS: Rag[] = ["red", "amber", "green", "grey"];
const tally = (cells: GridCell[], pick: (c: GridCell) => Rag) =>
  RAGS.map((r) => `${cells.filter((c) => pick(c) === r).length} ${r === "grey" ? "no data" : r}`).join(", ");

/** Where the grid is. */
export const gridWhere = (grid: Grid) => (grid.scope ? grid.scope.code : "England");

/** The grid in words: what it covers, the tallies, and the cells red on both counts. */
export function gridAlt(grid: Grid): string {
  const cells = grid.rows.flatMap((r) => r.cells);
  const what = grid.scope
    ? `${grid.scope.code}'s ${grid.columns.length} CCGs`
    : `England's ${grid.columns.length} area teams`;
  const bothRed = grid.rows.flatMap((r) =>
    r.cells.flatMap((c, i) =>
      c.rag === "red" && c.planRag === "red" ? [`${r.indicator.code} ${grid.columns[i]!.code}`] : [],
    ),
  );
  return [
    `Grid of ${what} × ${grid.rows.length} indicators of the national ask.`,
    `Figures: ${tally(cells, (c) => c.rag)}.`,
    `Plans: ${tally(cells, (c) => c.planRag)}.`,
    bothRed.length
      ? `Red on both figure and plan: ${bothRed.slice(0, 30).join(", ")}${bothRed.length > 30 ? ` and ${bothRed.length - 30} more` : ""}.`
      : "No cell is red on both figure and plan.",
  ].join(" ");
}

export function gridTable(grid: Grid, imageUrl?: string): TableBlock {
  return {
    type: "table",
    title: `${grid.scope ? `${grid.scope.code} ${grid.scope.name}` : "England"}: figure and plan against the standard`,
    alt: gridAlt(grid),
    columns: ["Indicator", ...grid.columns.map((c) => c.code)],
    rows: grid.rows.map((r) => ({
      label: r.indicator.code,
      name: r.indicator.name,
      cells: r.cells.map((c) => ({
        text: gridValue(r.indicator, c.actual),
        rag: c.rag,
        second: { text: gridValue(r.indicator, c.plan), rag: c.planRag },
      })),
    })),
    legend: grid.scope ? GRID_LEGEND : ENGLAND_LEGEND,
    ...(imageUrl ? { imageUrl } : {}),
  };
}

export function gridReply(grid: Grid, imageUrl?: string): Reply {
  const where = gridWhere(grid);
  const cells = grid.rows.flatMap((r) => r.cells);
  const blocks: Block[] = [
    { type: "heading", text: `Grid — ${grid.scope ? `${grid.scope.code} ${grid.scope.name}` : "England"}` },
    {
      type: "paragraph",
      text: `${grid.rows.length} indicators × ${grid.columns.length} ${grid.scope ? "CCGs" : "area teams"}. Figures: ${tally(cells, (c) => c.rag)}. Plans: ${tally(cells, (c) => c.planRag)}.`,
    },
    gridTable(grid, imageUrl),
  ];
  const notes = [
    grid.includesDemoData ? DEMO_DATA_NOTE : null,
    grid.scope
      ? `\`status <ccg> <indicator>\` shows one cell in full; \`position ${where} <indicator>\` the CCGs together.`
      : "`position england <indicator>` shows each area team's figure, plan and gap.",
  ].filter((x): x is string => !!x);
  blocks.push({ type: "context", text: notes.join(" ") });
  return {
    summary: `Grid of ${where}: figures ${tally(cells, (c) => c.rag)}`,
    blocks,
    visibility: "private",
  };
}
