// Reading a submitted planning template (CSV or spreadsheet): each filled-in row checked exactly as the import checks
// a plan row (src/sources/import/row-check.ts, kind "plans"), and every problem named by its cell ("C7: value
// "9x.5" is not a number"), so the person fixing the file finds it. Nothing here writes: a submission with any
// problem is refused whole (PlanService.submit).
import * as XLSX from "@e965/xlsx";
import { checkRow, type Lookups } from "../../sources/import/row-check";
import { ImportFileError, type RejectionKind } from "../../sources/import/report";
import { workbookOf } from "../../sources/published/workbook";

/** A submission is a planning template: a few hundred rows. Anything far bigger is another file. */
export const MAX_SUBMISSION_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5_000;
/** How many problems a refusal lists (all are counted). */
export const MAX_PROBLEMS = 20;

export interface SubmittedLine {
  indicatorCode: string;
  /** yyyy-mm-dd, the period's first day */
  periodStart: string;
  /** null: the row was left blank, so the CCG plans nothing for that period */
  value: number | null;
}

export type SubmissionRead = { ok: true; lines: SubmittedLine[] } | { ok: false; problems: string[]; count: number };

const normalise = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");
const HEADERS = {
  indicator: ["indicator", "indicatorcode"],
  period: ["period", "periodstart"],
  plan: ["plan", "planvalue", "value"],
  organisation: ["organisation", "organisationcode", "organization", "org", "ccg", "ccgcode", "odscode"],
} as const;
type Column = keyof typeof HEADERS;

const ref = (column: number, row: number) => `${XLSX.utils.encode_col(column)}${row}`;

/** Which cell a row check's rejection is about. */
const CELL_OF: Record<RejectionKind, Column> = {
  csv: "plan",
  fields: "plan",
  field: "plan",
  organisation: "organisation",
  indicator: "indicator",
  period: "period",
  range: "plan",
  duplicate: "plan",
  merge: "organisation",
};

/** Reads and checks a submitted template for one CCG. A bad file never throws: every problem is in the answer. */
export function readSubmission(fileName: string, bytes: Uint8Array, ccg: string, lookups: Lookups): SubmissionRead {
  if (bytes.length === 0) return { ok: false, problems: ["The file is empty."], count: 1 };
  if (bytes.length > MAX_SUBMISSION_BYTES)
    return {
      ok: false,
      problems: [`The file is ${Math.round(bytes.length / 1024)} KB; a planning template is at most 5 MB.`],
      count: 1,
    };
  let book;
  try {
    book = workbookOf(fileName, bytes);
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, problems: [error.message], count: 1 };
    throw error;
  }
  // The template's sheet: the first with the template's header row.
  for (const sheet of book.sheets) {
    const headerAt = sheet.rows.findIndex((r) => {
      const names = new Set(r.cells.map(normalise));
      return names.has("indicator") && names.has("period") && (names.has("plan") || names.has("value"));
    });
    if (headerAt < 0) continue;
    const header = sheet.rows[headerAt]!.cells.map(normalise);
    const col = Object.fromEntries(
      (Object.keys(HEADERS) as Column[]).map((c) => [
        c,
        header.findIndex((h) => (HEADERS[c] as readonly string[]).includes(h)),
      ]),
    ) as Record<Column, number>;
    const rows = sheet.rows.slice(headerAt + 1).filter((r) => r.cells.some((c) => c !== ""));
    if (rows.length > MAX_ROWS)
      return {
        ok: false,
        problems: [`The sheet has ${rows.length} rows; a planning template has at most ${MAX_ROWS}.`],
        count: 1,
      };
    const problems: string[] = [];
    let count = 0;
    const problem = (text: string) => {
      count++;
      if (problems.length < MAX_PROBLEMS) problems.push(text);
    };
    const lines: SubmittedLine[] = [];
    const seen = new Map<string, { at: string; value: number | null }>();
    for (const r of rows) {
      const cell = (c: Column) => (col[c] >= 0 ? (r.cells[col[c]] ?? "").trim() : "");
      const at = (c: Column) => ref(col[c] >= 0 ? col[c] : 0, r.row);
      const org = cell("organisation");
      if (org && org.toUpperCase() !== ccg) {
        problem(`${at("organisation")}: this row is for ${org}, and this is ${ccg}'s plan`);
        continue;
      }
      const blank = cell("plan") === "";
      // A blank plan cell is checked for its indicator and period only: it says "nothing planned for this period".
      const checked = checkRow(
        {
          line: r.row,
          organisation: ccg,
          indicator: cell("indicator"),
          period: cell("period"),
          value: blank ? "0" : cell("plan"),
        },
        lookups,
        "plans",
      );
      if ("kind" in checked) {
        problem(`${at(CELL_OF[checked.kind])}: ${checked.message}`);
        continue;
      }
      if ("setAside" in checked) continue; // only values are set aside; a plan's rows are its CCG's
      const value = blank ? null : checked.v;
      const key = `${checked.i}|${checked.p}`;
      const before = seen.get(key);
      if (before) {
        if (before.value !== value)
          problem(`${at("plan")}: ${checked.i} ${cell("period")} is planned again here, differently from ${before.at}`);
        continue;
      }
      seen.set(key, { at: at("plan"), value });
      lines.push({ indicatorCode: checked.i, periodStart: checked.p, value });
    }
    if (count) return { ok: false, problems, count };
    if (!lines.some((l) => l.value !== null))
      return { ok: false, problems: ["No plan value is filled in: the `plan` column is empty."], count: 1 };
    return { ok: true, lines };
  }
  return {
    ok: false,
    problems: [
      "I can't find the template's header row (indicator, period, plan). Start from the template: `plan template <ccg>`.",
    ],
    count: 1,
  };
}
