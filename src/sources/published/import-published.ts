// A published file imported as it was downloaded: opened (CSV, .xlsx, .xls), matched to its publication (or the one
// named with --format), read into rows by that publication's reader, then checked and stored by the same import
// as our own CSV, in one transaction. The report says which publication the file was taken for, which period it
// describes, and how many rows were set aside and why (England, area teams, providers with no attribution…).
import type { PrismaClient } from "../../core/db";
import { importRows } from "../import/import-rows";
import { emptyReport, ImportFileError, type ImportOptions, type ImportReport } from "../import/report";
import type { ImportDatabase } from "../transaction";
import { allShares, sharesInForce } from "./attribution-shares";
import type { PublishedFormat, ReadContext } from "./format";
import { formatById, OWN_LAYOUT, PUBLISHED_FORMATS, recognise, unrecognised } from "./formats";
import { openWorkbook, type Workbook } from "./workbook";

export interface PublishedImportOptions extends Omit<ImportOptions, "source" | "skipped" | "setAsideBy"> {
  /** a format id (`--format`); otherwise recognised from the file */
  format?: string;
  /** the period, when the file doesn't say (`--period`) */
  period?: string;
  source?: string;
  /** the indicator a table of CCG objectives is for, when it has no indicator column (`--indicator`) */
  indicator?: string;
}

export async function importPublishedFile(
  db: ImportDatabase,
  file: string,
  options: PublishedImportOptions,
): Promise<ImportReport> {
  const fail = (message: string, source = file) => ({
    ...emptyReport(options, source, []),
    fatal: { line: 0, message },
  });
  let book: Workbook;
  try {
    book = await openWorkbook(file);
  } catch (error) {
    if (error instanceof ImportFileError) return fail(error.message);
    throw error;
  }
  const source = options.source ?? book.fileName;
  let format: PublishedFormat;
  try {
    format = chooseFormat(book, options.format);
  } catch (error) {
    if (error instanceof ImportFileError) return fail(error.message, source);
    throw error;
  }
  if (options.kind !== "values") return fail(`${format.title} holds published figures: import it as values.`, source);
  let read;
  try {
    read = format.read(book, await readContext(db.prisma, options.period));
  } catch (error) {
    if (error instanceof ImportFileError) return fail(`${format.title}: ${error.message}`, source);
    throw error;
  }
  const notes = [`Read as ${format.title}, period ${read.period}.`, ...read.notes];
  const report = await importRows(db, one(read.rows), {
    ...options,
    source,
    notes,
    setAsideBy: read.setAside,
  });
  report.format = format.id;
  return report;
}

/** The reader for this file: the one named, or the one publication the file looks like. */
export function chooseFormat(book: Workbook, id: string | undefined): PublishedFormat {
  if (id !== undefined) {
    const named = formatById(id);
    if (!named)
      throw new ImportFileError(
        0,
        `I don't know a format "${id}". Known: ${[OWN_LAYOUT, ...PUBLISHED_FORMATS.map((f) => f.id)].join(", ")}.`,
      );
    return named;
  }
  const found = recognise(book);
  if (found.length === 0) throw new ImportFileError(0, unrecognised(book));
  if (found.length > 1)
    throw new ImportFileError(
      0,
      `The file looks like more than one publication (${found.map((f) => f.id).join(", ")}): name one with --format.`,
    );
  return found[0]!;
}

async function readContext(prisma: PrismaClient, period: string | undefined): Promise<ReadContext> {
  const [organisations, shares] = await Promise.all([
    prisma.organisation.findMany({ select: { code: true, kind: true, onsCode: true } }),
    allShares(prisma),
  ]);
  return {
    organisations: new Map(organisations.map((o) => [o.code, { kind: o.kind }])),
    onsToOds: new Map(organisations.flatMap((o) => (o.onsCode ? [[o.onsCode, o.code] as const] : []))),
    attribution: (day) => sharesInForce(shares, day),
    period,
  };
}

async function* one<T>(rows: T[]): AsyncIterable<T[]> {
  for (let i = 0; i < rows.length; i += 10_000) yield rows.slice(i, i + 10_000);
}
