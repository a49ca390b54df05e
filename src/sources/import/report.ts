// What an import is asked to do and what it answers: its kinds and modes, the rows any reader hands it, the
// rejections and the report. Shared by the readers, the row check, the write and the report's description.

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
  /** where in a published file the figure was read, as its user finds it ("F14", "'IP'!H9"); reported with line */
  at?: string;
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
  merge: "parts of a merger not combined",
} as const;
export type RejectionKind = keyof typeof REJECTION_KINDS;

export interface Rejection {
  line: number;
  /** the cell, for a published file */
  at?: string;
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
  /** rows a published reader set aside, for each reason: counted as skipped, and reported beside the import's own */
  setAsideBy?: Record<string, number>;
  /** multiply every value by this (`--scale 100` for percentages given as fractions) */
  scale?: number;
}

export interface ImportReport {
  kind: ImportKind;
  mode: ImportMode;
  source: string;
  /** data rows given to the import (the header is not counted, nor rows a reader skipped as not ours) */
  rowsRead: number;
  /** rows a reader passed over as not ours (Fingertips: England, areas that are not our CCGs) */
  rowsSkipped: number;
  /** rows stored under a successor of the code the file gives: "02V → 15F from 2018-04-01" → rows */
  successorMappings?: Record<string, number>;
  /** figures of several old codes combined into one for their successor: "02V + 02W + 02X → 15F for 2014-12: summed"
   * → figures so made (one per indicator) */
  successorCombinations?: Record<string, number>;
  /** of those, how many for each reason ("England (X24)": 1), where the reader says */
  setAsideBy?: Record<string, number>;
  /** the publication the file was read as (a published format's id), when it was not our own layout */
  format?: string;
  /** demo figures removed because real figures came in for their indicators */
  demoRemoved?: number;
  /** plans: the CCGs whose plan changed, with the number of the version this import made */
  planVersions?: { ccg: string; number: number }[];
  /** suppressed figures stored as suppressed */
  suppressed?: number;
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

/** A report with nothing read yet: where every import's report starts. */
export function emptyReport(
  options: Pick<ImportOptions, "kind" | "mode">,
  source: string,
  notes: string[],
): ImportReport {
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

/** Adds `from`'s counts into `into`, reason by reason (set-aside rows read from several files or months). */
export function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [why, n] of Object.entries(from)) into[why] = (into[why] ?? 0) + n;
  return into;
}
