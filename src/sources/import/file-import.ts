// A CSV file of our layout, imported: checked to be a readable, non-empty file, then streamed through the reader,
// with its bytes read added to the progress.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { ImportDatabase } from "../transaction";
import { readRowsCsv } from "./csv-reader";
import { importRows } from "./import-rows";
import { emptyReport, type ImportOptions, type ImportReport, type Rejection } from "./report";

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

function failedBeforeStart(options: FileImportOptions, source: string, message: string): ImportReport {
  return { ...emptyReport(options, source, []), fatal: { line: 0, message } };
}
