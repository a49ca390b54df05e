// NHS England's "A&E Attendances and Emergency Admissions" (the A&E sitrep), one row per PROVIDER, as published:
//
// - Weekly files, November 2010 to the week ending 28 June 2015 (WSitAE): one .xls per week, named like
//   "2014.12.07-AE-66Eue.xls", sheet "A&E Data". Title rows in columns B–C ("Title:", "Summary:", "Period:" with
//   "Week Ending 07/12/2014", "Source:", "Basis:", "Published:", "Revised:", "Status:", "Contact:"), then a row of
//   merged group headings ("A&E attendances", "A&E attendances > 4 hours from arrival to admission, transfer or
//   discharge", "Emergency Admissions"…) above the header row: "Area Team" ("SHA" before April 2013), "Code", "Name",
//   "Type 1 Departments - Major A&E", "Type 2 Departments - Single Specialty", "Type 3 Departments - Other A&E/Minor
//   Injury Unit", "Total attendances", the same three types again under the > 4 hours group (with "Total Attendances
//   > 4 hours" from 2015), "Percentage in 4 hours or less (type 1)", "Percentage in 4 hours or less (all)",
//   "Emergency Admissions via Type 1 A&E" (Type 2, Type 3 and 4, Other Emergency admissions (i.e not via A&E)…),
//   "Number of patients spending >4 hours but <12 hours from decision to admit to admission" and "Number of patients
//   spending >12 hours from decision to admit to admission" (the 12-hour trolley waits). The England total row comes
//   first under the header, then the providers (trusts and independent sector), then "Notes:" rows.
// - Monthly files from June 2015 (MSitAE): "June-2015-AE-by-provider-xxxxx.xls", the same sheet and columns with
//   "Period: June 2015"; later also a CSV extract with one header line ("Period" = "MSitAE-JUNE-2015", "Org Code",
//   "Parent Org", "Org name", "A&E attendances Type 1"…, "Attendances over 4hrs Type 1"…, "Patients who have waited
//   12+ hrs from DTA to admission", and a "Total" row), which is read too.
//
// Where this layout is documented: the publication's pages (england.nhs.uk/statistics/statistical-work-areas/
// ae-waiting-times-and-activity/, weekly-ae-sitreps-2014-15/ and ae-attendances-and-emergency-admissions-2015-16-
// monthly/), and public parsers of the files: BBCVisualJournalism/newsspec_9501 source/data/weeklyAeSitrep.R (sheet
// "A&E Data", the header row's names, 2014-15 weekly file URLs), an R reader of every weekly file 2010–15 (found by
// its "Week Ending" period parsing and "Notes:" footer, with the 2015 column changes), and a Python test of the
// monthly files' header wordings and the CSV extract. None of those files is copied here; the test fixtures are
// written from this description.
//
// This module only reads providers' counts; ae-formats.ts attributes them to CCGs.
import { ImportFileError } from "../import/report";
import { monthInFileName, normalise, numberIn, setAsideCounter, titleValue } from "./layout";
import { cellRef, type Sheet, type Workbook } from "./workbook";

/** One provider's counts in one file, with where they were read. */
export interface ProviderCounts {
  code: string;
  name: string;
  /** the sheet's row */
  row: number;
  /** all attendances, and those admitted, transferred or discharged within 4 hours */
  total: number;
  within: number;
  /** patients waiting over 12 hours from decision to admit (trolley waits), when the file has the column */
  trolley12?: number;
  /** the cell of the total attendances (or its first type column) */
  at: string;
  /** rows of the files summed into these counts (the weeks of a month); 1 when absent */
  rows?: number;
}

export interface AeFile {
  book: Workbook;
  sheet: Sheet;
  cadence: "weekly" | "monthly";
  /** weekly: the week-ending date (ISO); monthly: the month as written ("June 2015", "2015-06") */
  periodText: string;
  providers: ProviderCounts[];
  setAside: Record<string, number>;
  notes: string[];
  hasTrolleyColumn: boolean;
}

const TYPES = {
  t1: ["type1departmentsmajorae", "aeattendancestype1", "numberofaeattendancestype1", "attendancesover4hrstype1"],
  t2: [
    "type2departmentssinglespecialty",
    "aeattendancestype2",
    "numberofaeattendancestype2",
    "attendancesover4hrstype2",
  ],
  t3: [
    "type3departmentsotheraeminorinjuryunit",
    "aeattendancesotheraedepartment",
    "attendancesover4hrsotherdepartment",
  ],
} as const;
const CODE = ["code", "orgcode", "providerorgcode", "providercode"];
const NAME = ["name", "orgname", "providername"];
const TWELVE_HOURS = [
  "numberofpatientsspending12hoursfromdecisiontoadmittoadmission",
  "patientswhohavewaited12hrsfromdtatoadmission",
];

/** The sheet and header row of an A&E file: a row with a provider code, a name and Type 1 attendances. */
function findAeHeader(book: Workbook): { sheet: Sheet; index: number } | undefined {
  const preferred = [...book.sheets].sort(
    (a, b) => Number(!/a&e data|provider level/i.test(a.name)) - Number(!/a&e data|provider level/i.test(b.name)),
  );
  for (const sheet of preferred) {
    for (let index = 0; index < Math.min(40, sheet.rows.length); index++) {
      const cells = new Set(sheet.rows[index]!.cells.map(normalise));
      if (CODE.some((c) => cells.has(c)) && NAME.some((c) => cells.has(c)) && TYPES.t1.some((c) => cells.has(c)))
        return { sheet, index };
    }
  }
  return undefined;
}

export function looksLikeAe(book: Workbook): boolean {
  return findAeHeader(book) !== undefined;
}

/** A weekly sitrep says "Week Ending 07/12/2014" (or "W/E …") in its Period row, or is named "2014.12.07-AE-…". */
export function cadenceOf(book: Workbook): "weekly" | "monthly" | undefined {
  const found = findAeHeader(book);
  if (!found) return undefined;
  const period = titleValue(found.sheet, "Period") ?? "";
  if (/week|w\/e/i.test(period) || /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(period)) return "weekly";
  if (period === "" && weekEndingInFileName(book.fileName)) return "weekly";
  return "monthly";
}

/** "2014.12.07-AE-66Eue.xls" → 2014-12-07, as the weekly files were named. */
export function weekEndingInFileName(fileName: string): string | undefined {
  const m = /(?:^|\D)(20\d{2})[._-](0[1-9]|1[0-2])[._-](0[1-9]|[12]\d|3[01])(?!\d)/.exec(fileName);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** "Week Ending 07/12/2014", "W/E 07/12/2014", "07/12/2014", "2014-12-07" → 2014-12-07. */
export function weekEndingIn(text: string): string | undefined {
  let m = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/** The CSV extract's "MSitAE-JUNE-2015" as "June 2015". */
function msitaePeriod(text: string): string | undefined {
  const m = /^[MW]SitAE-([A-Za-z]+)-(\d{4})$/i.exec(text.trim());
  return m ? `${m[1]!.slice(0, 1).toUpperCase()}${m[1]!.slice(1).toLowerCase()} ${m[2]}` : undefined;
}

interface Columns {
  code: number;
  name: number;
  attend: number[];
  attendTotal?: number;
  over: number[];
  overTotal?: number;
  within: number[];
  withinTotal?: number;
  trolley12?: number;
  period?: number;
}

/**
 * Which column holds what. The three type columns appear once per group (attendances, then over 4 hours, in some
 * later files also under 4 hours); the merged group heading above the header row says which group a column is in.
 * Without group headings (a CSV saved from the sheet), the first occurrence is attendances and the second over 4 hours.
 */
function columnsOf(sheet: Sheet, index: number): Columns {
  const header = sheet.rows[index]!.cells;
  const groupRow = index > 0 ? sheet.rows[index - 1]!.cells : [];
  const groups: string[] = [];
  let current = "";
  for (let i = 0; i < header.length; i++) {
    if ((groupRow[i] ?? "").trim() !== "") current = groupRow[i]!.trim();
    groups.push(current);
  }
  const find = (names: readonly string[]) => header.findIndex((c) => names.includes(normalise(c)));
  const columns: Columns = {
    code: find(CODE),
    name: find(NAME),
    attend: [],
    over: [],
    within: [],
  };
  const trolley = find(TWELVE_HOURS);
  if (trolley >= 0) columns.trolley12 = trolley;
  const period = find(["period"]);
  if (period >= 0) columns.period = period;
  const groupOf = (i: number): "attend" | "over" | "within" | undefined => {
    const both = `${groups[i]} ${header[i]}`.toLowerCase();
    if (/(>|greater than|over)\s*4\s*h/.test(both)) return "over";
    if (/(<|less than|within)\s*4\s*h/.test(both)) return "within";
    if (/a&e attendances|^\s*total attendances/.test(both) || normalise(both).startsWith("aeattendances"))
      return "attend";
    return undefined;
  };
  const seen: Record<string, number> = {};
  header.forEach((cell, i) => {
    const n = normalise(cell);
    if (n.includes("booked")) return; // booked appointments (from 2020) are counted inside the types' totals
    const type = (Object.keys(TYPES) as (keyof typeof TYPES)[]).find((t) =>
      (TYPES[t] as readonly string[]).includes(n),
    );
    const total = n === "totalattendances" || n === "totalattendances4hours";
    if (!type && !total) return;
    let group = groupOf(i);
    if (!group || (group === "attend" && total && n === "totalattendances4hours")) {
      // no heading says: the order of the groups in the file does
      const k = type ?? "total";
      seen[k] = (seen[k] ?? 0) + 1;
      group = seen[k] === 1 ? "attend" : "over";
    }
    if (total) {
      const key = group === "attend" ? "attendTotal" : group === "over" ? "overTotal" : "withinTotal";
      columns[key] ??= i;
    } else columns[group].push(i);
  });
  return columns;
}

const ENGLAND_NAMES = new Set(["england", "total", "englandtotal", "totalengland", "allproviders"]);

/** The providers' counts in an A&E file, the rows set aside (England, area teams, providers that reported nothing). */
export function readAeFile(book: Workbook): AeFile {
  const found = findAeHeader(book);
  if (!found)
    throw new ImportFileError(
      0,
      `I can't find the A&E table: no row has "Code", "Name" and "Type 1 Departments - Major A&E" in the first 40 rows.`,
    );
  const { sheet, index } = found;
  const columns = columnsOf(sheet, index);
  if (columns.attend.length === 0 && columns.attendTotal === undefined)
    throw new ImportFileError(sheet.rows[index]!.row, `The table has no column of A&E attendances.`);
  if (columns.over.length === 0 && columns.overTotal === undefined && columns.within.length === 0)
    throw new ImportFileError(
      sheet.rows[index]!.row,
      `The table has no column of attendances over 4 hours ("A&E attendances > 4 hours from arrival to admission, ` +
        `transfer or discharge"), so I can't tell how many were seen within 4 hours.`,
    );
  const setAside: Record<string, number> = {};
  const aside = setAsideCounter(setAside);
  const notes: string[] = [];
  const providers: ProviderCounts[] = [];
  const periods = new Set<string>();
  const seenCodes = new Set<string>();
  const nothing: string[] = [];
  const count = (cells: string[], cols: number[], total: number | undefined) => {
    if (total !== undefined) {
      const t = numberIn(cells[total]);
      if (typeof t === "number") return t;
    }
    // the types' sum; a "-" in one type's column is a department the provider doesn't have
    const parts = cols.map((c) => numberIn(cells[c]));
    if (!parts.some((p) => typeof p === "number")) return undefined;
    return parts.reduce<number>((s, p) => s + (typeof p === "number" ? p : 0), 0);
  };
  for (const { row, cells } of sheet.rows.slice(index + 1)) {
    const code = (cells[columns.code] ?? "").trim().toUpperCase();
    const name = (cells[columns.name] ?? "").trim();
    const hasNumbers = cells.some(
      (c, i) => i !== columns.code && i !== columns.period && typeof numberIn(c) === "number",
    );
    if (!hasNumbers) {
      // a provider that submitted nothing ("-" throughout); otherwise blank rows and the "Notes:" under the table
      if (/^[A-Z0-9]{3,6}$/.test(code) && name && !ENGLAND_NAMES.has(normalise(name))) {
        aside("providers with no attendances reported");
        nothing.push(code);
      }
      continue;
    }
    if (ENGLAND_NAMES.has(normalise(name)) || code === "X24" || code === "ENGLAND") {
      aside("England (the total row)");
      continue;
    }
    if (/^Q\d{2}$/.test(code) || /area team$/i.test(name) || /^[YQ]\d{2}$/.test(code)) {
      aside("area team and region rows (Q45…)");
      continue;
    }
    if (!/^[A-Z0-9]{3,6}$/.test(code)) {
      aside("rows with no provider code");
      continue;
    }
    if (columns.period !== undefined) {
      const p = cells[columns.period]?.trim();
      if (p) periods.add(p);
    }
    const total = count(cells, columns.attend, columns.attendTotal);
    const over = count(cells, columns.over, columns.overTotal);
    const withinCount = count(cells, columns.within, columns.withinTotal);
    if (total === undefined || total === 0 || (over === undefined && withinCount === undefined)) {
      aside("providers with no attendances reported");
      nothing.push(code);
      continue;
    }
    if (seenCodes.has(code)) throw new ImportFileError(row, `Row ${row}: provider ${code} appears twice in the table.`);
    seenCodes.add(code);
    const within = withinCount ?? total - over!;
    if (within < 0 || within > total)
      throw new ImportFileError(
        row,
        `Row ${row}: provider ${code} has ${total} attendances but ${over ?? withinCount} over 4 hours.`,
      );
    const trolley = columns.trolley12 === undefined ? undefined : numberIn(cells[columns.trolley12]);
    providers.push({
      code,
      name,
      row,
      total,
      within,
      ...(columns.trolley12 !== undefined && { trolley12: typeof trolley === "number" ? trolley : 0 }),
      at: cellRef(sheet, book, row, columns.attendTotal ?? columns.attend[0]!),
    });
  }
  if (nothing.length) notes.push(`Providers with no attendances in the file (set aside): ${firstFew(nothing)}.`);
  const cadence = cadenceOf(book) ?? "monthly";
  const periodText =
    periods.size === 1
      ? (msitaePeriod([...periods][0]!) ?? [...periods][0]!)
      : (titleValue(sheet, "Period") ??
        (cadence === "weekly" ? weekEndingInFileName(book.fileName) : undefined) ??
        monthInFileName(book.fileName) ??
        "");
  if (periods.size > 1)
    throw new ImportFileError(0, `The file holds more than one period (${[...periods].slice(0, 3).join(", ")}).`);
  return {
    book,
    sheet,
    cadence,
    periodText,
    providers,
    setAside,
    notes,
    hasTrolleyColumn: columns.trolley12 !== undefined,
  };
}

export function firstFew(codes: string[], n = 5): string {
  return codes.length <= n ? codes.join(", ") : `${codes.slice(0, n).join(", ")} and ${codes.length - n} more`;
}
