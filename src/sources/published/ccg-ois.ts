// The CCG Outcomes Indicator Set (CCG OIS): the HSCIC's yearly indicator files by CCG, and the same figures as
// Fingertips' CSV exports give them, read into our OIS indicators (ois_1_1 potential years of life lost, ois_2_6,
// ois_2_7, ois_3_1 emergency admissions; rates per 100,000).
//
// The layout read (HSCIC indicator portal, "CCG Outcomes Indicator Set", https://digital.nhs.uk/data-and-information/
// publications/statistical/ccg-outcomes-indicator-set; the Fingertips "all data" CSV, whose columns the Fingertips
// source of this project reads: "Indicator ID", "Area Code", "Time period", "Value", "Sex", "Category Type"): title
// rows (the indicator's number and name, "1.1 Potential years of life lost…"), then a header with the indicator
// (number "1.1" or name; else the title, else `--indicator`), the period ("Year", "Time period": a calendar year
// "2013", pooled years "2011-13" / "2011 - 13", a financial year "2013/14"), the breakdown level ("Breakdown",
// "Level": England, CCG…), the area by ODS code ("CCG code", "Level code") or ONS code ("Area Code", "ONS code":
// E38… mapped to ODS codes through ccgs-2013.csv), the sex ("Gender", "Sex": Persons/Male/Female), and the value
// ("Indicator value", "DSR", "Value"; directly standardised, so not numerator ÷ denominator, whose columns are not
// stored), with "*" or blank where the HSCIC suppressed small numbers. No real file was at hand.
// Imported: each CCG's persons figure of each period. Set aside, counted: England and other levels, male and female
// rows, CCGs not ours. A pooled figure is stored as its last year, and the report says which.
import { parsePeriod } from "../periods";
import { ImportFileError, type RawRow } from "../import/report";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { columnOf, findHeader, setAsideCounter, type Header } from "./layout";
import { cellRef, type Sheet, type Workbook } from "./workbook";

const OIS = { "1.1": "ois_1_1", "2.6": "ois_2_6", "2.7": "ois_2_7", "3.1": "ois_3_1" } as const;
const INDICATOR = ["indicator", "indicatorcode", "indicatornumber", "indicatorid", "indicatorname"];
const PERIOD = ["year", "timeperiod", "period", "reportingperiod"];
const LEVEL = ["breakdown", "level", "areatype", "organisationtype"];
const ODS = ["ccgcode", "levelcode", "odscode", "organisationcode", "orgcode"];
const ONS = ["areacode", "onscode", "ccgonscode"];
const SEX = ["gender", "sex"];
const VALUE = ["indicatorvalue", "dsr", "value", "rate", "directlystandardisedrate"];

interface Table {
  sheet: Sheet;
  header: Header;
  c: Record<"indicator" | "period" | "level" | "ods" | "ons" | "sex" | "value", number | undefined>;
  /** the indicator named in the title rows, when there is no indicator column */
  titled?: string;
}

/** Our code for an OIS indicator as written: "1.1", "CCG OIS 1.1", "ois_1_1", "1.1 Potential years of life lost". */
function oisCode(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if (Object.values(OIS).includes(t as never)) return t;
  const m = /(?:^|\s|ois\s*)([1-5]\.\d{1,2})\b/.exec(t);
  return m ? OIS[m[1] as keyof typeof OIS] : undefined;
}

function tableOf(book: Workbook): Table | undefined {
  for (const sheet of book.sheets) {
    const header = findHeader(sheet, [PERIOD, [...ODS, ...ONS], VALUE]);
    if (!header) continue;
    const c = {
      indicator: columnOf(header, ...INDICATOR),
      period: columnOf(header, ...PERIOD),
      level: columnOf(header, ...LEVEL),
      ods: columnOf(header, ...ODS),
      ons: columnOf(header, ...ONS),
      sex: columnOf(header, ...SEX),
      value: columnOf(header, ...VALUE),
    };
    const titles = [sheet.name, book.fileName, ...sheet.rows.slice(0, header.index).flatMap((r) => r.cells)];
    const titled = titles.map(oisCode).find((x) => x !== undefined);
    const named = /outcomes indicator set|\bccg ois\b|\bois\b/i.test(titles.join(" "));
    if (c.indicator === undefined && !titled) continue;
    if (!named && !titled) continue;
    return { sheet, header, c, ...(titled && { titled }) };
  }
  return undefined;
}

function read(book: Workbook, context: ReadContext): PublishedRead {
  const table = tableOf(book);
  if (!table) throw new ImportFileError(0, "I can't find the CCG OIS table: a header with year, CCG code and value.");
  const { sheet, header, c } = table;
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const rows: RawRow[] = [];
  const pooled = new Map<string, string>();
  const periods = new Set<string>();
  for (const r of sheet.rows.slice(header.index + 1)) {
    const cell = (k: number | undefined) => (k === undefined ? "" : (r.cells[k] ?? "").trim());
    if (!r.cells.some((x) => x.trim() !== "")) continue;
    const level = cell(c.level);
    const sex = cell(c.sex);
    let code = cell(c.ods).toUpperCase();
    const ons = cell(c.ons).toUpperCase();
    if (level && !/^(ccg|ccgs|clinical commissioning group)/i.test(level)) {
      count(`${/^england$/i.test(level) ? "England" : "other levels"} (breakdown "${level}")`);
      continue;
    }
    if (sex && !/^(persons?|all|both)/i.test(sex)) {
      count("male and female rows (persons are imported)");
      continue;
    }
    if (!code && ons) {
      if (ons === "E92000001") {
        count("England");
        continue;
      }
      const ods = context.onsToOds?.get(ons);
      if (!ods) {
        count(/^E38/.test(ons) ? "CCGs whose ONS code is not one of ours" : "areas that are not CCGs");
        continue;
      }
      code = ods;
    }
    if (!code) continue; // footnotes
    if (code === "X24" || code === "ENG") {
      count("England");
      continue;
    }
    const indicator = table.titled ?? oisCode(cell(c.indicator));
    if (!indicator) {
      count(`indicators we don't hold ("${cell(c.indicator)}")`);
      continue;
    }
    const period = cell(c.period);
    const parsed = parsePeriod(period, "YEAR");
    if (parsed.ok && parsed.pooled) pooled.set(parsed.pooled, parsed.start.slice(0, 4));
    periods.add(period);
    const value = cell(c.value);
    rows.push({
      line: r.row,
      at: cellRef(sheet, book, r.row, c.value!),
      organisation: code,
      indicator,
      period,
      value: value === "" ? "*" : value.replaceAll(",", ""),
    });
  }
  const notes = [
    `Each CCG's persons figure of each period (${[...periods].sort().join(", ") || "none"}), the value as published ` +
      `(directly standardised rates: not numerator ÷ denominator, which are not stored).`,
  ];
  for (const [p, last] of pooled) notes.push(`Figures pooled over ${p} are stored as ${last}, their last year.`);
  return { rows, setAside, notes, period: [...periods].sort().join(", ") };
}

export const ccgOutcomes: PublishedFormat = {
  id: "ccg-ois",
  title: "CCG Outcomes Indicator Set, by CCG (HSCIC; Fingertips)",
  url: "https://digital.nhs.uk/data-and-information/publications/statistical/ccg-outcomes-indicator-set",
  recognise: (book) => tableOf(book) !== undefined,
  read,
};
