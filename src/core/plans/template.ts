// The planning template: one sheet per CCG, one row per indicator and period of the planning year, for the
// indicators of the national ask and the CCG's local priorities, pre-filled with the CCG's current plan where it has
// one. A CCG fills in the `plan` column and submits it back (`plan submit`, submission.ts); the same columns are what
// the submission reads, so a downloaded template goes back unchanged.
import * as XLSX from "@e965/xlsx";
import type { PeriodKind } from "../db";
import { formatPeriod } from "../time";

/** The template's columns, in order (A, B, C…). `plan` is the one a CCG fills in. */
export const TEMPLATE_COLUMNS = ["indicator", "period", "plan", "indicator name", "unit", "standard", "organisation"];
/** The column letter of the plan values, as a cell reference names it. */
export const PLAN_COLUMN = "C";

export type TemplateFormat = "csv" | "xlsx";

export interface TemplateRow {
  indicator: string;
  name: string;
  unit: string;
  standard: number | null;
  /** "Q3 2014/15", "Dec 2014", "2014/15": as the submission reads it back */
  period: string;
  periodStart: Date;
  /** the CCG's current plan for the period, if it has submitted one */
  plan: number | null;
}

export interface PlanTemplate {
  ccg: { code: string; name: string };
  /** the planning year's first April, e.g. 2014 for 2014/15 */
  year: number;
  rows: TemplateRow[];
}

export const yearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;

/**
 * The planning year a template is for: the financial year that starts on the next 1 April (plans are made in the
 * winter for the year ahead), or the one typed ("2014/15", "2014-15", "2014").
 */
export function planningYear(now: Date, typed?: string): number | { problem: string } {
  if (typed === undefined) return now.getUTCMonth() >= 3 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  const m = /^(\d{4})(?:\s*[/-]\s*(\d{2}))?$/.exec(typed.trim());
  if (!m || (m[2] !== undefined && (Number(m[1]) + 1) % 100 !== Number(m[2])))
    return { problem: `"${typed}" is not a planning year: write it as 2014/15.` };
  const year = Number(m[1]);
  if (year < 2000 || year > 2099) return { problem: `${typed} is not a planning year I can make a template for.` };
  return year;
}

/** Each period of the planning year an indicator is planned for: its months, quarters, or the year itself. */
export function periodsOf(year: number, kind: PeriodKind): Date[] {
  const step = kind === "MONTH" ? 1 : kind === "QUARTER" ? 3 : 12;
  const out: Date[] = [];
  for (let m = 0; m < 12; m += step) out.push(new Date(Date.UTC(year, 3 + m, 1)));
  return out;
}

export const templatePeriod = (start: Date, kind: PeriodKind) => formatPeriod(start, kind);

export const templateFileName = (t: Pick<PlanTemplate, "ccg" | "year">, format: TemplateFormat) =>
  `plan-template-${t.ccg.code}-${yearLabel(t.year).replace("/", "-")}.${format}`;

export const TEMPLATE_MEDIA_TYPE: Record<TemplateFormat, string> = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

function cells(t: PlanTemplate): (string | number)[][] {
  return [
    TEMPLATE_COLUMNS,
    ...t.rows.map((r) => [r.indicator, r.period, r.plan ?? "", r.name, r.unit, r.standard ?? "", t.ccg.code]),
  ];
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The template as bytes: CSV (UTF-8 with a byte-order mark, so Excel reads £ and – right) or a one-sheet .xlsx. */
export function templateFile(t: PlanTemplate, format: TemplateFormat): Uint8Array {
  const rows = cells(t);
  if (format === "csv") {
    const text = rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
    return new Uint8Array(Buffer.from(`\uFEFF${text}`, "utf8"));
  }
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet["!cols"] = [{ wch: 24 }, { wch: 12 }, { wch: 10 }, { wch: 50 }, { wch: 8 }, { wch: 10 }, { wch: 12 }];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, `Plan ${t.ccg.code}`);
  return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Buffer);
}
