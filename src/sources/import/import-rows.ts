// One import, from any reader's rows: each row checked, the good ones staged while the next are read, duplicates
// found by the database, then the write, all in one transaction. Bad input never throws: it is in the report.
import { CsvError } from "csv-parse";
import { recordPlanVersions } from "../../core/plans/versions";
import { recordImportRows } from "../../observability/metrics";
import { inTransaction, type ImportDatabase, type ImportTransaction } from "../transaction";
import {
  emptyReport,
  ImportFileError,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type RawRow,
  type Rejection,
} from "./report";
import { combinationsNote, SuccessorMerge, type Combination } from "./merge-successors";
import { checkRow, loadLookups, type Lookups, type StagedRow } from "./row-check";
import { collectEvery } from "./heap";
import { SQL, writeSql } from "./sql";
import { stageRows } from "./stage";

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
  if (options.setAsideBy) report.setAsideBy = { ...options.setAsideBy };
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
  // rows under old codes, combined where several are the parts of one successor's figure (merge-successors.ts)
  const merge = new SuccessorMerge((code) => lookups.indicators.get(code.toLowerCase()));
  let combined = new Map<number, Combination>();
  // rows of our own that are not a CCG's figures (England, area teams): counted with the skipped, not read
  let setAsideHere = 0;
  const setAsideByReader = Object.values(options.setAsideBy ?? {}).reduce((a, b) => a + b, 0);
  try {
    await inTransaction(db, options.timeoutMs ?? 6 * 3_600_000, async (tx) => {
      await tx.execute(SQL.workMem(db.kind));
      await tx.execute(SQL.createStage);
      // The rows, checked, in batches: the stage pulls them as fast as the database takes them.
      async function* checkedBatches(): AsyncIterable<StagedRow[]> {
        let batch: StagedRow[] = [];
        const collected = { at: 0 };
        for await (const raws of rows) {
          drainSink();
          for (const raw of raws) {
            const checked = checkRow(raw, lookups, options.kind, options.scale);
            if ("setAside" in checked) {
              setAsideHere++;
              const by = (report.setAsideBy ??= {});
              by[checked.setAside] = (by[checked.setAside] ?? 0) + 1;
              continue;
            }
            report.rowsRead++;
            if ("kind" in checked) {
              const { part, ...rejection } = checked;
              if (part) merge.rejected(part, raw.line);
              addRejection({ line: raw.line, ...(raw.at ? { at: raw.at } : {}), ...rejection });
            } else if (checked.from) merge.add(checked, raw.at);
            else {
              if (checked.s) report.suppressed = (report.suppressed ?? 0) + 1;
              batch.push(checked);
            }
            if (report.rowsRead % 10_000 === 0) progress("reading");
          }
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
          collectEvery(report.rowsRead, collected);
        }
        drainSink();
        const merged = merge.finish();
        for (const r of merged.rejections) addRejection(r);
        if (merged.suppressed) report.suppressed = (report.suppressed ?? 0) + merged.suppressed;
        combined = merged.combined;
        const note = combinationsNote(merged.combinations);
        if (note) {
          notes.push(note);
          report.successorCombinations = merged.combinations;
        }
        batch.push(...merged.rows);
        if (batch.length) yield batch;
      }
      await stageRows(tx, checkedBatches());
      const mapped = lookups.successors.note();
      if (mapped) {
        notes.push(mapped);
        report.successorMappings = Object.fromEntries(lookups.successors.mapped);
      }
      report.rowsSkipped = (options.skipped?.() ?? 0) + setAsideByReader + setAsideHere;
      if (report.rowsRead === 0 && setAsideHere === 0)
        throw new ImportFileError(2, "The file has a header but no rows.");
      if (options.kind === "values" && !options.scale) await refuseFractions(tx, lookups);

      progress("checking duplicates");
      await tx.execute(SQL.noHashAgg);
      await tx.execute(SQL.group);
      const [counts] = (await tx.query<{ keys: number; conflictRows: number }>(SQL.counts)) as [
        { keys: number; conflictRows: number },
      ];
      // A combined figure stands for its parts: in a duplicate each part is rejected; stored, the others are folded in.
      const clashing = new Set(
        combined.size && counts.conflictRows
          ? (await tx.query<{ line: number }>(SQL.conflictLines, JSON.stringify([...combined.keys()]))).map((r) =>
              Number(r.line),
            )
          : [],
      );
      let folded = 0;
      for (const [line, c] of combined) if (!clashing.has(line)) folded += c.parts.length - 1;
      if (counts.conflictRows > 0)
        await reportConflicts(tx, counts.conflictRows, maxReported, addRejection, report, combined, clashing);
      if (options.mode === "all-or-nothing" && report.rejected > 0) throw new RollBack();

      progress("writing");
      const write = writeSql(options.kind);
      const stamp = options.now.toISOString();
      await tx.execute(write.lock);
      // Update first: on a first import it has nothing to join and costs nothing; the insert then adds the rest.
      const [updated] = (await tx.query<{ n: number }>(write.update, options.source, stamp)) as [{ n: number }];
      const [inserted] = (await tx.query<{ n: number }>(write.insert, options.source, stamp)) as [{ n: number }];
      // After the write, which made demo rows at the same keys real: the rest of these indicators' demo figures go.
      const [demo] = (await tx.query<{ n: number }>(write.removeDemo)) as [{ n: number }];
      if (demo.n) {
        report.demoRemoved = demo.n;
        notes.push(
          `${demo.n.toLocaleString("en-GB")} demo figure${demo.n === 1 ? "" : "s"} of the same indicators removed: real figures replace them.`,
        );
      }
      if (options.kind === "plans") {
        const written = await tx.query<{ o: string }>(SQL.written);
        const versions = await recordPlanVersions(
          (sql, ...params) => tx.query(sql, ...params),
          written.map((w) => w.o),
          { source: options.source, now: options.now },
        );
        report.planVersions = versions;
        if (versions.length) {
          const shown = versions.slice(0, 10).map((v) => `${v.ccg} version ${v.number}`);
          notes.push(
            `New plan version${versions.length === 1 ? "" : "s"}: ${shown.join(", ")}` +
              (versions.length > 10 ? ` and ${versions.length - 10} more.` : "."),
          );
        }
      }
      report.repeatedRows = report.rowsRead - report.rejected - counts.keys - folded;
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

/** A file whose percentages are all fractions fails as a whole, naming the indicators and the fix. */
async function refuseFractions(tx: ImportTransaction, lookups: Lookups) {
  const wellAboveOne = [...lookups.indicators.values()]
    .filter((i) => i.unit === "%" && i.standard !== null && i.standard > 5)
    .map((i) => ({ code: i.code }));
  if (!wellAboveOne.length) return;
  const found = await tx.query<{ i: string; rows: number; max: number }>(SQL.fractions, JSON.stringify(wellAboveOne));
  if (!found.length) return;
  const list = found.map((f) => `${f.i} (${f.rows} row${f.rows === 1 ? "" : "s"}, at most ${f.max})`).join(", ");
  throw new ImportFileError(
    0,
    `Every value of ${list} is between 0 and 1: these are fractions, not percentages. ` +
      `Multiply them by 100, or run again with --scale 100.`,
  );
}

/** Every row of a key with different figures is rejected, naming the other lines and their figures. */
async function reportConflicts(
  tx: ImportTransaction,
  total: number,
  maxReported: number,
  addRejection: (r: Rejection) => void,
  report: ImportReport,
  combined: Map<number, Combination>,
  clashing: Set<number>,
) {
  type Row = { line: number; o: string; i: string; p: string; v: number; n: number | null; d: number | null };
  const shown = await tx.query<Row>(SQL.conflictRows, Math.max(0, maxReported - report.rejections.length));
  const keys = [...new Map(shown.map((r) => [`${r.o}|${r.i}|${r.p}`, { o: r.o, i: r.i, p: r.p }])).values()];
  const peers = keys.length ? await tx.query<Row>(SQL.conflictPeers, JSON.stringify(keys)) : [];
  const byKey = new Map<string, Row[]>();
  for (const r of peers) byKey.set(`${r.o}|${r.i}|${r.p}`, [...(byKey.get(`${r.o}|${r.i}|${r.p}`) ?? []), r]);
  const figures = (r: Row) => [r.v, r.n, r.d].map(fmt).filter(Boolean).join("/");
  // a combined figure is named with its parts: "(02V + 02W → 15F, lines 2, 3)"
  const parts = (line: number) => {
    const c = combined.get(line);
    return c ? ` (${c.label}, lines ${c.parts.map((p) => p.line).join(", ")})` : "";
  };
  for (const r of shown) {
    const others = (byKey.get(`${r.o}|${r.i}|${r.p}`) ?? []).filter(
      (x) => x.line !== r.line && figures(x) !== figures(r),
    );
    const list = others.slice(0, 3).map((x) => `${figures(x)} on line ${x.line}${parts(Number(x.line))}`);
    const message =
      `${r.o} ${r.i} ${r.p} is ${figures(r)} here${parts(Number(r.line))} but ${list.join(", ")}` +
      (others.length > 3 ? ` and ${others.length - 3} more` : "");
    const lines = combined.get(Number(r.line))?.parts ?? [{ line: Number(r.line) }];
    for (const p of lines)
      addRejection({ line: p.line, ...("at" in p && p.at ? { at: p.at } : {}), kind: "duplicate", message });
  }
  // Conflicting rows beyond the reported ones are counted all the same (a combined figure for each of its parts).
  const shownLines = new Set(shown.map((r) => Number(r.line)));
  let beyond = total - shown.length;
  for (const line of clashing) if (!shownLines.has(line)) beyond += combined.get(line)!.parts.length - 1;
  for (let i = 0; i < beyond; i++) {
    report.rejected++;
    report.rejectedByKind.duplicate = (report.rejectedByKind.duplicate ?? 0) + 1;
  }
}
