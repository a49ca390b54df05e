// Improving Access to Psychological Therapies (IAPT): the HSCIC's quarterly (and, from 2014/15, monthly) "IAPT
// reports" by CCG, read into iapt_access (people entering treatment in the quarter as a % of the estimated
// prevalence of anxiety and depression: numerator entered treatment, denominator prevalence) and iapt_recovery
// (people moving to recovery ÷ (finished treatment − not at caseness at the start) × 100).
//
// The layout read, from the HSCIC's publication pages and its guide "Understanding and replicating our published
// reports" (February 2015; "Quarterly Improving Access to Psychological Therapies Data Set Reports, England",
// https://digital.nhs.uk/data-and-information/publications/statistical/psychological-therapies-report-on-the-use-of-iapt-services,
// e.g. catalogue PUB17355 for Q3 2014/15; the IAPT key performance indicators of 2011–15 by commissioner): a
// workbook or CSV with title rows ("IAPT quarterly report, Q3 2014/15", "Period: October - December 2014"), then a
// header with the commissioner's code ("CCG Code", "Commissioner Code", "Organisation Code"), name, sometimes the
// organisation type ("Level": England, Area Team, CCG, Provider) and a period column ("Quarter", "Month"), and a
// column per measure: referrals entered treatment, the estimated prevalence of anxiety and depression, the access
// rate, referrals that finished a course of treatment, of which not at caseness at initial assessment (or, in some
// tables, of which at caseness: the denominator itself), of which moved to recovery, and the recovery rate (as a
// fraction or a percentage). England, area team, region and provider rows sit beside the CCGs'; small numbers are
// suppressed ("*", "-", ".."). No real file was at hand: the column names are
// matched by their words (entered/entering treatment, prevalence, finished, caseness, recovery), not exactly.
// Imported: each CCG's two figures for a quarter, from the counts when the file gives them (else its published rate).
// Set aside, counted: England, area teams, regions, providers, other levels, and monthly figures (both indicators are
// quarterly: a month's entries are not a quarter's, so import the quarterly report).
import { ImportFileError, type RawRow } from "../import/report";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { ccgRows } from "./ccg-rows";
import { normalise, numberIn, percentOf, rateScale, rateText, setAsideCounter, titledPeriod } from "./layout";
import { cellRef, type Sheet, type SheetRow, type Workbook } from "./workbook";

const CODE = ["ccgcode", "commissionercode", "organisationcode", "orgcode", "odscode", "code", "commissioningorgcode"];
const NAME = ["ccgname", "commissionername", "organisationname", "orgname", "name"];
const LEVEL = ["level", "organisationtype", "orgtype", "grouptype", "breakdown", "type"];
const PERIOD = ["period", "quarter", "month", "reportingperiod", "timeperiod"];

type Role =
  | "code"
  | "name"
  | "level"
  | "period"
  | "entered"
  | "prevalence"
  | "accessRate"
  | "finished"
  | "notCaseness"
  | "atCaseness"
  | "recovered"
  | "recoveryRate";

/** What a header cell holds, by its words: exact for the codes, by the measure's words for the figures. */
export function roleOf(cell: string): Role | undefined {
  const n = normalise(cell);
  const raw = cell.toLowerCase();
  if (!n) return undefined;
  if (CODE.includes(n)) return "code";
  if (NAME.includes(n)) return "name";
  if (LEVEL.includes(n)) return "level";
  if (PERIOD.includes(n)) return "period";
  const rate = /%|per ?cent|proportion|\brate\b/.test(raw);
  if (/accessrate/.test(n) || (rate && /prevalence/.test(n) && /treatment/.test(n))) return "accessRate";
  if (/recover/.test(n)) return rate ? "recoveryRate" : "recovered";
  if (/notatcaseness|notcaseness|belowcaseness/.test(n)) return "notCaseness";
  // some tables give the denominator itself: finished treatment and at caseness at the start
  if (/atcaseness/.test(n)) return "atCaseness";
  if (/(finished|completed)\w*treatment/.test(n)) return "finished";
  if (/ent(er|ered|ering)(into)?treatment/.test(n) && !/wait|days|weeks/.test(n) && !rate) return "entered";
  if (/prevalence/.test(n) && !rate) return "prevalence";
  return undefined;
}

interface Table {
  sheet: Sheet;
  index: number;
  c: Partial<Record<Role, number>>;
}

function headerIn(sheet: Sheet): Table | undefined {
  for (let index = 0; index < Math.min(40, sheet.rows.length); index++) {
    const c: Partial<Record<Role, number>> = {};
    sheet.rows[index]!.cells.forEach((cell, i) => {
      const role = roleOf(cell);
      if (role && c[role] === undefined) c[role] = i;
    });
    const access = (c.entered !== undefined && c.prevalence !== undefined) || c.accessRate !== undefined;
    const recovery =
      (c.recovered !== undefined && (c.finished !== undefined || c.atCaseness !== undefined)) ||
      c.recoveryRate !== undefined;
    if (c.code !== undefined && (access || recovery)) return { sheet, index, c };
  }
  return undefined;
}

/** The CCG table: a sheet whose header has a code and the access or recovery measures, in a file named for IAPT
 * (or whose header counts caseness, which only IAPT does); a sheet named for CCGs or commissioners first. */
function tableOf(book: Workbook): Table | undefined {
  const found: Table[] = [];
  for (const sheet of book.sheets) {
    const table = headerIn(sheet);
    if (!table) continue;
    const titles = [sheet.name, book.fileName, ...sheet.rows.slice(0, table.index + 1).flatMap((r) => r.cells)];
    const named = /\biapt\b|psychological therap/i.test(titles.join(" "));
    if (named || table.c.notCaseness !== undefined || table.c.atCaseness !== undefined) found.push(table);
  }
  return found.find((t) => /ccg|commissioner/i.test(t.sheet.name)) ?? found[0];
}

const MONTHLY = "monthly figures (the IAPT indicators are quarterly: import the quarterly report)";

function read(book: Workbook, context: ReadContext): PublishedRead {
  const table = tableOf(book);
  if (!table)
    throw new ImportFileError(
      0,
      "I can't find the IAPT table: a header with the CCG code and entered treatment and prevalence, or finished treatment and recovery.",
    );
  const { sheet, index, c } = table;
  const filePeriod = titledPeriod(book, sheet, index, context.period);
  if (c.period === undefined && !filePeriod)
    throw new ImportFileError(
      0,
      `I can't tell which quarter the file describes: no period column, title or file name names one. Give it with --period, e.g. --period "Q3 2014/15".`,
    );
  const body = sheet.rows.slice(index + 1);
  const scales = {
    access: c.accessRate === undefined ? 1 : rateScale(body.map((r) => r.cells[c.accessRate!] ?? "")),
    recovery: c.recoveryRate === undefined ? 1 : rateScale(body.map((r) => r.cells[c.recoveryRate!] ?? "")),
  };
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const rows: RawRow[] = [];
  const periods = new Set<string>();
  let fromRates = 0;
  const ccgs = ccgRows(body, c, {
    organisations: context.organisations,
    filePeriod,
    periodGiven: Boolean(context.period),
    providers: true,
    setAside,
  });
  for (const { row: r, ccg, period: rowPeriod, periodText } of ccgs) {
    if (rowPeriod && "month" in rowPeriod) {
      count(MONTHLY);
      continue;
    }
    // an unreadable period cell goes on as written: the import names it as a bad period
    const period = rowPeriod?.quarter ?? periodText;
    periods.add(period);
    const base = { line: r.row, organisation: ccg, period };
    const access = accessFigure(r, c, scales.access);
    const recovery = recoveryFigure(r, c, scales.recovery);
    for (const [indicator, figure] of [
      ["iapt_access", access],
      ["iapt_recovery", recovery],
    ] as const) {
      if (!figure) continue;
      if (figure.fromRate) fromRates++;
      rows.push({ ...base, indicator, at: cellRef(sheet, book, r.row, figure.column), ...figure.row });
    }
  }
  const notes = [
    `Each CCG's quarter from the "${sheet.name}" ${book.kind === "csv" ? "file" : "sheet"} (${[...periods].sort().join(", ") || "none"}): ` +
      `access = entered treatment ÷ estimated prevalence × 100; recovery = moved to recovery ÷ (finished treatment − not at caseness) × 100.`,
  ];
  if (fromRates) notes.push(`${fromRates} figures taken from the published rate, where the file gives no counts.`);
  if (scales.access === 100 || scales.recovery === 100)
    notes.push("The published rates are fractions (0.45 for 45%): read as percentages.");
  return { rows, setAside, notes, period: [...periods].sort().join(", ") };
}

interface Figure {
  column: number;
  fromRate: boolean;
  row: Pick<RawRow, "value" | "numerator" | "denominator">;
}

const countText = (text: string | undefined) => (text ?? "").trim().replaceAll(",", "");

/** A rate computed from counts, or the published rate when a count is missing; undefined when neither is given. */
function figureOf(
  r: SheetRow,
  part: { column: number | undefined; value: number | "suppressed" | undefined },
  whole: number | "suppressed" | undefined,
  wholeText: string,
  rate: { column: number | undefined; scale: 1 | 100 },
): Figure | undefined {
  const value = part.column === undefined ? undefined : percentOf(part.value, whole);
  if (value !== undefined && part.column !== undefined) {
    const counts = value === "*" ? {} : { numerator: countText(r.cells[part.column]), denominator: wholeText };
    return { column: part.column, fromRate: false, row: { value, ...counts } };
  }
  if (rate.column === undefined) return undefined;
  const text = rateText(r.cells[rate.column] ?? "", rate.scale);
  return text === undefined ? undefined : { column: rate.column, fromRate: true, row: { value: text } };
}

function accessFigure(r: SheetRow, c: Table["c"], scale: 1 | 100): Figure | undefined {
  const at = (k: number | undefined) => (k === undefined ? undefined : numberIn(r.cells[k]));
  return figureOf(
    r,
    { column: c.entered, value: at(c.entered) },
    at(c.prevalence),
    countText(c.prevalence === undefined ? "" : r.cells[c.prevalence]),
    { column: c.accessRate, scale },
  );
}

function recoveryFigure(r: SheetRow, c: Table["c"], scale: 1 | 100): Figure | undefined {
  const at = (k: number | undefined) => (k === undefined ? undefined : numberIn(r.cells[k]));
  // the denominator: finished treatment at caseness, given or as finished − not at caseness; without either the
  // denominator is unknown, and the published rate, if any, is taken instead
  const finished = at(c.finished);
  const notCaseness = at(c.notCaseness);
  const known = c.atCaseness !== undefined || (c.finished !== undefined && c.notCaseness !== undefined);
  const whole =
    c.atCaseness !== undefined
      ? at(c.atCaseness)
      : finished === "suppressed" || notCaseness === "suppressed"
        ? ("suppressed" as const)
        : finished === undefined || notCaseness === undefined
          ? undefined
          : finished - notCaseness;
  return figureOf(
    r,
    { column: known ? c.recovered : undefined, value: at(c.recovered) },
    whole,
    typeof whole === "number" ? String(whole) : "",
    { column: c.recoveryRate, scale },
  );
}

export const iapt: PublishedFormat = {
  id: "iapt",
  title: "IAPT access and recovery, quarterly by CCG (HSCIC)",
  url: "https://digital.nhs.uk/data-and-information/publications/statistical/psychological-therapies-report-on-the-use-of-iapt-services",
  recognise: (book) => tableOf(book) !== undefined,
  read,
};
