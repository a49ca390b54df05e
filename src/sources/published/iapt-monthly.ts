// IAPT recovery by CCG from NHS Digital's monthly "Psychological Therapies: reports on the use of IAPT services"
// (from the report on final January 2015 data, published April 2015): the long-format activity CSV, one row per
// organisation, month and measure, read into iapt_recovery for each quarter whose three months the file holds.
//
// What was verified, and where (searched 2026-12; no real file was at hand, so the fixtures are written by us):
// - The release itself: "a csv file of 122 activity measures reported at England, CCG, provider and CCG-provider
//   combination levels", with a metadata file naming each measure (NHS Digital, "Monthly Improving Access to
//   Psychological Therapies (IAPT) Reports", webarchive.nationalarchives.gov.uk/20160921141330/http:/digital.nhs.uk/
//   iaptmonthly; the final Q3 2014/15 quarterly report's page says the monthly report replaces it from April 2015).
// - Column names REPORTING_PERIOD_START, REPORTING_PERIOD_END, GROUP_TYPE, MEASURE_ID, MEASURE_NAME and MEASURE_VALUE
//   (MEASURE_VALUE_SUPPRESSED in most files of 2021–26; those have no STATUS), GROUP_TYPE values England and
//   Provider: the monthly files' column lists kept by bennettoxford/nhstt (inst/schemas/
//   activity_performance_monthly_schemas.csv, R/tidy-monthly.R). Its date parser reads both "2023-04-01" and
//   "01/04/2023" (R/tidy-utils.R parse_reporting_date); suppression markers "*" and "-" (replace_suppression_with_na).
//   MEASURE_ID is "M057"-like, so measures are matched by name here.
// - Measure names Count_FirstTreatment, Count_FinishedCourseTreatment, Count_NotCaseness, Count_Recovery and
//   Percentage_Recovery = Count_Recovery ÷ (Count_FinishedCourseTreatment − Count_NotCaseness) × 100: SQL of NHS
//   England's analysts (nhsengland/Talking-Therapies and like scripts, found by a text search that did not name every
//   repository). A third party's audit of a 2026 file lists Count_NotAtCaseness instead: both names are read.
// NOT verified: STATUS, PRIMARY_LEVEL, PRIMARY_LEVEL_DESCRIPTION, SECONDARY_LEVEL and SECONDARY_LEVEL_DESCRIPTION
// (the layout this reader takes from its brief; the files of 2021 on name ORG_CODE1/ORG_NAME1/ORG_CODE2/ORG_NAME2
// instead, and which of those holds the commissioner was not found, so those files are not recognised), the level
// written for a CCG ("CCG"), a CCG–provider row's secondary code, STATUS values ("Provisional" is set aside), and
// whether Percentage_Recovery is rounded (it is cross-checked within its own written precision).
//
// Both IAPT indicators are quarterly. iapt_recovery for a quarter is summed from its three months: each month counts
// the referrals that finished a course of treatment in it, so a quarter's counts are the months' sums. A CCG's
// quarter without all three months' counts is set aside, counted. iapt_access (entered treatment ÷ the estimated
// prevalence of anxiety and depression) is not read: the monthly file gives first treatments but no prevalence, so
// its Count_FirstTreatment rows are set aside, counted, and the quarterly report (iapt.ts) remains its source.
import { ImportFileError, type RawRow } from "../import/report";
import { ccgRows } from "./ccg-rows";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { columnOf, findHeader, monthOf, normalise, numberIn, percentOf, setAsideCounter } from "./layout";
import { cellRef, type Workbook } from "./workbook";

type Measure = "finished" | "notCaseness" | "recovered" | "rate" | "firstTreatment";

const MEASURES: Record<string, Measure> = {
  countfinishedcoursetreatment: "finished",
  countnotcaseness: "notCaseness",
  countnotatcaseness: "notCaseness",
  countrecovery: "recovered",
  percentagerecovery: "rate",
  countfirsttreatment: "firstTreatment",
};

export const MONTHLY_SET_ASIDE = {
  combination: "CCG–provider combinations",
  measure: "measures not read (only recovery's counts and rate)",
  access:
    "first treatments (iapt_access needs the estimated prevalence, which the monthly file does not give: import the quarterly report)",
  incomplete: "months of a quarter the file does not complete (recovery is quarterly: summed from its three months)",
  notMonth: "rows whose reporting period is not one month",
  provisional: "provisional figures (STATUS)",
  noCaseness: "CCG quarters in which no one finished treatment at caseness (no rate)",
  repeated: "measure rows repeated for the same CCG and month (the first is read)",
} as const;

const HEADER = [
  ["reportingperiodstart"],
  ["grouptype"],
  ["primarylevel"],
  ["measurename"],
  ["measurevalue", "measurevaluesuppressed"],
];

/** A secondary level that names no second organisation (a CCG's own row). */
const NO_SECONDARY = /^(|none|all|null|na|n\/a|all_\w*)$/i;

/** The long CSV: its header near the top, in a file that names IAPT or lists an IAPT recovery measure. */
function tableOf(book: Workbook) {
  for (const sheet of book.sheets) {
    const header = findHeader(sheet, HEADER, 5);
    if (!header) continue;
    const measure = columnOf(header, "measurename")!;
    const named = /iapt|psychological.?therap|talking.?therap/i.test(`${book.fileName} ${sheet.name}`);
    const lists = () => sheet.rows.slice(header.index + 1).some((r) => normalise(r.cells[measure] ?? "") in MEASURES);
    if (named || lists()) return { sheet, header };
  }
  return undefined;
}

/** A date cell as a month ("2015-04"), with any time of day passed ("2015-04-01 00:00:00"). */
const monthOfDate = (text: string) => (text ? monthOf(text.replace(/[T ]\d{1,2}:\d{2}(:\d{2})?.*$/, "")) : undefined);

/** The financial quarter of a month ("2015-05" → "2015/16 Q1") and its three months. */
export function quarterOfMonth(month: string): { quarter: string; months: string[] } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  const first = q === 4 ? 1 : 4 + (q - 1) * 3;
  const year = q === 4 ? start + 1 : start;
  return {
    quarter: `${start}/${String((start + 1) % 100).padStart(2, "0")} Q${q}`,
    months: [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, "0")}`),
  };
}

interface Cell {
  text: string;
  line: number;
}
type MonthCells = Partial<Record<Measure, Cell>>;
type Counts = Record<"finished" | "notCaseness" | "recovered", Cell>;
interface CcgQuarter {
  ccg: string;
  quarter: string;
  months: string[];
  cells: Map<string, MonthCells>;
  rows: number;
}

function read(book: Workbook, context: ReadContext): PublishedRead {
  const table = tableOf(book);
  if (!table)
    throw new ImportFileError(
      0,
      "I can't find the monthly IAPT columns: REPORTING_PERIOD_START, GROUP_TYPE, PRIMARY_LEVEL, MEASURE_NAME, MEASURE_VALUE.",
    );
  const { sheet, header } = table;
  const at = (...names: string[]) => columnOf(header, ...names);
  const c = {
    start: at("reportingperiodstart")!,
    end: at("reportingperiodend"),
    status: at("status"),
    level: at("grouptype")!,
    code: at("primarylevel")!,
    name: at("primaryleveldescription"),
    secondary: at("secondarylevel"),
    measure: at("measurename")!,
    value: at("measurevalue", "measurevaluesuppressed")!,
  };
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const quarters = new Map<string, CcgQuarter>();
  const body = sheet.rows.slice(header.index + 1);
  const ccgs = ccgRows(
    body,
    { code: c.code, name: c.name, level: c.level, period: c.start },
    {
      organisations: context.organisations,
      filePeriod: undefined,
      periodGiven: false,
      providers: true,
      setAside,
    },
  );
  for (const { row, ccg, periodText, cell } of ccgs) {
    if (!NO_SECONDARY.test(cell(c.secondary))) {
      count(MONTHLY_SET_ASIDE.combination);
      continue;
    }
    if (/provisional/i.test(cell(c.status))) {
      count(MONTHLY_SET_ASIDE.provisional);
      continue;
    }
    const measure = MEASURES[normalise(cell(c.measure))];
    if (!measure) {
      count(MONTHLY_SET_ASIDE.measure);
      continue;
    }
    if (measure === "firstTreatment") {
      count(MONTHLY_SET_ASIDE.access);
      continue;
    }
    const month = monthOfDate(periodText);
    if (!month || (c.end !== undefined && cell(c.end) !== "" && monthOfDate(cell(c.end)) !== month)) {
      count(MONTHLY_SET_ASIDE.notMonth);
      continue;
    }
    const { quarter, months } = quarterOfMonth(month);
    const key = `${ccg} ${quarter}`;
    const entry = quarters.get(key) ?? { ccg, quarter, months, cells: new Map(), rows: 0 };
    quarters.set(key, entry);
    const cells = entry.cells.get(month) ?? {};
    entry.cells.set(month, cells);
    if (cells[measure]) {
      count(MONTHLY_SET_ASIDE.repeated);
      continue;
    }
    entry.rows++;
    // an empty or NULL value is no figure: the month lacks that count
    const text = cell(c.value);
    if (!/^(null|n\/a|na)?$/i.test(text)) cells[measure] = { text, line: row.row };
  }

  const rows: RawRow[] = [];
  const stored = new Set<string>();
  let disagree = 0;
  for (const entry of quarters.values()) {
    const months = entry.months.map((m) => entry.cells.get(m));
    const complete = months.every((m) => m?.finished && m.notCaseness && m.recovered);
    if (!complete) {
      setAside[MONTHLY_SET_ASIDE.incomplete] = (setAside[MONTHLY_SET_ASIDE.incomplete] ?? 0) + entry.rows;
      continue;
    }
    disagree += months.filter((m) => !rateAgrees(m!)).length;
    const cells = months as Counts[];
    const finished = sum(cells.map((m) => m.finished.text));
    const notCaseness = sum(cells.map((m) => m.notCaseness.text));
    const recovered = sum(cells.map((m) => m.recovered.text));
    const whole =
      finished === "suppressed" || notCaseness === "suppressed"
        ? ("suppressed" as const)
        : finished === undefined || notCaseness === undefined
          ? undefined
          : finished - notCaseness;
    if (typeof whole === "number" && whole <= 0) {
      setAside[MONTHLY_SET_ASIDE.noCaseness] = (setAside[MONTHLY_SET_ASIDE.noCaseness] ?? 0) + entry.rows;
      continue;
    }
    // a count that is no number goes on as written, so the import names it
    const value = percentOf(recovered, whole) ?? firstNotNumber(cells) ?? "";
    stored.add(entry.quarter);
    rows.push({
      line: cells[0]!.recovered.line,
      at: cells.map((m) => cellRef(sheet, book, m.recovered.line, c.value)).join(" + "),
      organisation: entry.ccg,
      indicator: "iapt_recovery",
      period: entry.quarter,
      value,
      ...(typeof recovered === "number" && typeof whole === "number" && value !== "*"
        ? { numerator: String(recovered), denominator: String(whole) }
        : {}),
    });
  }

  const list = [...stored].sort();
  const notes = [
    `Each CCG's recovery for a quarter from the "${sheet.name}" ${book.kind === "csv" ? "file" : "sheet"} ` +
      `(${list.join(", ") || "none complete"}), summed from its three months: Count_Recovery ÷ ` +
      `(Count_FinishedCourseTreatment − Count_NotCaseness) × 100.`,
  ];
  if (setAside[MONTHLY_SET_ASIDE.access])
    notes.push(
      "iapt_access is not read from the monthly file: it gives first treatments but not the estimated prevalence.",
    );
  if (disagree)
    notes.push(
      `${disagree} month${disagree === 1 ? "" : "s"} give a Percentage_Recovery that differs from the month's ` +
        `counts beyond its rounding; the figures stored are from the counts.`,
    );
  return { rows, setAside, notes, period: list.join(", ") || "none" };
}

/** The months' counts summed; suppressed if any month's is, undefined if any is missing or not a number. */
function sum(texts: string[]): number | "suppressed" | undefined {
  const values = texts.map(numberIn);
  if (values.includes("suppressed")) return "suppressed";
  if (values.some((v) => v === undefined)) return undefined;
  return (values as number[]).reduce((a, b) => a + b, 0);
}

function firstNotNumber(cells: Counts[]): string | undefined {
  for (const m of cells)
    for (const k of ["recovered", "finished", "notCaseness"] as const)
      if (numberIn(m[k].text) === undefined) return m[k].text;
  return undefined;
}

/**
 * Does a month's published Percentage_Recovery agree with its counts, within the precision it is written to ("50"
 * ±0.5, "50.3" ±0.05; a fraction 0.503 read ×100)? True when there is no rate or the counts give none to compare.
 */
export function rateAgrees(m: MonthCells): boolean {
  const published = m.rate ? numberIn(m.rate.text) : undefined;
  const [fin, nc, rec] = [m.finished, m.notCaseness, m.recovered].map((x) => (x ? numberIn(x.text) : undefined));
  if (typeof published !== "number" || typeof fin !== "number" || typeof nc !== "number" || typeof rec !== "number")
    return true;
  if (fin - nc <= 0) return true;
  const computed = (rec / (fin - nc)) * 100;
  const decimals = /\.(\d+)/.exec(m.rate!.text.trim())?.[1]?.length ?? 0;
  const scale = published <= 1 && computed > 1 ? 100 : 1;
  return Math.abs(published * scale - computed) <= 0.5 * 10 ** -decimals * scale + 1e-9;
}

export const iaptMonthly: PublishedFormat = {
  id: "iapt-monthly",
  title: "IAPT recovery by CCG, from the monthly activity CSV (NHS Digital)",
  url: "https://digital.nhs.uk/data-and-information/publications/statistical/psychological-therapies-report-on-the-use-of-iapt-services",
  recognise: (book) => tableOf(book) !== undefined,
  read,
};
