// Published files read as they are downloaded: the public face of src/sources/published. workbook.ts opens a file
// as sheets of cells, layout.ts holds what the publications share (title rows, periods, suppressed cells), each
// publication's reader is its own module, and formats.ts lists them. importFile picks our own CSV layout or a
// publication for a file, so `npm run import -- <file>` takes either.
import { open } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { importCsvFile, isOwnLayoutHeader, type ImportReport } from "../import";
import type { ImportDatabase } from "../transaction";
import { OWN_LAYOUT } from "./formats";
import { importPublishedFile, type PublishedImportOptions } from "./import-published";
import { kindOf } from "./workbook";

export { OWN_LAYOUT, PUBLISHED_FORMATS, formatById, recognise } from "./formats";
export { importPublishedFile, type PublishedImportOptions } from "./import-published";
export { openWorkbook, workbookOf, type Sheet, type SheetRow, type Workbook } from "./workbook";

/** Imports a file of our own layout or of a publication we read, whichever it is (or `format` says). */
export async function importFile(
  db: ImportDatabase,
  file: string,
  options: PublishedImportOptions,
): Promise<ImportReport> {
  const own = options.format === OWN_LAYOUT || (options.format === undefined && (await isOwnLayoutFile(file)));
  if (own) return importCsvFile(db, file, options);
  return importPublishedFile(db, file, options);
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
