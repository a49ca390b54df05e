// DM01, NHS England's monthly diagnostic waiting times and activity, commissioner file, read as downloaded into
// diagnostics_6wk: the % of a CCG's patients waiting for one of the 15 key diagnostic tests who had waited 6 weeks or
// more at the month's end (value = Number waiting 6+ Weeks ÷ Total Waiting List × 100, numerator and denominator
// those two counts, over all 15 tests).
//
// The layout built from, as NHS England published it in 2013–15 ("Monthly Diagnostics Web File Commissioner
// <Month> <Year>.xls", https://www.england.nhs.uk/statistics/statistical-work-areas/diagnostics-waiting-times-and-
// activity/monthly-diagnostics-waiting-times-and-activity/):
// - title rows in column B, a label and its value: "Title:", "Summary:", "Period:" (the month, e.g. "December 2014"),
//   "Source:", "Basis:" ("Commissioner"), "Published:", "Revised:", "Status:", "Contact:"; then a blank row;
// - the header (row 13 or 14): "Area Team Code", "Area Team Name", "Commissioner Code", "Commissioner Name", "Total
//   Waiting List", "Number waiting 6+ Weeks", "Number waiting 13+ Weeks", "Percentage waiting 6+ weeks" (a fraction),
//   the weekly bands "0 <01 weeks" … "12 <13 weeks", "13+ weeks", then "Planned tests / procedures", "Unscheduled
//   tests / procedures", "Waiting list tests / procedures (excluding planned)"; before April 2013 the first two were
//   "SHA Code" / "SHA Name";
// - the England total first (no code), then one row per commissioner: CCGs, and area teams commissioning directly;
//   footnotes below the table.
// Documented (column list and title rows) by readers of these files in public repositories: the NHS England DM01
// provider-file loader "diag" of an ETL in the code index (columns '0 <01 weeks' … '13+ weeks', 'Number waiting 6+
// Weeks', 'Percentage waiting 6+ weeks', and 'SHA Code' / 'Area Team Code' renamed as the years changed; metadata
// rows 2–11 above a header at row 13), britishredcrosssociety/nhs-capacity (preprocess: `read_excel(…, sheet =
// "Provider", skip = 13)`, then the summary row and a blank row dropped), and the later "Provider by Test" sheets
// ("Diagnostic ID", "Diagnostic Test Name", a "Total" row) read by a 2024 loader in the same index.
// Shapes read: the "Commissioner" sheet of totals (one row per commissioner; imported when present), and a sheet of
// one row per commissioner × test ("Diagnostic Test Name" or "Diagnostic ID"), whose "Total" row per commissioner is
// imported, or, where there is none, the sum of its tests (the report says so). A CSV of the same columns reads the
// same. The provider file is refused with the sentence to download the commissioner file.
import { ImportFileError, type RawRow } from "../import/report";
import { parsePeriod } from "../periods";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import {
  columnOf,
  commissionerOf,
  findHeader,
  monthOf,
  normalise,
  numberIn,
  percentOf,
  periodOf,
  setAsideCounter,
  titleValue,
  type Header,
} from "./layout";
import { cellRef, type Sheet, type SheetRow, type Workbook } from "./workbook";

const TOTAL = ["totalwaitinglist", "totalwaiting"];
const SIX_PLUS = ["numberwaiting6weeks", "waiting6weeks", "number6weeks"];
const CODE = ["commissionercode", "ccgcode", "orgcode", "organisationcode", "odscode", "code"];
const NAME = ["commissionername", "ccgname", "orgname", "organisationname", "name"];
const PROVIDER = ["providercode", "trustcode"];
const TEST = ["diagnostictestname", "diagnostictest", "testname", "test", "diagnosticid"];
/** the weekly bands of 6 weeks and over, for a file without "Number waiting 6+ Weeks" */
const BANDS_6_PLUS = [
  "0607weeks",
  "0708weeks",
  "0809weeks",
  "0910weeks",
  "1011weeks",
  "1112weeks",
  "1213weeks",
  "13weeks",
];
const TOTAL_TEST = new Set(["total", "alltests", "totalalltests", "all", "alldiagnostictests"]);

const header = (sheet: Sheet) => findHeader(sheet, [[...TOTAL, ...SIX_PLUS]]);

interface Table {
  sheet: Sheet;
  header: Header;
  code?: number;
  name?: number;
  test?: number;
}

function tablesOf(book: Workbook): Table[] {
  return book.sheets.flatMap((sheet) => {
    const h = header(sheet);
    if (!h) return [];
    return [{ sheet, header: h, code: columnOf(h, ...CODE), name: columnOf(h, ...NAME), test: columnOf(h, ...TEST) }];
  });
}

export const dm01: PublishedFormat = {
  id: "dm01",
  title: "Diagnostics waiting times (DM01), by commissioner (NHS England)",
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/diagnostics-waiting-times-and-activity/",
  recognise: (book) => book.sheets.some((s) => header(s) !== undefined),
  read,
};

function read(book: Workbook, context: ReadContext): PublishedRead {
  const tables = tablesOf(book);
  const commissioner = tables.filter((t) => t.code !== undefined && columnOf(t.header, ...PROVIDER) === undefined);
  if (commissioner.length === 0) {
    if (tables.some((t) => columnOf(t.header, ...PROVIDER) !== undefined))
      throw new ImportFileError(
        0,
        "this is the provider file (one row per trust), not the commissioner file. CCG figures come from the " +
          'commissioner file of the same month ("Monthly Diagnostics Web File Commissioner <month>"): import that one.',
      );
    const t = tables[0]!;
    throw new ImportFileError(
      t.header.row.row,
      `the header (row ${t.header.row.row}) has no "Commissioner Code" column, so I can't tell whose figures they are.`,
    );
  }
  // The sheet of totals per commissioner wins over a sheet per test; without it, the per-test sheet is read.
  const totals = commissioner.find((t) => t.test === undefined);
  const used = totals ?? commissioner[0]!;
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const notes: string[] = [];
  const period = periodFor(book, used.sheet, context.period);

  const total = columnOf(used.header, ...TOTAL);
  if (total === undefined)
    throw new ImportFileError(
      used.header.row.row,
      `the "${used.sheet.name}" sheet has no "Total Waiting List" column (header row ${used.header.row.row}), so I ` +
        "can't work out the % waiting 6 weeks or more.",
    );
  const six = columnOf(used.header, ...SIX_PLUS);
  const bands = BANDS_6_PLUS.map((b) => columnOf(used.header, b));
  if (six === undefined && bands.some((b) => b === undefined))
    throw new ImportFileError(
      used.header.row.row,
      `the "${used.sheet.name}" sheet has neither a "Number waiting 6+ Weeks" column nor the weekly bands from ` +
        `"06 <07 weeks" to "13+ weeks" (header row ${used.header.row.row}).`,
    );
  const sixOf = (cells: string[]): number | "suppressed" | undefined => {
    if (six !== undefined) return numberIn(cells[six]);
    let sum = 0;
    for (const b of bands) {
      const n = numberIn(cells[b!]);
      if (n === "suppressed") return n;
      if (n === undefined) return undefined;
      sum += n;
    }
    return sum;
  };
  if (six === undefined) notes.push('No "Number waiting 6+ Weeks" column: it is the sum of the bands from 6 weeks on.');

  // Other sheets of commissioner rows (per test, when the totals are read) are set aside as a whole.
  for (const t of commissioner) {
    if (t === used) continue;
    const tTotal = columnOf(t.header, ...TOTAL);
    for (const row of dataRows(t)) {
      const who = commissionerOf(cell(row, t.code), cell(row, t.name), context.organisations);
      if (who && tTotal !== undefined && numberIn(row.cells[tTotal]) !== undefined)
        count(`rows of the "${t.sheet.name}" sheet (the "${used.sheet.name}" sheet's totals are imported)`);
    }
  }

  const rows: RawRow[] = [];
  const emit = (
    ccg: string,
    first: SheetRow,
    last: SheetRow,
    waited: ReturnType<typeof sixOf>,
    all: ReturnType<typeof numberIn>,
  ) => {
    if (all === 0) {
      count("CCGs with no one waiting (total 0)");
      return;
    }
    const text = (n: number | "suppressed" | undefined, cell: string | undefined) =>
      n === "suppressed" ? "*" : n === undefined ? (cell ?? "") : String(n);
    const at = cellRef(used.sheet, book, first.row, six ?? total);
    rows.push({
      line: first.row,
      at: first === last ? at : `${at}…${cellRef(used.sheet, book, last.row, six ?? total).replace(/^.*!/, "")}`,
      organisation: ccg,
      indicator: "diagnostics_6wk",
      period,
      value: percentOf(waited, all) ?? text(waited, six === undefined ? "" : first.cells[six]),
      numerator: text(waited, six === undefined ? "" : first.cells[six]),
      denominator: text(all, first.cells[total]),
    });
  };

  // Per commissioner: its row (totals sheet), or its Total row, or the sum of its tests (per-test sheet).
  const groups = new Map<string, SheetRow[]>();
  for (const row of dataRows(used)) {
    const who = commissionerOf(cell(row, used.code), cell(row, used.name), context.organisations);
    if (!who) continue;
    if (numberIn(row.cells[total]) === undefined && !("ccg" in who)) continue; // a footnote, not a figure
    if ("setAside" in who) {
      count(who.setAside);
      continue;
    }
    const list = groups.get(who.ccg) ?? [];
    list.push(row);
    groups.set(who.ccg, list);
  }
  let summed = 0;
  for (const [ccg, list] of groups) {
    if (used.test === undefined) {
      for (const row of list) emit(ccg, row, row, sixOf(row.cells), numberIn(row.cells[total]));
      continue;
    }
    const totalRow = list.find((r) => TOTAL_TEST.has(normalise(cell(r, used.test))));
    if (totalRow) {
      emit(ccg, totalRow, totalRow, sixOf(totalRow.cells), numberIn(totalRow.cells[total]));
      for (let i = 1; i < list.length; i++) count("rows per diagnostic test (the Total row is imported)");
      continue;
    }
    summed++;
    const add = (values: (number | "suppressed" | undefined)[]) =>
      values.reduce<number | "suppressed" | undefined>(
        (a, b) =>
          a === "suppressed" || b === "suppressed"
            ? "suppressed"
            : a === undefined || b === undefined
              ? undefined
              : a + b,
        0,
      );
    emit(
      ccg,
      list[0]!,
      list[list.length - 1]!,
      add(list.map((r) => sixOf(r.cells))),
      add(list.map((r) => numberIn(r.cells[total]))),
    );
    for (let i = 1; i < list.length; i++) count("rows per diagnostic test (added into their CCG's figure)");
  }
  if (summed)
    notes.push(
      `${summed} CCG${summed === 1 ? " has" : "s have"} no Total row: their figure is the sum of their rows per test.`,
    );
  notes.push(
    `Figures from the "${used.sheet.name}" sheet: % waiting 6+ weeks = Number waiting 6+ Weeks ÷ Total Waiting List.`,
  );
  return { rows, setAside, notes, period };
}

const cell = (row: SheetRow, column: number | undefined) =>
  column === undefined ? "" : (row.cells[column] ?? "").trim();

function dataRows(t: Table): SheetRow[] {
  return t.sheet.rows.slice(t.header.index + 1);
}

/** The month, as periods.ts reads it: --period, the "Period:" title row, or the file's name. */
function periodFor(book: Workbook, sheet: Sheet, option: string | undefined): string {
  const given = periodOf(book, sheet, option);
  const period = monthOf(given) ?? given;
  const parsed = parsePeriod(period, "MONTH");
  if (!parsed.ok) {
    const from =
      option !== undefined
        ? "--period"
        : titleValue(sheet, "Period") !== undefined
          ? 'the "Period:" row'
          : "the file's name";
    throw new ImportFileError(
      0,
      `I can't read the month from ${from} ("${given}"): ${parsed.reason}. Give it with --period, e.g. --period "Dec 2014".`,
    );
  }
  return period;
}
