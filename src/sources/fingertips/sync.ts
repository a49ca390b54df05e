// Fetches one Fingertips indicator (every period, every CCG) and stores it as one of our indicators' values, with
// source "fingertips:<id>". Checks first that the area type exists (ids change: they are read at run time) and that
// the indicator's unit agrees with ours; then streams the CSV through the same checks and upsert as a file import,
// in mode valid-rows: rows for areas that are not our CCGs (England, the parents) are skipped and counted, rows we
// cannot use are reported, and a CSV that cannot be read as a whole writes nothing.
import type { Readable } from "node:stream";
import { badInput } from "../../core/errors";
import { logger } from "../../logging/logger";
import {
  csvRecords,
  ImportFileError,
  importRows,
  inBatches,
  type ImportProgress,
  type ImportReport,
  type RawRow,
  type Rejection,
} from "../import";
import type { ImportDatabase } from "../transaction";
import { FingertipsError, type FingertipsClient } from "./client";
import { type FingertipsMapping } from "./mapping";
import { CSV_COLUMNS, type AreaType, type CsvColumn } from "./responses";

export { DEFAULT_CCG_AREA_TYPE, syncConfigSchema, type FingertipsMapping } from "./mapping";

/** England, the parent the all-data CSV is asked for. */
export const ENGLAND_AREA_TYPE = 15;

export interface SyncReport extends ImportReport {
  url: string;
  fingertipsName: string;
  areaType: AreaType;
  skippedBy: Record<string, number>;
}

export const fingertipsSource = (id: number) => `fingertips:${id}`;

export async function syncFingertipsIndicator(
  db: ImportDatabase,
  client: FingertipsClient,
  mapping: FingertipsMapping,
  options: { now: Date; onProgress?: (p: ImportProgress) => void },
): Promise<SyncReport> {
  const indicator = await db.prisma.indicator.findUnique({ where: { code: mapping.indicatorCode } });
  if (!indicator) {
    throw badInput(
      `I don't know an indicator ${mapping.indicatorCode} to store Fingertips ${mapping.fingertipsId} under.`,
    );
  }
  const areaTypes = await client.areaTypes();
  const areaType = areaTypes.find((a) => a.Id === mapping.areaTypeId);
  if (!areaType) {
    const ccgTypes = areaTypes.filter((a) => /ccg/i.test(a.Name)).map((a) => `${a.Id} ${a.Name}`);
    throw new FingertipsError(
      `Fingertips has no area type ${mapping.areaTypeId}` +
        (ccgTypes.length ? `; its CCG area types are ${ccgTypes.join(", ")}.` : "."),
    );
  }
  const metadata = (await client.indicatorMetadata([mapping.fingertipsId]))[String(mapping.fingertipsId)];
  if (!metadata) throw new FingertipsError(`Fingertips has no indicator ${mapping.fingertipsId}.`);
  const theirs = metadata.Unit.Label.trim();
  if ((theirs === "%") !== (indicator.unit === "%")) {
    throw badInput(
      `Fingertips ${mapping.fingertipsId} (${metadata.Descriptive.Name}) is in "${theirs || "no unit"}", ` +
        `but ${indicator.code} is in "${indicator.unit}": not the same measure.`,
    );
  }
  const notes: string[] = [];
  if (theirs !== indicator.unit && theirs !== "") {
    notes.push(`Fingertips gives the unit as "${theirs}"; ${indicator.code} is in "${indicator.unit}".`);
  }

  const organisations = await db.prisma.organisation.findMany({
    where: { kind: "CCG" },
    select: { code: true, onsCode: true },
  });
  const odsOf = new Map<string, string>();
  for (const o of organisations) {
    odsOf.set(o.code, o.code);
    if (o.onsCode) odsOf.set(o.onsCode, o.code);
  }

  const { url, body } = await client.allDataCsv({
    indicatorIds: [mapping.fingertipsId],
    childAreaTypeId: mapping.areaTypeId,
    parentAreaTypeId: ENGLAND_AREA_TYPE,
  });
  const skippedBy: Record<string, number> = {};
  const sink: Rejection[] = [];
  let report: ImportReport;
  try {
    report = await importRows(
      db,
      inBatches(readFingertipsCsv(body, (r) => sink.push(r), { mapping, odsOf, skippedBy })),
      {
        kind: "values",
        mode: "valid-rows",
        source: fingertipsSource(mapping.fingertipsId),
        now: options.now,
        notes,
        rejectionSink: sink,
        skipped: () => Object.values(skippedBy).reduce((a, b) => a + b, 0),
        onProgress: options.onProgress,
      },
    );
  } catch (error) {
    body.destroy();
    if ((error as { name?: string }).name === "TimeoutError" || (error as { code?: string }).code === "ECONNRESET") {
      throw new FingertipsError(
        `The Fingertips download broke off before its end (${(error as Error).message}); nothing was stored.`,
      );
    }
    if (error instanceof TypeError && /terminated|fetch failed/i.test(error.message)) {
      throw new FingertipsError(`The Fingertips download broke off before its end; nothing was stored.`);
    }
    throw error;
  }
  const result: SyncReport = { ...report, url, fingertipsName: metadata.Descriptive.Name, areaType, skippedBy };
  logger.info(
    {
      source: result.source,
      url,
      indicator: indicator.code,
      rowsRead: result.rowsRead,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      rejected: result.rejected,
      skipped: result.rowsSkipped,
      committed: result.committed,
    },
    "fingertips sync",
  );
  return result;
}

/** Syncs every mapping of FINGERTIPS_SYNC, one after another; one failing does not stop the others. */
export async function syncConfigured(
  db: ImportDatabase,
  client: FingertipsClient,
  mappings: FingertipsMapping[],
  now: Date,
): Promise<{ mapping: FingertipsMapping; report?: SyncReport; error?: string }[]> {
  const results = [];
  for (const mapping of mappings) {
    try {
      results.push({ mapping, report: await syncFingertipsIndicator(db, client, mapping, { now }) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ mapping, error: message }, "fingertips sync failed");
      results.push({ mapping, error: message });
    }
  }
  return results;
}

/** Rows of Fingertips' all-data CSV, as our rows: the area's ONS code becomes the CCG's ODS code. */
export async function* readFingertipsCsv(
  input: Readable,
  reject: (r: Rejection) => void,
  context: { mapping: FingertipsMapping; odsOf: Map<string, string>; skippedBy: Record<string, number> },
): AsyncGenerator<RawRow> {
  const { mapping, odsOf, skippedBy } = context;
  const skip = (why: string) => (skippedBy[why] = (skippedBy[why] ?? 0) + 1);
  let at: Record<CsvColumn, number> | undefined;
  for await (const { record, line } of csvRecords(input, reject)) {
    if (!at) {
      const header = record.map((h) => h.trim().toLowerCase());
      const missing = CSV_COLUMNS.filter((c) => !header.includes(c.toLowerCase()));
      if (missing.length) {
        throw new ImportFileError(
          1,
          `Fingertips' CSV has no column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ` +
            `(its first line: ${record.slice(0, 6).join(", ").slice(0, 200)}).`,
        );
      }
      at = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c.toLowerCase())])) as Record<
        CsvColumn,
        number
      >;
      continue;
    }
    const field = (c: CsvColumn) => record[at![c]] ?? "";
    if (field("Indicator ID") !== String(mapping.fingertipsId)) {
      skip("another indicator");
      continue;
    }
    if (field("Category Type") !== "") {
      skip("a breakdown by category");
      continue;
    }
    if (mapping.sex && field("Sex").toLowerCase() !== mapping.sex.toLowerCase()) {
      skip(`not ${mapping.sex}`);
      continue;
    }
    const ods = odsOf.get(field("Area Code").toUpperCase());
    if (!ods) {
      skip("not one of our CCGs (England, other areas)");
      continue;
    }
    if (field("Value") === "") {
      skip("no value published");
      continue;
    }
    yield {
      line,
      organisation: ods,
      indicator: mapping.indicatorCode,
      period: field("Time period"),
      value: field("Value"),
      numerator: field("Count"),
      denominator: field("Denominator"),
    };
  }
  if (!at) throw new ImportFileError(1, "Fingertips sent an empty CSV.");
}
