// A published file opened as sheets of text cells, whatever it was: CSV, .xlsx, or the older .xls (BIFF8) that NHS
// England published in 2013–15. Readers of publications see only this: rows numbered as the file numbers them (the
// spreadsheet's row, the CSV's line), cells as the text a person sees, empty cells as "".
//
// Spreadsheets go through SheetJS (`@e965/xlsx`, the SheetJS Community Edition 0.20.3 republished unchanged on the
// npm registry: the `xlsx` package there stopped at 0.18.5, which has two advisories, prototype pollution
// CVE-2023-30533 and ReDoS CVE-2024-22363, both fixed by 0.20.2; SheetJS itself now publishes only on its own CDN,
// which these machines cannot reach). It is the one maintained reader of both .xls and .xlsx. It reads a workbook
// whole, about 480 bytes a cell (measured: a 50 MB .xls peaked at 1.7 GB, docs/PERFORMANCE.md), so memory is bounded
// by refusing spreadsheets over MAX_SPREADSHEET_BYTES (64 MB: some 2 GB at that rate; the commissioner files of
// 2013–15 are a few MB) and CSV over MAX_CSV_BYTES; `npm run bench -- import` prints the peak for a 50 MB .xls.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import * as XLSX from "@e965/xlsx";
import { ImportFileError } from "../import/report";

export interface SheetRow {
  /** the row as the file numbers it: spreadsheet row 1 is the first, a CSV's line 1 is its first line */
  row: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export interface Workbook {
  /** the file's name, without its folder (readers may take a period from it) */
  fileName: string;
  kind: "csv" | "xlsx" | "xls";
  sheets: Sheet[];
}

export const MAX_SPREADSHEET_BYTES = 64 * 1024 * 1024;
export const MAX_CSV_BYTES = 200 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The kind of file by its first bytes, not its name: a downloaded .xls is sometimes really HTML or CSV. */
export function kindOf(bytes: Uint8Array): Workbook["kind"] {
  if (startsWith(bytes, ZIP)) return "xlsx";
  if (startsWith(bytes, OLE2)) return "xls";
  return "csv";
}

export async function openWorkbook(file: string): Promise<Workbook> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new ImportFileError(0, `I can't read the file ${file}.`);
  if (info.size === 0) throw new ImportFileError(0, "The file is empty.");
  if (info.size > MAX_CSV_BYTES)
    throw new ImportFileError(
      0,
      `The file is ${Math.round(info.size / 1048576)} MB; I read published files up to 200 MB.`,
    );
  const bytes = await readFile(file);
  if (info.size > MAX_SPREADSHEET_BYTES && kindOf(bytes) !== "csv")
    throw new ImportFileError(
      0,
      `The spreadsheet is ${Math.round(info.size / 1048576)} MB; I read spreadsheets up to 64 MB (reading one takes ` +
        `some 35 times its size in memory). Save the sheet you need as CSV and import that.`,
    );
  return workbookOf(path.basename(file), bytes);
}

export function workbookOf(fileName: string, bytes: Uint8Array): Workbook {
  const kind = kindOf(bytes);
  if (kind === "csv") return { fileName, kind, sheets: [{ name: fileName, rows: csvRows(bytes) }] };
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, {
      type: "buffer",
      dense: true,
      cellDates: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
    });
  } catch (error) {
    throw new ImportFileError(
      0,
      `The file looks like a spreadsheet (.${kind}) but I can't open it: ${(error as Error).message}`,
    );
  }
  return {
    fileName,
    kind,
    sheets: book.SheetNames.map((name) => ({ name, rows: sheetRows(book.Sheets[name]!) })),
  };
}

function csvRows(bytes: Uint8Array): SheetRow[] {
  let records: string[][];
  try {
    records = parse(Buffer.from(bytes), {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    throw new ImportFileError(0, `The file is not a spreadsheet and not readable as CSV: ${(error as Error).message}`);
  }
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }));
}

/** Cells as text: numbers in full (0.9312345, not the 93.1% the sheet shows: readers scale them), dates as ISO. */
function sheetRows(sheet: XLSX.WorkSheet): SheetRow[] {
  const data = sheet["!data"] as (XLSX.CellObject | undefined)[][] | undefined;
  if (!data) return [];
  const rows: SheetRow[] = [];
  data.forEach((cells, r) => {
    if (!cells) return;
    const text = Array.from(cells, cellText);
    while (text.length && text[text.length - 1] === "") text.pop();
    if (text.length) rows.push({ row: r + 1, cells: text });
  });
  return rows;
}

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  if (cell.t === "n") return String(cell.v);
  if (cell.t === "d" && cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  if (cell.t === "b") return cell.v ? "TRUE" : "FALSE";
  if (cell.t === "e") return cell.w ?? "#ERROR";
  return String(cell.v).trim();
}

/** A cell's reference as a spreadsheet user reads it: "F14", or "IP sheet!F14" when a workbook has several sheets. */
export function cellRef(sheet: Sheet, book: Workbook, row: number, column: number): string {
  const ref = `${XLSX.utils.encode_col(column)}${row}`;
  return book.kind === "csv"
    ? `line ${row} column ${ref.replace(/\d+$/, "")}`
    : book.sheets.length > 1
      ? `'${sheet.name}'!${ref}`
      : ref;
}
