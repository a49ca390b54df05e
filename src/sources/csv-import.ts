// Imports indicator values or plan trajectories: rows of organisation code, indicator code, period and value (and,
// for values, numerator and denominator where published).
//
// How it holds up on big and bad files:
// - The file is streamed through csv-parse and each row checked with zod and against the organisations and
//   indicators we know; memory stays bounded (at most one batch of rows and the first `maxReported` rejections).
// - Checked rows go, a batch at a time as one JSON parameter (json_to_recordset), into a temporary table inside one
//   transaction. Duplicates across the whole file are then found by the database, not in memory, and the rows are
//   upserted into the target table in one set-based statement keyed by (organisation, indicator, periodStart).
//   An upsert changes a row only when something differs, so importing the same file again changes nothing.
// - Mode "all-or-nothing" (the default): any rejected row rolls the whole transaction back; nothing is written.
//   Mode "valid-rows": the valid rows are written and every rejected row is reported. Either way a file that cannot
//   be read to its end (wrong columns, broken quoting at the end, read error) writes nothing.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pipeline, type Readable } from "node:stream";
import { CsvError, Parser } from "csv-parse";
import { z } from "zod";
import type { PeriodKind, PrismaClient } from "../core/db";
import { recordImportRows } from "../observability/metrics";
import { parsePeriod, type PeriodResult } from "./periods";
import { inTransaction, type ImportDatabase, type ImportTransaction } from "./transaction";

export const IMPORT_KINDS = ["values", "plans"] as const;
export const IMPORT_MODES = ["all-or-nothing", "valid-rows"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportMode = (typeof IMPORT_MODES)[number];

/** One data row as read, before any check. `line` is the file's line number (1 = the header). */
export interface RawRow {
  line: number;
  organisation: string;
  indicator: string;
  period: string;
  value: string;
  numerator?: string;
  denominator?: string;
}

export const REJECTION_KINDS = {
  csv: "not readable as CSV",
  fields: "wrong number of fields",
  field: "missing or malformed field",
  organisation: "unknown organisation",
  indicator: "unknown indicator",
  period: "bad period",
  range: "value out of range",
  duplicate: "duplicate with a different value",
} as const;
export type RejectionKind = keyof typeof REJECTION_KINDS;

export interface Rejection {
  line: number;
  kind: RejectionKind;
  message: string;
}

export interface ImportProgress {
  phase: "reading" | "checking duplicates" | "writing" | "done";
  rowsRead: number;
  rejected: number;
  /** bytes of the file read so far, and its size, when reading a file */
  bytesRead?: number;
  totalBytes?: number;
}

export interface ImportOptions {
  kind: ImportKind;
  /** stored with every row: where the figures came from (a file name, "fingertips:90365") */
  source: string;
  mode: ImportMode;
  /** when the rows are stamped as imported */
  now: Date;
  batchSize?: number;
  /** how many rejections to keep in detail (all are counted) */
  maxReported?: number;
  /** how long the one transaction may take */
  timeoutMs?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** rows a reader chose not to import (not ours), reported with the counts */
  skipped?: () => number;
}

export interface ImportReport {
  kind: ImportKind;
  mode: ImportMode;
  source: string;
  /** data rows given to the import (the header is not counted, nor rows a reader skipped as not ours) */
  rowsRead: number;
  /** rows a reader passed over as not ours (Fingertips: England, areas that are not our CCGs) */
  rowsSkipped: number;
  rejected: number;
  /** the first `maxReported` rejections, in line order */
  rejections: Rejection[];
  rejectedByKind: Partial<Record<RejectionKind, number>>;
  /** rows repeated with the same figures: written once */
  repeatedRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** true when the transaction committed (in all-or-nothing mode: only when no row was rejected) */
  committed: boolean;
  /** the file as a whole could not be imported: wrong columns, empty, unreadable */
  fatal?: { line: number; message: string };
  /** things worth knowing that rejected nothing, such as ignored columns */
  notes: string[];
  durationMs: number;
}

/** The file as a whole is unusable (empty, wrong columns); nothing is written in either mode. */
export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "ImportFileError";
  }
}

// ---- Reading our CSV layout ------------------------------------------------------------------------------------

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

// ---- Checking a row ----------------------------------------------------------------------------------------------

const SUPPRESSED = new Set(["*", "-", "..", ":", "x", "n/a", "na", "null", "c", "z"]);
/** A number as published: 93.1, -2, .5, 1,234.5, 1e3. */
const NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const toNumber = (s: string) => Number(s.includes(",") ? s.replaceAll(",", "") : s);
const number = (what: string) =>
  z
    .string({ error: `no ${what}` })
    .regex(NUMBER, `${what} is not a number`)
    .transform(toNumber);
/** An empty field counts as absent: the readers pass "" on as undefined (a union with "" here cost a third of the
 * time of checking a row). */
const optionalNumber = (what: string) =>
  z.string().regex(NUMBER, `${what} is not a number`).transform(toNumber).optional();

/** One row's fields (already trimmed by the CSV reader). */
export const rowSchema = z.object({
  organisation: z
    .string({ error: "no organisation code" })
    .min(1, "no organisation code")
    .max(20, "organisation code is too long"),
  indicator: z
    .string({ error: "no indicator code" })
    .min(1, "no indicator code")
    .max(100, "indicator code is too long"),
  period: z.string({ error: "no period" }).min(1, "no period").max(40, "period is too long"),
  value: number("value"),
  numerator: optionalNumber("numerator"),
  denominator: optionalNumber("denominator"),
});
export type CheckedFields = z.infer<typeof rowSchema>;

interface IndicatorInfo {
  code: string;
  unit: string;
  period: PeriodKind;
  ownerCode: string | null;
}

export interface Lookups {
  organisations: Map<string, { kind: "CCG" | "AREA_TEAM" }>;
  /** by lower-cased code */
  indicators: Map<string, IndicatorInfo>;
  /** parsePeriod, remembered: a file names few distinct periods many times */
  period(text: string, kind: PeriodKind): PeriodResult;
}

function rememberedPeriods(): Lookups["period"] {
  const known = new Map<string, PeriodResult>();
  return (text, kind) => {
    const key = `${kind}|${text}`;
    let result = known.get(key);
    if (!result) {
      if (known.size >= 10_000) known.clear();
      result = parsePeriod(text, kind);
      known.set(key, result);
    }
    return result;
  };
}

export async function loadLookups(prisma: PrismaClient): Promise<Lookups> {
  const [organisations, indicators] = await Promise.all([
    prisma.organisation.findMany({ select: { code: true, kind: true } }),
    prisma.indicator.findMany({ select: { code: true, unit: true, period: true, ownerCode: true } }),
  ]);
  return {
    organisations: new Map(organisations.map((o) => [o.code, { kind: o.kind }])),
    indicators: new Map(indicators.map((i) => [i.code.toLowerCase(), i])),
    period: rememberedPeriods(),
  };
}

/** A row ready to stage: l(ine), o(rganisation), i(ndicator), p(eriod start), v(alue), n(umerator), d(enominator). */
export interface StagedRow {
  l: number;
  o: string;
  i: string;
  p: string;
  v: number;
  n: number | null;
  d: number | null;
}

export function checkRow(raw: RawRow, lookups: Lookups, kind: ImportKind): StagedRow | Omit<Rejection, "line"> {
  if (raw.numerator === "" || raw.denominator === "")
    raw = { ...raw, numerator: raw.numerator || undefined, denominator: raw.denominator || undefined };
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success) return { kind: "field", message: fieldProblem(raw, parsed.error.issues[0]!) };
  const row = parsed.data;
  const organisation = row.organisation.toUpperCase();
  const org = lookups.organisations.get(organisation);
  if (!org) return { kind: "organisation", message: `organisation "${row.organisation}" is not a CCG we know` };
  if (org.kind !== "CCG") {
    return { kind: "organisation", message: `${organisation} is an area team; ${kind} are per CCG` };
  }
  const indicator = lookups.indicators.get(row.indicator.toLowerCase());
  if (!indicator) return { kind: "indicator", message: `indicator "${row.indicator}" is not one we know` };
  if (indicator.ownerCode !== null && indicator.ownerCode !== organisation) {
    return {
      kind: "indicator",
      message: `indicator ${indicator.code} is ${indicator.ownerCode}'s own local indicator, not ${organisation}'s`,
    };
  }
  const period = lookups.period(row.period, indicator.period);
  if (!period.ok) return { kind: "period", message: period.reason };
  const range = rangeProblem(row, indicator.unit);
  if (range) return { kind: "range", message: range };
  return {
    l: raw.line,
    o: organisation,
    i: indicator.code,
    p: period.start,
    v: row.value,
    n: row.numerator ?? null,
    d: row.denominator ?? null,
  };
}

/** The zod issue as the person fixing the file should read it, naming what was there. */
function fieldProblem(raw: RawRow, issue: z.core.$ZodIssue): string {
  const field = issue.path[0] as keyof RawRow | undefined;
  const text = field === undefined ? undefined : raw[field];
  if (
    typeof text === "string" &&
    text !== "" &&
    (field === "value" || field === "numerator" || field === "denominator")
  ) {
    return SUPPRESSED.has(text.toLowerCase())
      ? `${field} "${text}" is suppressed or missing`
      : `${field} "${text}" is not a number`;
  }
  return issue.message;
}

function rangeProblem(row: CheckedFields, unit: string): string | undefined {
  for (const field of ["value", "numerator", "denominator"] as const) {
    if (row[field] !== undefined && !Number.isFinite(row[field])) return `${field} is too large to be a figure`;
  }
  if (unit === "%" && (row.value < 0 || row.value > 100)) return `value ${row.value} is not a percentage (0 to 100)`;
  if ((unit === "count" || unit.startsWith("per ")) && row.value < 0) return `value ${row.value} is negative (${unit})`;
  const { numerator: n, denominator: d } = row;
  if (n !== undefined && n < 0) return `numerator ${n} is negative`;
  if (d !== undefined && d <= 0) return `denominator ${d} is not positive`;
  if (unit === "%" && n !== undefined && d !== undefined && n > d) {
    return `numerator ${n} is larger than denominator ${d}`;
  }
  return undefined;
}

// ---- Writing -----------------------------------------------------------------------------------------------------

const STAGE = "plan_dialogue_import_rows";
const GROUPED = "plan_dialogue_import_keys";

const SQL = {
  // Sorts and hashes of a few million staged rows stay in memory (this transaction only).
  workMem: `SET LOCAL work_mem = '128MB'`,
  createStage: `CREATE TEMP TABLE ${STAGE} (line integer NOT NULL, o text NOT NULL, i text NOT NULL, p date NOT NULL,
    v float8 NOT NULL, n float8, d float8) ON COMMIT DROP`,
  stage: `INSERT INTO ${STAGE} (line, o, i, p, v, n, d)
    SELECT r.l, r.o, r.i, r.p::date, r.v, r.n, r.d
    FROM json_to_recordset($1::json) AS r(l integer, o text, i text, p text, v float8, n float8, d float8)`,
  // One row per key, in key order (so the writes walk the indexes in order; unordered they took half as long
  // again), flagged when the file gives the key different figures: every row of such a key is rejected. Codes are
  // ASCII, so sorting them bytewise (COLLATE "C") gives the index's order at a third less cost than the database's
  // collation.
  group: `CREATE TEMP TABLE ${GROUPED} ON COMMIT DROP AS
    SELECT o COLLATE "C" AS o, i COLLATE "C" AS i, p, min(v) AS v, min(n) AS n, min(d) AS d, count(*)::int AS rows,
      (min(v) <> max(v)
        OR min(n) IS DISTINCT FROM max(n) OR count(n) NOT IN (0, count(*))
        OR min(d) IS DISTINCT FROM max(d) OR count(d) NOT IN (0, count(*))) AS conflict
    FROM ${STAGE} GROUP BY o COLLATE "C", i COLLATE "C", p ORDER BY 1, 2, 3`,
  counts: `SELECT count(*) FILTER (WHERE NOT conflict)::int AS keys,
      coalesce(sum(rows) FILTER (WHERE conflict), 0)::int AS "conflictRows"
    FROM ${GROUPED}`,
  conflictRows: `SELECT s.line, s.o, s.i, s.p::text AS p, s.v, s.n, s.d
    FROM ${STAGE} s JOIN ${GROUPED} g USING (o, i, p) WHERE g.conflict ORDER BY s.line LIMIT $1`,
  conflictPeers: `SELECT s.line, s.o, s.i, s.p::text AS p, s.v, s.n, s.d FROM ${STAGE} s
    WHERE (s.o, s.i, s.p) IN (SELECT o, i, p::date FROM json_to_recordset($1::json) AS k(o text, i text, p text))
    ORDER BY s.line`,
} as const;

/**
 * The set-based write of the grouped rows into one table, as two statements: update the keys that exist and differ,
 * then insert the keys that don't exist. Measured on 1,000,000 new rows this took three quarters of the time of one
 * INSERT … ON CONFLICT DO UPDATE, whose speculative insertion costs extra for every row. The two statements are
 * only safe with no other writer in between, so the table is locked against writes (readers carry on) until the
 * import commits. The tables are keyed by (organisation, indicator, period) itself, so the sorted insert walks the
 * primary key in order; a surrogate id was one more index to maintain per row.
 */
function writeSql(kind: ImportKind): { lock: string; update: string; insert: string } {
  const table = kind === "values" ? `"IndicatorValue"` : `"PlanTrajectory"`;
  const figures = kind === "values" ? ["value", "numerator", "denominator"] : ["value"];
  const staged: Record<string, string> = { value: "g.v", numerator: "g.n", denominator: "g.d" };
  // The grouped codes carry collation "C" (sorting); compared in the columns' own collation, the primary key serves
  // the lookup. Compared in "C", only its period part could, and every import read the whole index.
  const key = `t."organisationCode" = g.o COLLATE "default" AND t."indicatorCode" = g.i COLLATE "default"
    AND t."periodStart" = g.p`;
  const compared = [...figures, "source", `"isDemo"`];
  return {
    lock: `LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`,
    update: `WITH up AS (
      UPDATE ${table} AS t SET ${figures.map((c) => `${c} = ${staged[c]}`).join(", ")}, source = $1, "isDemo" = false,
        "importedAt" = $2::timestamp(3)
      FROM ${GROUPED} g WHERE NOT g.conflict AND ${key}
        AND (${compared.map((c) => `t.${c}`).join(", ")})
          IS DISTINCT FROM (${compared.map((c) => (c === "source" ? "$1" : c === `"isDemo"` ? "false" : staged[c])).join(", ")})
      RETURNING 1
    ) SELECT count(*)::int AS n FROM up`,
    insert: `WITH ins AS (
      INSERT INTO ${table} ("organisationCode", "indicatorCode", "periodStart", ${figures.join(", ")}, source, "isDemo", "importedAt")
      SELECT g.o, g.i, g.p, ${figures.map((c) => staged[c]).join(", ")}, $1, false, $2::timestamp(3)
      FROM ${GROUPED} g WHERE NOT g.conflict AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${key})
      RETURNING 1
    ) SELECT count(*)::int AS n FROM ins`,
  };
}

/** Thrown inside the transaction to roll it back; carries nothing, the report is built outside. */
class RollBack extends Error {}

const fmt = (n: number | null) => (n === null ? "" : String(n));

/**
 * Imports rows (from any reader) into IndicatorValue or PlanTrajectory. Never throws for bad input: everything
 * wrong is in the report. Database errors do throw.
 */
export async function importRows(
  db: ImportDatabase,
  rows: AsyncIterable<RawRow[]>,
  options: ImportOptions & { notes?: string[]; rejectionSink?: Rejection[] },
): Promise<ImportReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 10_000;
  const maxReported = options.maxReported ?? 1_000;
  const notes = options.notes ?? [];
  const report = emptyReport(options, options.source, notes);
  const addRejection = (r: Rejection) => {
    report.rejected++;
    report.rejectedByKind[r.kind] = (report.rejectedByKind[r.kind] ?? 0) + 1;
    if (report.rejections.length < maxReported) report.rejections.push(r);
  };
  // A reader reports CSV-level rejections (malformed records, wrong field counts) through the same sink.
  const sink = options.rejectionSink;
  const drainSink = () => {
    if (!sink) return;
    for (const r of sink.splice(0)) {
      report.rowsRead++;
      addRejection(r);
    }
  };
  const progress = (phase: ImportProgress["phase"]) =>
    options.onProgress?.({ phase, rowsRead: report.rowsRead, rejected: report.rejected });

  const lookups = await loadLookups(db.prisma);
  try {
    await inTransaction(db, options.timeoutMs ?? 6 * 3_600_000, async (tx) => {
      await tx.execute(SQL.workMem);
      await tx.execute(SQL.createStage);
      // While the database stages one batch, the next is read and checked: one statement in flight at a time.
      let batch: StagedRow[] = [];
      let inFlight: Promise<unknown> = Promise.resolve();
      let failed: unknown;
      const flush = async () => {
        await inFlight;
        if (failed) throw failed;
        if (!batch.length) return;
        inFlight = tx.execute(SQL.stage, JSON.stringify(batch)).catch((error: unknown) => {
          failed = error;
        });
        batch = [];
      };
      try {
        for await (const raws of rows) {
          drainSink();
          for (const raw of raws) {
            report.rowsRead++;
            const checked = checkRow(raw, lookups, options.kind);
            if ("kind" in checked) addRejection({ line: raw.line, ...checked });
            else batch.push(checked);
            if (report.rowsRead % 10_000 === 0) progress("reading");
          }
          if (batch.length >= batchSize) await flush();
        }
        drainSink();
        await flush();
        await flush(); // and wait for the last one
      } finally {
        await inFlight;
      }
      report.rowsSkipped = options.skipped?.() ?? 0;
      if (report.rowsRead === 0) throw new ImportFileError(2, "The file has a header but no rows.");

      progress("checking duplicates");
      await tx.execute(SQL.group);
      const [counts] = (await tx.query<{ keys: number; conflictRows: number }>(SQL.counts)) as [
        { keys: number; conflictRows: number },
      ];
      if (counts.conflictRows > 0) await reportConflicts(tx, counts.conflictRows, maxReported, addRejection, report);
      if (options.mode === "all-or-nothing" && report.rejected > 0) throw new RollBack();

      progress("writing");
      const write = writeSql(options.kind);
      const stamp = options.now.toISOString();
      await tx.execute(write.lock);
      // Update first: on a first import it has nothing to join and costs nothing; the insert then adds the rest.
      const [updated] = (await tx.query<{ n: number }>(write.update, options.source, stamp)) as [{ n: number }];
      const [inserted] = (await tx.query<{ n: number }>(write.insert, options.source, stamp)) as [{ n: number }];
      report.repeatedRows = report.rowsRead - report.rejected - counts.keys;
      report.inserted = inserted.n;
      report.updated = updated.n;
      report.unchanged = counts.keys - inserted.n - updated.n;
    });
    report.committed = true;
  } catch (error) {
    drainSink();
    if (error instanceof ImportFileError) report.fatal = { line: error.line, message: error.message };
    else if (error instanceof CsvError) {
      const line = typeof error.lines === "number" ? error.lines : 0;
      report.fatal = { line, message: `Line ${line}: the file is not valid CSV: ${error.message}` };
    } else if (!(error instanceof RollBack)) throw error;
  }
  report.rejections.sort((a, b) => a.line - b.line);
  report.durationMs = Date.now() - started;
  recordImportRows(options.kind, report.committed ? report.rowsRead - report.rejected : 0, report.rejected);
  progress("done");
  return report;
}

/** Every row of a key with different figures is rejected, naming the other lines and their figures. */
async function reportConflicts(
  tx: ImportTransaction,
  total: number,
  maxReported: number,
  addRejection: (r: Rejection) => void,
  report: ImportReport,
) {
  type Row = { line: number; o: string; i: string; p: string; v: number; n: number | null; d: number | null };
  const shown = await tx.query<Row>(SQL.conflictRows, Math.max(0, maxReported - report.rejections.length));
  const keys = [...new Map(shown.map((r) => [`${r.o}|${r.i}|${r.p}`, { o: r.o, i: r.i, p: r.p }])).values()];
  const peers = keys.length ? await tx.query<Row>(SQL.conflictPeers, JSON.stringify(keys)) : [];
  const byKey = new Map<string, Row[]>();
  for (const r of peers) byKey.set(`${r.o}|${r.i}|${r.p}`, [...(byKey.get(`${r.o}|${r.i}|${r.p}`) ?? []), r]);
  const figures = (r: Row) => [r.v, r.n, r.d].map(fmt).filter(Boolean).join("/");
  for (const r of shown) {
    const others = (byKey.get(`${r.o}|${r.i}|${r.p}`) ?? []).filter(
      (x) => x.line !== r.line && figures(x) !== figures(r),
    );
    const list = others.slice(0, 3).map((x) => `${figures(x)} on line ${x.line}`);
    addRejection({
      line: Number(r.line),
      kind: "duplicate",
      message:
        `${r.o} ${r.i} ${r.p} is ${figures(r)} here but ${list.join(", ")}` +
        (others.length > 3 ? ` and ${others.length - 3} more` : ""),
    });
  }
  // Conflicting rows beyond the reported ones are counted all the same.
  for (let i = shown.length; i < total; i++) {
    report.rejected++;
    report.rejectedByKind.duplicate = (report.rejectedByKind.duplicate ?? 0) + 1;
  }
}

// ---- A file --------------------------------------------------------------------------------------------------

export interface FileImportOptions extends Omit<ImportOptions, "source"> {
  source?: string;
}

/** Imports one CSV file of our layout. The default source is the file's name. */
export async function importCsvFile(
  db: ImportDatabase,
  file: string,
  options: FileImportOptions,
): Promise<ImportReport> {
  const source = options.source ?? path.basename(file);
  let totalBytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a file");
    totalBytes = info.size;
  } catch {
    return failedBeforeStart(options, source, `I can't read the file ${file}.`);
  }
  if (totalBytes === 0)
    return failedBeforeStart(options, source, "The file is empty: expected a header line and rows.");
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const notes: string[] = [];
  const sink: Rejection[] = [];
  return importRows(
    db,
    readRowsCsv(input, (r) => sink.push(r), notes, options.kind),
    {
      ...options,
      source,
      notes,
      rejectionSink: sink,
      onProgress: options.onProgress
        ? (p) => options.onProgress!({ ...p, bytesRead: input.bytesRead, totalBytes })
        : undefined,
    },
  );
}

/** A report with nothing read yet: where every import's report starts. */
function emptyReport(options: Pick<ImportOptions, "kind" | "mode">, source: string, notes: string[]): ImportReport {
  return {
    kind: options.kind,
    mode: options.mode,
    source,
    rowsRead: 0,
    rowsSkipped: 0,
    rejected: 0,
    rejections: [],
    rejectedByKind: {},
    repeatedRows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    committed: false,
    notes,
    durationMs: 0,
  };
}

function failedBeforeStart(options: FileImportOptions, source: string, message: string): ImportReport {
  return { ...emptyReport(options, source, []), fatal: { line: 0, message } };
}

// ---- Reading the report ---------------------------------------------------------------------------------------

/** The report as a person reads it: what happened, then every reported rejection with its line. */
export function describeReport(report: ImportReport, maxLines = 50): string[] {
  const what = report.kind === "values" ? "values" : "plan values";
  const rows = (n: number, word = "row") => `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
  const lines: string[] = [];
  if (report.fatal) {
    lines.push(`Nothing imported. ${report.fatal.message}`);
  } else if (!report.committed) {
    lines.push(
      `Nothing imported: ${rows(report.rejected)} of ${report.rowsRead.toLocaleString("en-GB")} rejected, and mode ` +
        `all-or-nothing writes nothing unless every row is good. Fix them, or run again with --mode valid-rows to ` +
        `import the rest.`,
    );
  } else {
    lines.push(
      `Imported ${what} from ${report.source}: ${rows(report.rowsRead + report.rowsSkipped)} read, ` +
        `${report.inserted.toLocaleString("en-GB")} new, ${report.updated.toLocaleString("en-GB")} changed, ` +
        `${report.unchanged.toLocaleString("en-GB")} unchanged` +
        (report.repeatedRows ? `, ${rows(report.repeatedRows, "repeated row")} written once` : "") +
        (report.rowsSkipped ? `, ${rows(report.rowsSkipped)} skipped as not ours` : "") +
        (report.rejected ? `; ${rows(report.rejected)} rejected (mode valid-rows)` : "") +
        ` in ${(report.durationMs / 1000).toFixed(1)} s.`,
    );
  }
  lines.push(...report.notes);
  if (report.rejected) {
    const kinds = Object.entries(report.rejectedByKind)
      .map(([k, n]) => `${n} ${REJECTION_KINDS[k as RejectionKind]}`)
      .join(", ");
    lines.push(`Rejected rows: ${kinds}.`);
    const shown = report.rejections.slice(0, maxLines);
    for (const r of shown) lines.push(`  line ${r.line}: ${r.message}`);
    if (report.rejected > shown.length)
      lines.push(`  … and ${(report.rejected - shown.length).toLocaleString("en-GB")} more.`);
  }
  return lines;
}
