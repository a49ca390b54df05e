// A neutral table block as a native Adaptive Card 1.5 Table. A grid is many cells (an area team: 24 indicators × up to
// 12 CCGs), and Teams refuses a message over about 28 KB (413 MessageSizeTooBig), so the table is drawn in full (each
// part of a cell its RAG mark, value and colour) only while it stays small; otherwise each cell is just its RAG marks,
// and rows are cut at the card's current row limit with a line saying where the rest is. Columns come in tables of
// at most MAX_COLUMNS, each repeating the row labels, so a wide grid (England's 27 area teams) stays readable.
import {
  ColumnDefinition,
  Table,
  TableCell as CardTableCell,
  TableRow,
  TextBlock,
  type CardElementArray,
  type TextColor,
} from "@microsoft/teams.cards";
import type { Rag, TableBlock, TableCell } from "../../reply/model";

/** The RAG as a coloured mark, readable without colour too (the same marks as Slack's). */
export const RAG_MARK: Record<Rag, string> = { red: "🔴", amber: "🟠", green: "🟢", grey: "⚪" };
const RAG_COLOUR: Record<Rag, TextColor> = { red: "Attention", amber: "Warning", green: "Good", grey: "Default" };

export const MAX_COLUMNS = 12;
/** Bytes of JSON a full table may take before its cells are drawn as marks only. */
export const FULL_TABLE_BYTES = 9_000;

type Text = (value: string, options?: ConstructorParameters<typeof TextBlock>[1]) => TextBlock;

function cellItems(c: TableCell, full: boolean, text: Text): TextBlock[] {
  const parts = [c, ...(c.second ? [c.second] : [])];
  if (!full) return [text(parts.map((p) => (p.rag ? RAG_MARK[p.rag] : p.text)).join(""), { wrap: false })];
  return parts.map((p, i) =>
    text(`${p.rag ? `${RAG_MARK[p.rag]} ` : ""}${p.text}`, {
      size: "Small",
      ...(p.rag && p.rag !== "grey" ? { color: RAG_COLOUR[p.rag] } : {}),
      ...(i > 0 ? { spacing: "None" as const } : {}),
    }),
  );
}

function tables(block: TableBlock, rows: TableBlock["rows"], full: boolean, text: Text): Table[] {
  const out: Table[] = [];
  const dataColumns = block.columns.length - 1;
  for (let from = 0; from < Math.max(dataColumns, 1); from += MAX_COLUMNS) {
    const to = Math.min(from + MAX_COLUMNS, dataColumns);
    const header = new TableRow({
      cells: [block.columns[0]!, ...block.columns.slice(from + 1, to + 1)].map(
        (h) => new CardTableCell(text(h, { weight: "Bolder", size: "Small" })),
      ),
    });
    const body = rows.map(
      (r) =>
        new TableRow({
          cells: [
            new CardTableCell(text(r.label, { size: "Small" })),
            ...r.cells.slice(from, to).map((c) => new CardTableCell(...cellItems(c, full, text))),
          ],
        }),
    );
    out.push(
      new Table({
        firstRowAsHeaders: true,
        showGridLines: true,
        columns: [3, ...Array.from({ length: to - from }, () => 2)].map((width) => new ColumnDefinition({ width })),
        rows: [header, ...body],
      }),
    );
  }
  return out;
}

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x), "utf8");

/** The table's elements for a card whose row limit is `maxRows`. */
export function tableElements(block: TableBlock, maxRows: number, text: Text): CardElementArray {
  const rows = block.rows.slice(0, maxRows);
  const fullTables = tables(block, rows, true, text);
  const full = bytes(fullTables) <= FULL_TABLE_BYTES;
  const elements: CardElementArray = [text(block.title, { weight: "Bolder", spacing: "Medium" })];
  elements.push(...(full ? fullTables : tables(block, rows, false, text)));
  if (block.rows.length > rows.length)
    elements.push(
      text(`…and ${block.rows.length - rows.length} more rows — the dashboard tab shows the whole table`, {
        isSubtle: true,
        size: "Small",
      }),
    );
  if (block.legend) elements.push(text(block.legend, { isSubtle: true, size: "Small" }));
  return elements;
}
