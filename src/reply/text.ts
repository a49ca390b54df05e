// Plain-text rendering of the neutral reply model: the console, and the fallback text elsewhere.
import type { Block, IndicatorRow, Rag, Reply, TableBlock, TableCell, Trend } from "./model";
import { shownOn } from "./model";

export const RAG_LABEL: Record<Rag, string> = { red: "RED", amber: "AMBER", green: "GREEN", grey: "GREY" };
export const TREND_LABEL: Record<Trend, string> = {
  improving: "↑ improving",
  worsening: "↓ worsening",
  steady: "→ steady",
  unknown: "· n/a",
};

/** What a row shows where its value would be when the publisher suppressed the figure. */
export const SUPPRESSED_TEXT = "suppressed";
/** The mark on a row whose figure is generated demo data. */
export const DEMO_MARK = "demo";

/** A row's value as text: the figure, "suppressed", or `none` when there is no figure. */
export const rowValue = (r: IndicatorRow, none: string) => (r.suppressed ? SUPPRESSED_TEXT : (r.value ?? none));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function indicatorTable(rows: IndicatorRow[]): string {
  const header = ["RAG", "Indicator", "Latest", "Standard", "Plan", "vs plan", "Trend", "Period"];
  return table([
    header,
    ...rows.map((r) => [
      RAG_LABEL[r.rag],
      `${r.name}${r.note ? ` (${r.note})` : ""}${r.demo ? ` [${DEMO_MARK}]` : ""}`,
      rowValue(r, "—"),
      r.standard ?? "—",
      r.plan ?? "—",
      r.variance ?? "—",
      TREND_LABEL[r.trend],
      r.period ?? "—",
    ]),
  ]);
}

/** A RAG as one letter, for cells: R, A, G, or - for grey (no data). */
export const RAG_LETTER: Record<Rag, string> = { red: "R", amber: "A", green: "G", grey: "-" };

const parts = (c: TableCell) => [c, ...(c.second ? [c.second] : [])];
const cellText = (c: TableCell, compact: boolean) =>
  compact
    ? parts(c)
        .map((p) => (p.rag ? RAG_LETTER[p.rag] : p.text))
        .join("")
    : parts(c)
        .map((p) => `${p.rag ? `${RAG_LETTER[p.rag]} ` : ""}${p.text}`)
        .join(" / ");

/** A table block as aligned columns, its title above and its legend below; `compact`: each cell as its RAG letters. */
export function tableText(block: TableBlock, compact = false): string {
  const lines = table([
    block.columns,
    ...block.rows.map((r) => [r.label, ...r.cells.map((c) => cellText(c, compact))]),
  ]);
  return `${block.title}\n${lines}${block.legend ? `\n${block.legend}` : ""}`;
}

function renderBlock(block: Block): string {
  switch (block.type) {
    case "heading":
      return `${block.text}\n${"=".repeat(Math.min(block.text.length, 80))}`;
    case "paragraph":
      return block.text;
    case "fields":
      return block.fields.map((f) => `${f.label}: ${f.value}`).join("\n");
    case "indicators":
      return `${block.title ? `${block.title}\n` : ""}${indicatorTable(block.rows)}`;
    case "items":
      return block.items.map((i) => `• ${i.title}${i.detail ? `\n  ${i.detail}` : ""}`).join("\n");
    case "buttons": {
      const shown = block.buttons.filter((b) => shownOn(b, "CONSOLE"));
      return shown.length ? `[${shown.map((b) => b.label).join("] [")}]` : "";
    }
    case "context":
      return `(${block.text})`;
    case "chart":
      // Text has no image: the chart in words, which is what its alt text is for.
      return `Chart: ${block.alt}`;
    case "divider":
      return "—".repeat(20);
    case "file":
      return `File: ${block.fileName} (${block.title}, ${block.content.length.toLocaleString("en-GB")} bytes)`;

    case "table":
      return tableText(block);
  }
}

export function renderText(reply: Reply): string {
  return reply.blocks.map(renderBlock).join("\n\n");
}
