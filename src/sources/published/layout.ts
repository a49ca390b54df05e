// What the published files have in common, for their readers: title rows above a header row ("Period: December
// 2014"), headers that differ in case, spacing and punctuation from month to month, numbers with thousands
// separators, suppressed cells, and a period that may be in the title, in the file's name, or given by the user.
import { ImportFileError } from "../import/report";
import { SUPPRESSED_CELLS } from "../import/row-check";
import { parsePeriod } from "../periods";
import type { Sheet, SheetRow, Workbook } from "./workbook";

/** A header as compared: lower case, letters and digits only ("% within 18 weeks" → "within18weeks"). */
export const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

export const isSuppressed = (text: string) => SUPPRESSED_CELLS.has(text.trim().toLowerCase());

/** A cell read as a number: a number, "suppressed", or undefined when empty or not a number. */
export function numberIn(text: string | undefined): number | "suppressed" | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === "") return undefined;
  if (isSuppressed(t)) return "suppressed";
  const n = Number(t.replaceAll(",", ""));
  return Number.isFinite(n) ? n : undefined;
}

export interface Header {
  /** index of the header row in sheet.rows */
  index: number;
  row: SheetRow;
  /** column index by normalised header text (the first of each) */
  columns: Map<string, number>;
}

/**
 * The first row (within the first `within` rows) that has every one of `wanted` among its cells, each given as
 * alternatives of normalised text. Title rows above it and merged cells (blank beside their first cell) are passed.
 */
export function findHeader(sheet: Sheet, wanted: string[][], within = 40): Header | undefined {
  for (let index = 0; index < Math.min(within, sheet.rows.length); index++) {
    const row = sheet.rows[index]!;
    const columns = new Map<string, number>();
    row.cells.forEach((cell, i) => {
      const n = normalise(cell);
      if (n && !columns.has(n)) columns.set(n, i);
    });
    if (wanted.every((alternatives) => alternatives.some((a) => columns.has(a)))) return { index, row, columns };
  }
  return undefined;
}

/** The column of the first of the alternatives the header has. */
export function columnOf(header: Header, ...alternatives: string[]): number | undefined {
  for (const a of alternatives) {
    const c = header.columns.get(a);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** A value from the title rows above a header: the cell after "Period:" (or "Period"), in the first rows. */
export function titleValue(sheet: Sheet, label: string, before = 20): string | undefined {
  const want = normalise(label);
  for (const row of sheet.rows.slice(0, before)) {
    for (let i = 0; i < row.cells.length; i++) {
      const cell = row.cells[i]!;
      if (normalise(cell) === want) {
        const next = row.cells.slice(i + 1).find((c) => c.trim() !== "");
        if (next) return next.trim();
      }
      // "Period: December 2014" in one cell
      const m = new RegExp(`^${label}\\s*:\\s*(.+)$`, "i").exec(cell.trim());
      if (m) return m[1]!.trim();
    }
  }
  return undefined;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** A month named in a file name as NHS England named them: "Dec14", "December-2014", "2014-12". */
export function monthInFileName(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  let m = /(?:^|[^a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-_ ]?(\d{4}|\d{2})(?!\d)/.exec(name);
  if (m) {
    const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return `${year}-${String(MONTHS.indexOf(m[1]!) + 1).padStart(2, "0")}`;
  }
  m = /(?:^|\D)(20\d{2})[-_]?(0[1-9]|1[0-2])(?!\d)/.exec(name);
  if (m) return `${m[1]}-${m[2]}`;
  return undefined;
}

/** The period a file describes: the user's `--period` first, then the title's "Period", then the file's name. */
export function periodOf(book: Workbook, sheet: Sheet, option: string | undefined): string {
  const period = option ?? titleValue(sheet, "Period") ?? monthInFileName(book.fileName);
  if (!period)
    throw new ImportFileError(
      0,
      `I can't tell which period the file describes: it has no "Period:" title row and its name names no month. ` +
        `Give it with --period, e.g. --period "Dec 2014".`,
    );
  return period;
}

/** Counts a row set aside, by reason. */
export function setAsideCounter(setAside: Record<string, number>) {
  return (why: string) => {
    setAside[why] = (setAside[why] ?? 0) + 1;
  };
}

/** A percentage from counts, as a string the import reads; "suppressed" passes on as the publisher's "*". */
export function percentOf(part: number | "suppressed" | undefined, whole: number | "suppressed" | undefined) {
  if (part === "suppressed" || whole === "suppressed") return "*";
  if (part === undefined || whole === undefined || whole <= 0) return undefined;
  return String((part / whole) * 100);
}

/** A CCG's code as ODS writes it (02N, 99A); the import rejects one that is not a CCG we know. */
export const CCG_CODE = /^[0-9]{2}[A-Z0-9]$/;

/**
 * What a commissioner row is: a CCG's (to import, known or not: the import names an unknown one), or a reason to set
 * it aside: England (X24, or a total with no code), an area team (Q44–Q72: NHS England statistics write London as
 * Q71), or another commissioner that is no CCG. Undefined for a row with neither code nor name (blank, footnote).
 */
export function commissionerOf(
  code: string,
  name: string,
  organisations: Map<string, { kind: "CCG" | "AREA_TEAM" }>,
): { ccg: string } | { setAside: string } | undefined {
  const c = code.trim().toUpperCase();
  if (c === "X24" || (c === "" && /^(england|total|all)\b/i.test(name.trim()))) return { setAside: "England (X24)" };
  if (c === "") return undefined;
  if (organisations.get(c)?.kind === "AREA_TEAM" || /^Q\d{2}$/.test(c)) return { setAside: "area team rows (Q…)" };
  if (CCG_CODE.test(c)) return { ccg: c };
  return { setAside: "commissioners that are not CCGs" };
}

/**
 * A month as publishers wrote it, as periods.ts reads it ("2014-12"): "December 2014", "DECEMBER 2014", "Dec-14",
 * "Dec 14", "2014-12-01", "01/12/2014". Undefined when the text is no single month.
 */
export function monthOf(text: string): string | undefined {
  const parsed = parsePeriod(text.trim().toLowerCase(), "MONTH");
  return parsed.ok ? parsed.start.slice(0, 7) : undefined;
}

const QUARTER_OF_FIRST_MONTH: Record<string, number> = { apr: 1, jul: 2, oct: 3, jan: 4 };
const LAST_MONTH: Record<number, string> = { 1: "jun", 2: "sep", 3: "dec", 4: "mar" };

/** A quarter of the financial year as periods.ts reads it ("2014/15 Q3"), from how the publications wrote one. */
export function quarterOf(text: string): string | undefined {
  const t = text.toLowerCase();
  const fy = (start: number, end: string, q: number) => {
    const endYear = end.length === 4 ? Number(end) : Math.floor(start / 100) * 100 + Number(end);
    return endYear === start + 1 ? `${start}/${String(endYear % 100).padStart(2, "0")} Q${q}` : undefined;
  };
  // "Q3 2014-15", "Quarter 3 2014/15", "q3-2014-15" (a file name)
  let m = /(?:^|[^a-z0-9])q(?:uarter|tr)?[\s_-]*([1-4])[\s_-]*(?:of\s+)?(\d{4})\s*[-/_]\s*(\d{4}|\d{2})(?!\d)/.exec(t);
  if (m) return fy(Number(m[2]), m[3]!, Number(m[1]));
  // "2014/15 Q3", "2014-15 Quarter 3"
  m = /(?:^|\D)(\d{4})\s*[-/_]\s*(\d{2})[\s_-]*q(?:uarter|tr)?[\s_-]*([1-4])(?!\d)/.exec(t);
  if (m) return fy(Number(m[1]), m[2]!, Number(m[3]));
  // "October to December 2014", "Oct - Dec 2014", "January - March 2015"
  m = /(apr|jul|oct|jan)[a-z]*\.?\s*(?:\d{4}\s*)?(?:-|–|to)\s*(jun|sep|dec|mar)[a-z]*\.?\s*(\d{4})/.exec(t);
  if (m) {
    const q = QUARTER_OF_FIRST_MONTH[m[1]!]!;
    if (LAST_MONTH[q] !== m[2]) return undefined;
    const endYear = Number(m[3]);
    const start = q === 4 ? endYear - 1 : endYear;
    return `${start}/${String((start + 1) % 100).padStart(2, "0")} Q${q}`;
  }
  return undefined;
}

export const MONTH_IN_TEXT =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{4})\b/i;

/**
 * How a column of published rates is written: percentages (a cell says "%", or any value is over 1) or fractions
 * (every value 1 or under: "0.523" for 52.3%, as the commissioner files of 2013–15 wrote them). A fraction is read
 * ×100, so what is stored is a percentage as the import checks it.
 */
export function rateScale(cells: string[]): 1 | 100 {
  const numbers = cells.map((c) => c.trim()).filter((c) => c !== "" && !isSuppressed(c));
  if (numbers.some((c) => c.endsWith("%"))) return 1;
  const values = numbers.map((c) => Number(c.replaceAll(",", ""))).filter(Number.isFinite);
  return values.length > 0 && values.every((v) => v <= 1) ? 100 : 1;
}

/** One rate cell as a percentage the import reads: "52.3%" → "52.3", "0.523" (fractions) → "52.3", "*" → "*". */
export function rateText(text: string, scale: 1 | 100): string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (isSuppressed(t)) return "*";
  const n = Number(t.replace(/%$/, "").replaceAll(",", ""));
  if (!Number.isFinite(n)) return t; // the import names it as not a number
  return scale === 100 && !t.endsWith("%") ? String(Math.round(n * 100 * 1e6) / 1e6) : String(n);
}

/** A period as a commissioner file of 2013–15 writes one: a quarter ("Q3 2014/15", "October - December 2014") or a
 * month ("Dec-14", "December 2014"), as periods.ts reads it ("2014/15 Q3", "2014-12"). */
export function quarterOrMonth(text: string): { quarter: string } | { month: string } | undefined {
  const quarter = quarterOf(text);
  if (quarter) return { quarter };
  const month = monthOf(text) ?? (MONTH_IN_TEXT.test(text) ? monthOf(MONTH_IN_TEXT.exec(text)![0]) : undefined);
  return month ? { month } : undefined;
}

/** The period a file's title rows, or else its name, give: `--period` first, then "Period:", a title cell, the name. */
export function titledPeriod(
  book: Workbook,
  sheet: Sheet,
  before: number,
  option: string | undefined,
): { quarter: string } | { month: string } | undefined {
  const given = option ?? titleValue(sheet, "Period", before);
  if (given) return quarterOrMonth(given);
  // a quarter named anywhere in the titles first, then a month, passing dates of publication ("Published 12 Feb 2015")
  const titles = sheet.rows.slice(0, before).flatMap((r) => r.cells.filter((c) => c.trim() !== ""));
  const quarterTitled = titles.map(quarterOf).find((q) => q !== undefined);
  if (quarterTitled) return { quarter: quarterTitled };
  for (const cell of titles.filter((c) => !/publish|releas|extract|produced|revised|updated/i.test(c))) {
    const found = quarterOrMonth(cell);
    if (found) return found;
  }
  const quarter = quarterOf(book.fileName);
  if (quarter) return { quarter };
  const month = monthInFileName(book.fileName);
  return month ? { month } : undefined;
}
