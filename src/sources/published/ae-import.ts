// A&E files imported with `--format ae-monthly` or `--format ae-weekly`: the providers' counts attributed to CCGs
// with the shares in force for the month (attributionInForce), and the report names the attribution tables used.
//
// Weekly sitreps are imported a month at a time, every week ending in the month given together:
//   npm run import -- --format ae-weekly 2014.12.07-AE-x.xls 2014.12.14-AE-y.xls 2014.12.21-AE-z.xls 2014.12.28-AE-w.xls
// The weeks' counts are summed per provider, then attributed. A month is refused when one of its weeks is missing
// (the weeks ending on the same weekday in that month, normally Sundays) unless --allow-missing-weeks; the same week
// twice is refused. Each import stores the month's figure from exactly the files given, replacing what was stored for
// that month: importing the month again, or with the week that was missing, cannot count a week twice.
import { importRows } from "../import/import-rows";
import { addCounts, emptyReport, ImportFileError, type ImportReport, type RawRow } from "../import/report";
import type { ImportDatabase } from "../transaction";
import { attributeToCcgs, AE_MONTHLY, AE_WEEKLY, monthOf, monthOfWeek, type AeMonth } from "./ae-formats";
import {
  firstFew,
  readAeFile,
  weekEndingIn,
  weekEndingInFileName,
  type AeFile,
  type ProviderCounts,
} from "./ae-layout";
import { attributionInForce } from "./attribution-shares";
import type { PublishedImportOptions } from "./import-published";
import { openWorkbook } from "./workbook";

export interface AeImportOptions extends PublishedImportOptions {
  /** store a month from the weekly files given even when some of its weeks are missing */
  allowMissingWeeks?: boolean;
}

export async function importAeFiles(
  db: ImportDatabase,
  files: string[],
  options: AeImportOptions,
): Promise<ImportReport> {
  const weekly = options.format === AE_WEEKLY.id;
  const format = weekly ? AE_WEEKLY : AE_MONTHLY;
  const fail = (message: string, source = options.source ?? files.join(", ")) => ({
    ...emptyReport(options, source, []),
    format: format.id,
    fatal: { line: 0, message },
  });
  if (options.kind !== "values") return fail(`${format.title} holds published figures: import it as values.`);
  if (!weekly && files.length !== 1)
    return fail("Give one monthly A&E file at a time (several files are for --format ae-weekly).");
  let read: AeFile[];
  let months: AeMonth[];
  try {
    read = [];
    for (const file of files) read.push(readAeFile(await openWorkbook(file)));
    months = weekly ? weeksToMonths(read, options) : [oneMonth(read[0]!, options.period)];
  } catch (error) {
    if (error instanceof ImportFileError) return fail(`${format.title}: ${error.message}`);
    throw error;
  }
  const names = read.map((f) => f.book.fileName);
  const source = options.source ?? sourceName(names);
  const rows: RawRow[] = [];
  const setAside: Record<string, number> = {};
  const notes: string[] = [];
  for (const month of months) {
    const attribution = await attributionInForce(db.prisma, `${month.month}-01`);
    const result = attributeToCcgs(month, attribution);
    rows.push(...result.rows);
    addCounts(setAside, result.setAside);
    notes.push(...result.notes.map((n) => (months.length > 1 ? `${month.month}: ${n}` : n)));
  }
  const periods = months.map((m) => m.month).join(", ");
  const report = await importRows(db, one(rows), {
    ...options,
    source,
    notes: [`Read as ${format.title}, period ${periods}.`, ...notes],
    setAsideBy: setAside,
  });
  report.format = format.id;
  return report;
}

function sourceName(names: string[]): string {
  const all = names.join(", ");
  return all.length <= 200 ? all : `${names[0]} and ${names.length - 1} more weekly files`;
}

function oneMonth(file: AeFile, period: string | undefined): AeMonth {
  if (file.cadence === "weekly")
    throw new ImportFileError(0, `${file.book.fileName} is a weekly sitrep: import its month with --format ae-weekly.`);
  const text = period ?? file.periodText;
  if (!text)
    throw new ImportFileError(
      0,
      `I can't tell which month the file describes: it has no "Period:" title row and its name names no month. ` +
        `Give it with --period, e.g. --period "Jun 2015".`,
    );
  return {
    month: monthOf(text, `"${text}"`),
    providers: file.providers,
    setAside: file.setAside,
    notes: file.notes,
    hasTrolleyColumn: file.hasTrolleyColumn,
  };
}

const DAY = 86_400_000;

/** The weekly files grouped into months by their week-ending dates, each month complete (or allowed not to be). */
function weeksToMonths(files: AeFile[], options: AeImportOptions): AeMonth[] {
  if (options.period !== undefined && files.length > 1)
    throw new ImportFileError(
      0,
      "--period names one week's ending date; with several weekly files each must say its own.",
    );
  const weeks = files.map((f) => {
    if (f.cadence !== "weekly")
      throw new ImportFileError(0, `${f.book.fileName} is not a weekly sitrep (its period is "${f.periodText}").`);
    const ending =
      (options.period && weekEndingIn(options.period)) ??
      weekEndingIn(f.periodText) ??
      weekEndingInFileName(f.book.fileName);
    if (!ending)
      throw new ImportFileError(
        0,
        `I can't tell which week ${f.book.fileName} describes: give its week-ending date with --period, e.g. --period 2014-12-07.`,
      );
    return { file: f, ending };
  });
  const byEnding = new Map<string, AeFile>();
  for (const w of weeks) {
    const twice = byEnding.get(w.ending);
    if (twice)
      throw new ImportFileError(
        0,
        `${twice.book.fileName} and ${w.file.book.fileName} are both the week ending ${w.ending}: give each week once.`,
      );
    byEnding.set(w.ending, w.file);
  }
  const weekday = new Set(weeks.map((w) => new Date(w.ending).getUTCDay()));
  if (weekday.size > 1)
    throw new ImportFileError(
      0,
      `The weeks end on different days of the week (${weeks.map((w) => w.ending).join(", ")}).`,
    );
  const months = new Map<string, typeof weeks>();
  for (const w of weeks.sort((a, b) => a.ending.localeCompare(b.ending)))
    months.set(monthOfWeek(w.ending), [...(months.get(monthOfWeek(w.ending)) ?? []), w]);
  const result: AeMonth[] = [];
  for (const [month, list] of months) {
    const expected = weekEndingsIn(month, new Date(list[0]!.ending).getUTCDay());
    const missing = expected.filter((d) => !byEnding.has(d));
    const notes: string[] = [];
    if (missing.length) {
      if (!options.allowMissingWeeks)
        throw new ImportFileError(
          0,
          `${month} is missing the week${missing.length === 1 ? "" : "s"} ending ${missing.join(", ")}: a month's figure ` +
            `is the sum of its ${expected.length} weeks. Give every week, or run again with --allow-missing-weeks to ` +
            `store the month from the ${list.length} you have.`,
        );
      notes.push(
        `${month} is summed from ${list.length} of its ${expected.length} weeks (missing: ${missing.join(", ")}, ` +
          `--allow-missing-weeks); import the month again with every week to complete it.`,
      );
    }
    notes.push(`Weeks summed into ${month} by their week-ending dates: ${list.map((w) => w.ending).join(", ")}.`);
    const sums = new Map<string, ProviderCounts & { rows: number }>();
    const fileOf = new Map<ProviderCounts, string>();
    const setAside: Record<string, number> = {};
    let trolleyEverywhere = true;
    for (const { file } of list) {
      trolleyEverywhere &&= file.hasTrolleyColumn;
      addCounts(setAside, file.setAside);
      notes.push(...file.notes.map((n) => `${file.book.fileName}: ${n}`));
      for (const p of file.providers) {
        const s = sums.get(p.code);
        if (!s) {
          const first = { ...p, rows: 1 };
          sums.set(p.code, first);
          fileOf.set(first, file.book.fileName);
        } else {
          s.total += p.total;
          s.within += p.within;
          s.trolley12 = (s.trolley12 ?? 0) + (p.trolley12 ?? 0);
          s.rows++;
        }
      }
    }
    const partial = [...sums.values()].filter((s) => s.rows < list.length).map((s) => s.code);
    if (partial.length)
      notes.push(`Providers in only some of the weeks (summed over the weeks they reported): ${firstFew(partial)}.`);
    result.push({
      month,
      providers: [...sums.values()],
      setAside,
      notes,
      hasTrolleyColumn: trolleyEverywhere,
      fileOf: (p) => fileOf.get(p) ?? "",
    });
  }
  return result;
}

/** The dates in a month falling on a weekday (0 = Sunday): the week-ending dates a complete month has. */
export function weekEndingsIn(month: string, weekday: number): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const days: string[] = [];
  for (let t = Date.UTC(y, m - 1, 1); new Date(t).getUTCMonth() === m - 1; t += DAY)
    if (new Date(t).getUTCDay() === weekday) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

async function* one<T>(rows: T[]): AsyncIterable<T[]> {
  for (let i = 0; i < rows.length; i += 10_000) yield rows.slice(i, i + 10_000);
}
