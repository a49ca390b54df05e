// Imports indicator values or plan trajectories: rows of organisation code, indicator code, period and value (and,
// for values, numerator and denominator where published).
//
// How it holds up on big and bad files:
// - The file is streamed through csv-parse and each row checked with zod and against the organisations and
//   indicators we know; memory stays bounded (at most one batch of rows and the first `maxReported` rejections).
// - Checked rows go into a temporary table inside one transaction: on PostgreSQL through one COPY fed as the file is
//   read, elsewhere a batch at a time as one JSON parameter (json_to_recordset). Duplicates across the whole file
//   are then found by the database, not in memory, and the rows written into the target table by two set-based
//   statements (update what differs, insert what is new) keyed by (organisation, indicator, periodStart). A row
//   changes only when something differs, so importing the same file again changes nothing.
// - Mode "all-or-nothing" (the default): any rejected row rolls the whole transaction back; nothing is written.
//   Mode "valid-rows": the valid rows are written and every rejected row is reported. Either way a file that cannot
//   be read to its end (wrong columns, broken quoting at the end, read error) writes nothing.
//
// The import's public face. Inside the folder: report.ts (kinds, modes, rows, rejections, the report),
// csv-reader.ts (CSV to rows), row-check.ts (one row checked), successors.ts (old CCG codes placed under their
// successors), merge-successors.ts (a merger's parts combined into the successor's figure), stage.ts (rows into the
// temporary table), sql.ts (the statements), import-rows.ts (one import in one transaction), file-import.ts (a file)
// and describe-report.ts (the report for a person).
export { describeReport } from "./describe-report";
export { importCsvFile, type FileImportOptions } from "./file-import";
export {
  csvRecords,
  EXPECTED_COLUMNS,
  inBatches,
  isOwnLayoutHeader,
  readRowsCsv,
  type NumberedRecord,
} from "./csv-reader";
export { importRows } from "./import-rows";
export {
  IMPORT_KINDS,
  IMPORT_MODES,
  ImportFileError,
  REJECTION_KINDS,
  type ImportKind,
  type ImportMode,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type RawRow,
  type Rejection,
  type RejectionKind,
} from "./report";
export { checkRow, loadLookups, rowSchema, type CheckedFields, type Lookups, type StagedRow } from "./row-check";
