// Two small tables about CCGs that the figures are read with, each imported whole (all rows good, or nothing):
//
//   --format ccg-successors   old code, old name (optional), successor code, successor name (optional), valid from
//       CCG codes that were replaced (merged or recoded) and the code that stands for them from a date. The import of
//       figures maps an old code to its successor and names each mapping (src/sources/import/successors.ts).
//   --format ccg-objectives   CCG code, indicator, year (2014/15), objective
//       each CCG's own objective for an indicator with no national number: NHS England's C. difficile objectives
//       (published each year as "C. difficile objectives for 2014/15", a table of CCG code, CCG name, objective) and
//       MRSA's zero. Status judges the CCG's monthly counts against it (src/core/indicators/objectives.ts).
//
// Either table is a CSV, or the first sheet of a workbook with that header somewhere in its first 40 rows (title
// rows above it are passed). Importing the same table twice changes nothing.
import type { PrismaClient } from "../../core/db";
import { parsePeriod } from "../periods";
import { emptyReport, ImportFileError, type ImportReport, type RejectionKind } from "../import/report";
import type { ImportDatabase } from "../transaction";
import { validFromOf } from "./attribution";
import type { PublishedFormat } from "./format";
import { columnOf, findHeader, numberIn, type Header } from "./layout";
import { cellRef, openWorkbook, type Sheet, type Workbook } from "./workbook";

export const SUCCESSORS_FORMAT = "ccg-successors";
export const OBJECTIVES_FORMAT = "ccg-objectives";

const CCG_CODE = /^[0-9]{2}[A-Z0-9]$/;

const SUCCESSOR_HEADERS = {
  old: ["oldcode", "oldccgcode", "predecessorcode", "formercode", "code"],
  oldName: ["oldname", "oldccgname", "predecessorname", "formername", "name"],
  successor: ["successorcode", "newcode", "newccgcode", "successorccgcode"],
  successorName: ["successorname", "newname", "newccgname", "successorccgname"],
  validFrom: ["validfrom", "from", "effectivefrom", "date", "mergeddate", "changedate"],
};
const OBJECTIVE_HEADERS = {
  ccg: ["ccgcode", "organisationcode", "code", "odscode", "ccg"],
  indicator: ["indicator", "indicatorcode", "measure"],
  year: ["year", "financialyear", "period"],
  objective: ["objective", "cdifficileobjective", "objective201415", "objective201314", "target", "threshold"],
};

export interface CcgTableOptions {
  source?: string;
  kind?: string;
  now: Date;
  /** for an objectives table without an indicator column: the indicator all its rows are for */
  indicator?: string;
  /** for an objectives table without a year column */
  period?: string;
}

type Cells = { cell: (c: number | undefined) => string; at: (c: number) => string; line: number };
type Problem = { kind: RejectionKind; message: string; column: number | undefined };

interface TableSpec<T> {
  format: string;
  what: string;
  required: string[][];
  headerSentence: string;
  read(header: Header, db: PrismaClient, options: CcgTableOptions): Promise<(row: Cells) => T | Problem>;
  store(db: PrismaClient, rows: T[], source: string, now: Date): Promise<{ written: number; notes: string[] }>;
}

async function importTable<T>(
  db: ImportDatabase,
  file: string,
  options: CcgTableOptions,
  spec: TableSpec<T>,
): Promise<ImportReport> {
  const started = Date.now();
  const report = emptyReport({ kind: "values", mode: "all-or-nothing" }, options.source ?? file, []);
  report.format = spec.format;
  const done = () => ({ ...report, durationMs: Date.now() - started });
  if (options.kind === "plans") {
    report.fatal = { line: 0, message: `A table of ${spec.what} holds no plans: leave out --kind.` };
    return done();
  }
  let book: Workbook;
  let sheet: Sheet | undefined;
  let header: Header | undefined;
  try {
    book = await openWorkbook(file);
    sheet = book.sheets.find((s) => findHeader(s, spec.required));
    header = sheet && findHeader(sheet, spec.required);
    if (!sheet || !header) throw new ImportFileError(1, spec.headerSentence);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    report.fatal = { line: error.line, message: error.message };
    return done();
  }
  report.source = options.source ?? book.fileName;
  let readRow: (row: Cells) => T | Problem;
  try {
    readRow = await spec.read(header, db.prisma, options);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    report.fatal = { line: header.row.row, message: error.message };
    return done();
  }
  const rows: T[] = [];
  for (const r of sheet.rows.slice(header.index + 1)) {
    if (!r.cells.some((c) => c.trim() !== "")) continue;
    report.rowsRead++;
    const cells: Cells = {
      cell: (c) => (c === undefined ? "" : (r.cells[c] ?? "").trim()),
      at: (c) => cellRef(sheet, book, r.row, c),
      line: r.row,
    };
    const got = readRow(cells);
    if (got && typeof got === "object" && "kind" in got && "message" in got && "column" in got) {
      const p = got as Problem;
      report.rejected++;
      report.rejectedByKind[p.kind] = (report.rejectedByKind[p.kind] ?? 0) + 1;
      if (report.rejections.length < 1000)
        report.rejections.push({
          line: r.row,
          ...(p.column !== undefined && { at: cells.at(p.column) }),
          kind: p.kind,
          message: p.message,
        });
    } else rows.push(got as T);
  }
  if (report.rejected || rows.length === 0) {
    if (!report.rejected) report.fatal = { line: 0, message: `The table has no rows of ${spec.what}.` };
    return done();
  }
  const { written, notes } = await spec.store(db.prisma, rows, report.source, options.now);
  report.inserted = written;
  report.unchanged = rows.length - written;
  report.notes.push(...notes);
  report.committed = true;
  return done();
}

interface Successor {
  old: string;
  oldName: string | null;
  successor: string;
  successorName: string | null;
  validFrom: string;
}

const successors: TableSpec<Successor> = {
  format: SUCCESSORS_FORMAT,
  what: "CCG successors",
  required: [SUCCESSOR_HEADERS.old, SUCCESSOR_HEADERS.successor, SUCCESSOR_HEADERS.validFrom],
  headerSentence:
    "I can't find the successor table's header: it needs the columns old code, successor code and valid from " +
    "(old name and successor name are optional).",
  async read(header) {
    const col = (names: string[]) => columnOf(header, ...names);
    const c = {
      old: col(SUCCESSOR_HEADERS.old),
      oldName: col(SUCCESSOR_HEADERS.oldName),
      successor: col(SUCCESSOR_HEADERS.successor),
      successorName: col(SUCCESSOR_HEADERS.successorName),
      validFrom: col(SUCCESSOR_HEADERS.validFrom),
    };
    const seen = new Map<string, number>();
    return ({ cell, line }) => {
      const old = cell(c.old).toUpperCase();
      const successor = cell(c.successor).toUpperCase();
      if (!CCG_CODE.test(old))
        return { kind: "field", column: c.old, message: old ? `old code "${old}" is not a CCG code` : "no old code" };
      if (!CCG_CODE.test(successor))
        return {
          kind: "field",
          column: c.successor,
          message: successor ? `successor code "${successor}" is not a CCG code` : `no successor code for ${old}`,
        };
      if (old === successor) return { kind: "field", column: c.successor, message: `${old} is its own successor` };
      const validFrom = validFromOf(cell(c.validFrom));
      if (!validFrom)
        return {
          kind: "field",
          column: c.validFrom,
          message: `valid from "${cell(c.validFrom)}" is not a date (2018-04-01, 01/04/2018)`,
        };
      const before = seen.get(old);
      if (before !== undefined)
        return {
          kind: "duplicate",
          column: c.old,
          message: `${old} has a successor on line ${before} too: a CCG split between several can't be mapped`,
        };
      seen.set(old, line);
      return {
        old,
        oldName: cell(c.oldName) || null,
        successor,
        successorName: cell(c.successorName) || null,
        validFrom,
      };
    };
  },
  async store(prisma, rows, source, now) {
    const byOld = new Map(rows.map((r) => [r.old, r]));
    for (const r of rows) {
      const seen = new Set([r.old]);
      for (let next = byOld.get(r.successor); next; next = byOld.get(next.successor)) {
        if (seen.has(next.old)) throw new ImportFileError(0, `The successors go round in a circle from ${r.old}.`);
        seen.add(next.old);
      }
    }
    let written = 0;
    await prisma.$transaction(async (tx) => {
      for (const r of rows) {
        const data = {
          oldName: r.oldName,
          successorCode: r.successor,
          successorName: r.successorName,
          validFrom: new Date(r.validFrom),
        };
        const before = await tx.ccgSuccessor.findUnique({ where: { oldCode: r.old } });
        if (
          before &&
          before.successorCode === data.successorCode &&
          before.validFrom.getTime() === data.validFrom.getTime() &&
          before.oldName === data.oldName &&
          before.successorName === data.successorName
        )
          continue;
        await tx.ccgSuccessor.upsert({
          where: { oldCode: r.old },
          create: { oldCode: r.old, ...data, source, importedAt: now },
          update: { ...data, source, importedAt: now },
        });
        written++;
      }
    });
    const known = new Set((await prisma.organisation.findMany({ select: { code: true } })).map((o) => o.code));
    const unknown = [...new Set(rows.map((r) => r.successor))].filter((s) => !known.has(s) && !byOld.has(s));
    const successorCount = new Set(rows.map((r) => r.successor)).size;
    const notes = [
      `${rows.length} old code${rows.length === 1 ? "" : "s"}, ${successorCount} successor${successorCount === 1 ? "" : "s"}.`,
    ];
    if (unknown.length)
      notes.push(
        `Successors that are not organisations here: ${unknown.join(", ")}. Figures under their old codes are named in an import's report, not stored.`,
      );
    return { written, notes };
  },
};

interface Objective {
  ccg: string;
  indicator: string;
  yearStart: string;
  objective: number;
}

const objectives: TableSpec<Objective> = {
  format: OBJECTIVES_FORMAT,
  what: "CCG objectives",
  required: [OBJECTIVE_HEADERS.ccg, OBJECTIVE_HEADERS.objective],
  headerSentence:
    "I can't find the objectives table's header: it needs the columns CCG code and objective, and indicator and " +
    "year unless --indicator and --period give them.",
  async read(header, prisma, options) {
    const col = (names: string[]) => columnOf(header, ...names);
    const c = {
      ccg: col(OBJECTIVE_HEADERS.ccg),
      indicator: col(OBJECTIVE_HEADERS.indicator),
      year: col(OBJECTIVE_HEADERS.year),
      objective: col(OBJECTIVE_HEADERS.objective),
    };
    if (c.indicator === undefined && !options.indicator)
      throw new ImportFileError(0, "The table has no indicator column: give it with --indicator c_difficile.");
    if (c.year === undefined && !options.period)
      throw new ImportFileError(0, 'The table has no year column: give it with --period "2014/15".');
    const [orgs, indicators] = await Promise.all([
      prisma.organisation.findMany({ select: { code: true, kind: true } }),
      prisma.indicator.findMany({ select: { code: true, unit: true, period: true } }),
    ]);
    const kinds = new Map(orgs.map((o) => [o.code, o.kind]));
    const byCode = new Map(indicators.map((i) => [i.code.toLowerCase(), i]));
    return ({ cell }) => {
      const ccg = cell(c.ccg).toUpperCase();
      const kind = kinds.get(ccg);
      if (kind !== "CCG")
        return {
          kind: "organisation",
          column: c.ccg,
          message: kind
            ? `${ccg} is an area team; objectives are a CCG's`
            : ccg
              ? `CCG "${ccg}" is not a CCG we know`
              : "no CCG code",
        };
      const indicatorText = c.indicator === undefined ? options.indicator! : cell(c.indicator);
      const indicator = byCode.get(indicatorText.toLowerCase());
      if (!indicator)
        return { kind: "indicator", column: c.indicator, message: `indicator "${indicatorText}" is not one we know` };
      if (indicator.unit !== "count")
        return {
          kind: "indicator",
          column: c.indicator,
          message: `${indicator.code} is not a count of cases (it is in ${indicator.unit}): objectives are numbers of cases`,
        };
      const yearText = c.year === undefined ? options.period! : cell(c.year);
      const year = parsePeriod(yearText, "YEAR");
      if (!year.ok || !year.start.endsWith("-04-01") || year.pooled)
        return {
          kind: "period",
          column: c.year,
          message: `year "${yearText}" is not a financial year such as 2014/15`,
        };
      const n = numberIn(cell(c.objective));
      if (typeof n !== "number" || n < 0 || !Number.isInteger(n))
        return {
          kind: "range",
          column: c.objective,
          message: `objective "${cell(c.objective)}" is not a whole number of cases`,
        };
      return { ccg, indicator: indicator.code, yearStart: year.start, objective: n };
    };
  },
  async store(prisma, rows, source, now) {
    let written = 0;
    await prisma.$transaction(async (tx) => {
      for (const r of rows) {
        const key = { organisationCode: r.ccg, indicatorCode: r.indicator, yearStart: new Date(r.yearStart) };
        const before = await tx.ccgObjective.findUnique({
          where: { organisationCode_indicatorCode_yearStart: key },
        });
        if (before?.objective === r.objective) continue;
        await tx.ccgObjective.upsert({
          where: { organisationCode_indicatorCode_yearStart: key },
          create: { ...key, objective: r.objective, source, importedAt: now },
          update: { objective: r.objective, source, importedAt: now },
        });
        written++;
      }
    });
    const years = [...new Set(rows.map((r) => r.yearStart.slice(0, 4)))].sort();
    return {
      written,
      notes: [
        `${new Set(rows.map((r) => r.ccg)).size} CCGs' objectives for ${[...new Set(rows.map((r) => r.indicator))].join(", ")}, ` +
          `${years.map((y) => `${y}/${String((Number(y) + 1) % 100).padStart(2, "0")}`).join(", ")}.`,
      ],
    };
  },
};

export const importCcgSuccessors = (db: ImportDatabase, file: string, options: CcgTableOptions) =>
  importTable(db, file, options, successors);
export const importCcgObjectives = (db: ImportDatabase, file: string, options: CcgTableOptions) =>
  importTable(db, file, options, objectives);

/** In the list of formats, so a table of successors or objectives is recognised and the fix named. */
function listed(spec: TableSpec<unknown>, title: string): PublishedFormat {
  return {
    id: spec.format,
    title,
    recognise: (book) => book.sheets.some((s) => findHeader(s, spec.required, 40) !== undefined),
    read() {
      throw new ImportFileError(
        0,
        `this is a table of ${spec.what}, not figures: import it with --format ${spec.format}.`,
      );
    },
  };
}

export const CCG_SUCCESSORS = listed(
  successors as TableSpec<unknown>,
  "CCG code successors (old code → successor, from a date)",
);
export const CCG_OBJECTIVES = listed(objectives as TableSpec<unknown>, "CCGs' own objectives (C. difficile, MRSA)");
