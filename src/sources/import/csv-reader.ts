// Reading CSV: our own layout (a header naming the columns, in any order, then one row per figure), and numbered
// records for readers of other layouts (Fingertips). Memory stays bounded: records are mapped inside the parser and
// handed on in batches.
import { pipeline, type Readable } from "node:stream";
import { Parser } from "csv-parse";
import { ImportFileError, type ImportKind, type RawRow, type Rejection } from "./report";

type Column = "organisation" | "indicator" | "period" | "value" | "numerator" | "denominator";
const REQUIRED: Column[] = ["organisation", "indicator", "period", "value"];

/** Header names we accept, compared without case, spaces or punctuation. */
const HEADER_NAMES: Record<Column, string[]> = {
  organisation: [
    "organisation",
    "organisationcode",
    "organization",
    "organizationcode",
    "org",
    "orgcode",
    "ccg",
    "ccgcode",
    "odscode",
  ],
  indicator: ["indicator", "indicatorcode"],
  period: ["period", "periodstart"],
  value: ["value", "plan", "planvalue"],
  numerator: ["numerator"],
  denominator: ["denominator"],
};
const normaliseHeader = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

export const EXPECTED_COLUMNS = "organisation, indicator, period, value (and optionally numerator, denominator)";

/**
 * csv-parse, numbering each record with the line it ends on. The parser's `info` option gives the same number but
 * copies its whole state for every record, which halved throughput; `info.lines` read as a record is pushed is
 * exact and free. With `batch`, each record is turned into what the reader wants (`map`, which may drop it) right
 * here, and handed on in arrays: one await per batch instead of per record (another async layer per record cost
 * more than parsing the CSV).
 */
class NumberedParser<T> extends Parser {
  /** the line the last record ended on */
  lastLine = 0;
  private pending: T[] = [];

  constructor(
    options: ConstructorParameters<typeof Parser>[0],
    private readonly toItem: (record: string[], line: number) => T | undefined,
    private readonly batch = 0,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) {
      if (this.pending.length) super.push(this.pending.splice(0));
      return super.push(null);
    }
    this.lastLine = this.info.lines;
    let item: T | undefined;
    try {
      item = this.toItem(record as string[], this.lastLine);
    } catch (error) {
      this.destroy(error as Error);
      return false;
    }
    if (item === undefined) return true;
    if (!this.batch) return super.push(item);
    this.pending.push(item);
    return this.pending.length >= this.batch ? super.push(this.pending.splice(0)) : true;
  }
}

export interface NumberedRecord {
  record: string[];
  line: number;
}

/** A CSV stream that never loses a bad record silently: each one it cannot read is reported with its line. */
export function csvRecords(input: Readable, reject: (r: Rejection) => void): AsyncIterable<NumberedRecord> {
  return csvParser<NumberedRecord>(input, reject, (record, line) => ({ record, line }));
}

function csvParser<T>(
  input: Readable,
  reject: (r: Rejection) => void,
  map: (record: string[], line: number) => T | undefined,
  batch = 0,
): NumberedParser<T> {
  let lastLine = -1;
  const parser: NumberedParser<T> = new NumberedParser<T>(
    {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        // A quote left open swallows the rest of the file: nothing after it can be trusted, so the file fails.
        if (err?.code === "CSV_QUOTE_NOT_CLOSED") {
          const line = Math.max(parser.lastLine, lastLine) + 1;
          parser.destroy(
            new ImportFileError(
              line,
              `Line ${line}: a quote opened on this line (or soon after) is never closed, so the rest of the file cannot be read as CSV.`,
            ),
          );
          return undefined;
        }
        const line = typeof err?.lines === "number" ? err.lines : parser.info.lines;
        // csv-parse may report one broken line twice (each stray quote); it is one rejected row.
        if (line !== lastLine) reject({ line, kind: "csv", message: err?.message ?? "a record could not be read" });
        lastLine = line;
        return undefined;
      },
    },
    map,
    batch,
  );
  // pipeline, not pipe: an input that failed before reading began (a download cut off while the transaction was
  // opening) is already destroyed, and only pipeline passes its error on instead of leaving the parser waiting.
  pipeline(input, parser, () => undefined);
  return parser;
}

/** How many rows a reader hands on at a time. */
const READ_BATCH = 1_000;

/** Rows of our own layout, in batches: a header naming the columns (any order), then one row per figure. */
export async function* readRowsCsv(
  input: Readable,
  reject: (r: Rejection) => void,
  notes: string[],
  kind: ImportKind = "values",
): AsyncGenerator<RawRow[]> {
  let columns: Partial<Record<Column, number>> | undefined;
  let width = 0;
  const toRow = (record: string[], line: number): RawRow | undefined => {
    if (!columns) {
      columns = mapHeader(record, notes, kind);
      width = record.length;
      return undefined;
    }
    if (record.length !== width) {
      reject({
        line,
        kind: "fields",
        message: `has ${record.length} field${record.length === 1 ? "" : "s"}; the header has ${width}`,
      });
      return undefined;
    }
    const at = (c: Column) => (columns![c] === undefined ? undefined : record[columns![c]!]);
    return {
      line,
      organisation: at("organisation")!,
      indicator: at("indicator")!,
      period: at("period")!,
      value: at("value")!,
      numerator: at("numerator") || undefined,
      denominator: at("denominator") || undefined,
    };
  };
  for await (const rows of csvParser(input, reject, toRow, READ_BATCH)) yield rows as RawRow[];
  if (!columns) throw new ImportFileError(1, "The file is empty: expected a header line and rows.");
}

/** Groups a reader's rows into batches, for readers that yield one row at a time. */
export async function* inBatches(rows: AsyncIterable<RawRow>, size = READ_BATCH): AsyncGenerator<RawRow[]> {
  let batch: RawRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Whether a header line is our own layout's: it names every required column. */
export function isOwnLayoutHeader(header: string[]): boolean {
  const names = new Set(header.map(normaliseHeader));
  return REQUIRED.every((c) => HEADER_NAMES[c].some((n) => names.has(n)));
}

function mapHeader(header: string[], notes: string[], kind: ImportKind): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  const unknown: string[] = [];
  header.forEach((name, index) => {
    const n = normaliseHeader(name);
    const column = (Object.keys(HEADER_NAMES) as Column[]).find((c) => HEADER_NAMES[c].includes(n));
    if (!column) unknown.push(name);
    else if (columns[column] !== undefined) {
      throw new ImportFileError(
        1,
        `Line 1: the column ${column} appears twice ("${header[columns[column]!]}", "${name}").`,
      );
    } else columns[column] = index;
  });
  const missing = REQUIRED.filter((c) => columns[c] === undefined);
  if (missing.length) {
    throw new ImportFileError(
      1,
      `Line 1: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. ` +
        `Expected ${EXPECTED_COLUMNS}; found ${header.map((h) => `"${h}"`).join(", ")}.`,
    );
  }
  if (unknown.length)
    notes.push(`Ignored column${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}.`);
  if (kind === "plans" && (columns.numerator !== undefined || columns.denominator !== undefined)) {
    notes.push("Plans have no numerator or denominator: those columns were ignored.");
    delete columns.numerator;
    delete columns.denominator;
  }
  return columns;
}
