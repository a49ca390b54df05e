// Dementia diagnosis rate: NHS England's and the HSCIC's figures by CCG for 2014/15 (quarterly "Dementia diagnosis
// rates", then monthly "Recorded dementia diagnoses"), read into dementia_diagnosis: people on the GP dementia
// register (numerator) ÷ the estimated number of people with dementia (denominator) × 100.
//
// The layout read (HSCIC "Recorded dementia diagnoses", https://digital.nhs.uk/data-and-information/publications/
// statistical/recorded-dementia-diagnoses, and NHS England's quarterly dementia diagnosis rates by CCG of 2014/15):
// title rows ("Dementia diagnosis rates by CCG", "Quarter 2 2014/15", "Period: December 2014", or "as at 31 December
// 2014"), then a header with the CCG's code ("CCG Code", "Commissioner Code", "Organisation Code"), name, sometimes
// the level (England, Area Team, CCG) and a period column, and the measures: the recorded register ("Number of people
// on the dementia register", "Recorded dementia diagnoses", "QOF dementia register"), the estimated prevalence
// ("Estimated prevalence", "Estimated number of people with dementia") and the diagnosis rate (a fraction, 0.523, or
// a percentage, "52.3%"). England and area-team rows beside the CCGs'; "*", "-" or ".." where suppressed. No real
// file was at hand: the columns are matched by their words (register/recorded/diagnosed, estimated/prevalence, rate).
// Imported: each CCG's rate, from the counts when the file gives them (else its published rate, fractions ×100). The
// rate is a count of people at a date, so a quarter's figure (the register at the quarter's end) is stored as the
// quarter's last month, and the report says so. Set aside, counted: England, area teams, regions, other levels.
import { ImportFileError, type RawRow } from "../import/report";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { ccgRows } from "./ccg-rows";
import { normalise, numberIn, percentOf, rateScale, rateText, titledPeriod } from "./layout";
import { cellRef, type Sheet, type Workbook } from "./workbook";

const CODE = ["ccgcode", "commissionercode", "organisationcode", "orgcode", "odscode", "code"];
const NAME = ["ccgname", "commissionername", "organisationname", "orgname", "name"];
const LEVEL = ["level", "organisationtype", "orgtype", "breakdown", "type"];
const PERIOD = ["period", "quarter", "month", "reportingperiod", "timeperiod"];

type Role = "code" | "name" | "level" | "period" | "register" | "prevalence" | "rate";

function roleOf(cell: string): Role | undefined {
  const n = normalise(cell);
  if (!n) return undefined;
  if (CODE.includes(n)) return "code";
  if (NAME.includes(n)) return "name";
  if (LEVEL.includes(n)) return "level";
  if (PERIOD.includes(n)) return "period";
  const rate = /%|per ?cent|proportion|\brate\b/i.test(cell);
  // a rate that is not the diagnosis rate (recorded prevalence as a % of the list) is not read
  if (rate) return /diagnos/.test(n) ? "rate" : undefined;
  if (/prevalence|estimated|expected/.test(n)) return "prevalence";
  if (/register|diagnos|recorded/.test(n)) return "register";
  return undefined;
}

interface Table {
  sheet: Sheet;
  index: number;
  c: Partial<Record<Role, number>>;
}

function tableOf(book: Workbook): Table | undefined {
  for (const sheet of book.sheets) {
    for (let index = 0; index < Math.min(40, sheet.rows.length); index++) {
      const c: Partial<Record<Role, number>> = {};
      sheet.rows[index]!.cells.forEach((cell, i) => {
        const role = roleOf(cell);
        if (role && c[role] === undefined) c[role] = i;
      });
      const figures = (c.register !== undefined && c.prevalence !== undefined) || c.rate !== undefined;
      if (c.code === undefined || !figures) continue;
      const titles = [sheet.name, book.fileName, ...sheet.rows.slice(0, index + 1).flatMap((r) => r.cells)];
      if (/dementia/i.test(titles.join(" "))) return { sheet, index, c };
    }
  }
  return undefined;
}

/** A quarter's last month ("2014/15 Q3" → "2014-12"), where the register of a quarterly figure was counted. */
function lastMonth(quarter: string): string {
  const m = /^(\d{4})\/\d{2} Q([1-4])$/.exec(quarter)!;
  const [start, q] = [Number(m[1]), Number(m[2])];
  return q === 4 ? `${start + 1}-03` : `${start}-${String(3 + q * 3).padStart(2, "0")}`;
}

function read(book: Workbook, context: ReadContext): PublishedRead {
  const table = tableOf(book);
  if (!table)
    throw new ImportFileError(
      0,
      "I can't find the dementia table: a header with the CCG code and the register and estimated prevalence, or the diagnosis rate.",
    );
  const { sheet, index, c } = table;
  const filePeriod = titledPeriod(book, sheet, index, context.period);
  if (c.period === undefined && !filePeriod)
    throw new ImportFileError(
      0,
      `I can't tell which month or quarter the file describes: no period column, title or file name names one. Give it with --period, e.g. --period "Dec 2014".`,
    );
  const body = sheet.rows.slice(index + 1);
  const scale = c.rate === undefined ? 1 : rateScale(body.map((r) => r.cells[c.rate!] ?? ""));
  const setAside: Record<string, number> = {};
  const rows: RawRow[] = [];
  const periods = new Set<string>();
  const quarters = new Map<string, string>();
  let fromRates = 0;
  const ccgs = ccgRows(body, c, {
    organisations: context.organisations,
    filePeriod,
    periodGiven: Boolean(context.period),
    setAside,
  });
  for (const { row: r, ccg, period: given, periodText, cell } of ccgs) {
    let period = periodText; // unreadable: the import names it as a bad period
    if (given && "quarter" in given) {
      period = lastMonth(given.quarter);
      quarters.set(given.quarter, period);
    } else if (given) period = given.month;
    periods.add(period);
    const register = c.register === undefined ? undefined : numberIn(r.cells[c.register]);
    const prevalence = c.prevalence === undefined ? undefined : numberIn(r.cells[c.prevalence]);
    const base = { line: r.row, organisation: ccg, indicator: "dementia_diagnosis", period };
    const value = c.register === undefined ? undefined : percentOf(register, prevalence);
    if (value !== undefined) {
      const counts = value === "*" ? {} : { numerator: String(register), denominator: String(prevalence as number) };
      rows.push({ ...base, at: cellRef(sheet, book, r.row, c.register!), value, ...counts });
      continue;
    }
    const rate = c.rate === undefined ? undefined : rateText(cell(c.rate), scale);
    if (rate === undefined) continue; // nothing published for this CCG
    fromRates++;
    rows.push({ ...base, at: cellRef(sheet, book, r.row, c.rate!), value: rate });
  }
  const notes = [
    `Each CCG's diagnosis rate from the "${sheet.name}" ${book.kind === "csv" ? "file" : "sheet"} ` +
      `(${[...periods].sort().join(", ") || "none"}): recorded register ÷ estimated prevalence × 100.`,
  ];
  for (const [q, month] of quarters)
    notes.push(`Figures for ${q} (the register at the quarter's end) are stored as ${month}, its last month.`);
  if (fromRates) notes.push(`${fromRates} figures taken from the published rate, where the file gives no counts.`);
  if (scale === 100) notes.push("The published rates are fractions (0.523 for 52.3%): read as percentages.");
  return { rows, setAside, notes, period: [...periods].sort().join(", ") };
}

export const dementia: PublishedFormat = {
  id: "dementia",
  title: "Dementia diagnosis rates by CCG (NHS England; HSCIC)",
  url: "https://digital.nhs.uk/data-and-information/publications/statistical/recorded-dementia-diagnoses",
  recognise: (book) => tableOf(book) !== undefined,
  read,
};
