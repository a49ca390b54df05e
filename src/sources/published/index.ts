// Published files read as they are downloaded: the public face of src/sources/published. workbook.ts opens a file
// as sheets of cells, layout.ts holds what the publications share (title rows, periods, suppressed cells), each
// publication's reader is its own module, and formats.ts lists them. importFile picks our own CSV layout or a
// publication for a file, so `npm run import -- <file>` takes either.
import { open } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { importCsvFile, isOwnLayoutHeader, type ImportReport } from "../import";
import type { ImportDatabase } from "../transaction";
import { AE_MONTHLY, AE_WEEKLY } from "./ae-formats";
import { importAeFiles, type AeImportOptions } from "./ae-import";
import { ATTRIBUTION_FORMAT, importProviderAttribution } from "./attribution";
import { importCcgObjectives, importCcgSuccessors, OBJECTIVES_FORMAT, SUCCESSORS_FORMAT } from "./ccg-tables";
import { OWN_LAYOUT } from "./formats";
import { importPublishedFile } from "./import-published";
import { kindOf } from "./workbook";

export { OWN_LAYOUT, PUBLISHED_FORMATS, formatById, recognise } from "./formats";
export { importPublishedFile, type PublishedImportOptions } from "./import-published";
export { ATTRIBUTION_FORMAT, describeAttributionReport, importProviderAttribution } from "./attribution";
export { OBJECTIVES_FORMAT, SUCCESSORS_FORMAT } from "./ccg-tables";
export { importAeFiles, type AeImportOptions } from "./ae-import";
export { openWorkbook, workbookOf, type Sheet, type SheetRow, type Workbook } from "./workbook";

/** Imports a file of our own layout or of a publication we read, whichever it is (or `format` says). */
export async function importFile(db: ImportDatabase, file: string, options: AeImportOptions): Promise<ImportReport> {
  if (options.format === ATTRIBUTION_FORMAT) return importProviderAttribution(db, file, options);
  if (options.format === SUCCESSORS_FORMAT) return importCcgSuccessors(db, file, options);
  if (options.format === OBJECTIVES_FORMAT) return importCcgObjectives(db, file, options);
  if (options.format === AE_MONTHLY.id || options.format === AE_WEEKLY.id) return importAeFiles(db, [file], options);
  const own = options.format === OWN_LAYOUT || (options.format === undefined && (await isOwnLayoutFile(file)));
  if (own) return importCsvFile(db, file, options);
  return importPublishedFile(db, file, options);
}

/** Several files in one import: the weekly A&E sitreps of a month (`--format ae-weekly`); otherwise one file. */
export async function importFiles(
  db: ImportDatabase,
  files: string[],
  options: AeImportOptions,
): Promise<ImportReport> {
  if (options.format === AE_WEEKLY.id) return importAeFiles(db, files, options);
  if (files.length !== 1)
    throw new Error("one file at a time, except the weekly A&E sitreps of a month (--format ae-weekly)");
  return importFile(db, files[0]!, options);
}

/** A CSV whose first line names our columns. Anything unreadable goes on, to fail with its reason. */
async function isOwnLayoutFile(file: string): Promise<boolean> {
  let head: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return true; // the CSV import says "I can't read the file"
  }
  if (head.length === 0) return true;
  if (kindOf(head) !== "csv") return false;
  const firstLine = head.toString("utf8").split(/\r?\n/, 1)[0] ?? "";
  try {
    const [header] = parse(firstLine, { bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
    return header !== undefined && isOwnLayoutHeader(header);
  } catch {
    return true;
  }
}
