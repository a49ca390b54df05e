// Ambulance Quality Indicators, system indicators: NHS England's monthly figures per **ambulance trust** (RX9 East
// Midlands, RRU London, RX8 Yorkshire…), turned into CCG figures by the provider attribution table (an ambulance
// trust's shares by CCG, `--format provider-attribution`), as the A&E figures are:
//   amb_cat_a_8min_red1  Category A (Red 1) incidents with an emergency response within 8 minutes, %
//   amb_cat_a_8min_red2  the same for Red 2
//   amb_cat_a_19min      Category A incidents with a vehicle able to transport arriving within 19 minutes, %
// The layout, from NHS England's statistical press notices ("Ambulance Quality Indicators – monthly update for
// England", e.g. 3 May 2013: "Ambulance System Indicators; Category A (Red 1) 8 minute response time, category A (Red 2)
// 8 minute response time, … category A 19 minute response time …" for each ambulance trust) and the HSCIC's
// "Ambulance Services, England 2013-14" (AMBSYS guidance notes): a sheet of title rows ("Period: December 2014"), then
// one row per trust with its code and name and, per measure, the incidents and those responded to in time. No real
// file was at hand: the header wordings accepted are those of the notices ("Red 1 incidents", "Red 1 within 8
// minutes", "Category A incidents", "Category A within 19 minutes"), unconfirmed against a 2013–15 download.
// England and region rows are set aside and counted; a trust with no shares is set aside and named.
import { ImportFileError, type RawRow } from "../import/report";
import { PROVIDER_CODE } from "./attribution";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { columnOf, findHeader, monthOf, numberIn, periodOf, setAsideCounter, type Header } from "./layout";
import { cellRef, type Sheet, type Workbook } from "./workbook";

const CODE = ["orgcode", "trustcode", "providercode", "code"];
const NAME = ["orgname", "trustname", "providername", "name"];

const MEASURES = [
  {
    indicator: "amb_cat_a_8min_red1",
    incidents: ["red1incidents", "red1calls", "categoryared1incidents", "categoryared1calls"],
    within: ["red1within8minutes", "red1responsewithin8minutes", "categoryared1within8minutes", "red1within8mins"],
  },
  {
    indicator: "amb_cat_a_8min_red2",
    incidents: ["red2incidents", "red2calls", "categoryared2incidents", "categoryared2calls"],
    within: ["red2within8minutes", "red2responsewithin8minutes", "categoryared2within8minutes", "red2within8mins"],
  },
  {
    indicator: "amb_cat_a_19min",
    incidents: ["categoryaincidents", "catacalls", "categoryacalls", "cataincidents"],
    within: ["categoryawithin19minutes", "catawithin19minutes", "categoryatransportwithin19minutes", "within19minutes"],
  },
] as const;

interface Table {
  sheet: Sheet;
  header: Header;
  code: number;
  name: number | undefined;
  measures: { indicator: string; incidents: number; within: number }[];
}

function tableOf(book: Workbook): Table | undefined {
  for (const sheet of book.sheets) {
    const header = findHeader(sheet, [CODE, [...MEASURES[0].incidents, ...MEASURES[1].incidents]]);
    if (!header) continue;
    const measures = MEASURES.flatMap((m) => {
      const incidents = columnOf(header, ...m.incidents);
      const within = columnOf(header, ...m.within);
      return incidents !== undefined && within !== undefined ? [{ indicator: m.indicator, incidents, within }] : [];
    });
    if (!measures.length) continue;
    return { sheet, header, code: columnOf(header, ...CODE)!, name: columnOf(header, ...NAME), measures };
  }
  return undefined;
}

function read(book: Workbook, context: ReadContext): PublishedRead {
  const table = tableOf(book);
  if (!table)
    throw new ImportFileError(
      0,
      'I can\'t find the table: it needs the trust code and, per measure, its incidents and those in time ("Red 1 incidents", "Red 1 within 8 minutes").',
    );
  const { sheet, header } = table;
  const given = periodOf(book, sheet, context.period);
  const month = monthOf(given);
  if (!month)
    throw new ImportFileError(0, `I can't read the month "${given}". Give it with --period, e.g. --period "Dec 2014".`);
  const shares = context.attribution(`${month}-01`);
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const noShares: string[] = [];
  /** per CCG and indicator: attributed within and incidents, and the trusts they came from */
  const sums = new Map<string, { within: number; incidents: number; at: string; line: number; trusts: number }>();
  let trusts = 0;
  for (const r of sheet.rows.slice(header.index + 1)) {
    const code = (r.cells[table.code] ?? "").trim().toUpperCase();
    const name = table.name === undefined ? "" : (r.cells[table.name] ?? "").trim();
    if (!code && !name) continue;
    if (code === "X24" || /^england\b/i.test(name) || (!code && /total/i.test(name))) {
      count("England (the total row)");
      continue;
    }
    if (!PROVIDER_CODE.test(code)) {
      count(/^[QY]\d{2}$/.test(code) ? "area team and region rows" : "rows without an ambulance trust code");
      continue;
    }
    const toCcgs = shares.get(code);
    if (!toCcgs?.length) {
      count("ambulance trusts with no shares in the attribution table");
      noShares.push(code);
      continue;
    }
    trusts++;
    for (const m of table.measures) {
      const incidents = numberIn(r.cells[m.incidents]);
      const within = numberIn(r.cells[m.within]);
      if (typeof incidents !== "number" || typeof within !== "number" || incidents <= 0) continue;
      for (const s of toCcgs) {
        const key = `${s.ccg}|${m.indicator}`;
        const sum = sums.get(key) ?? {
          within: 0,
          incidents: 0,
          at: cellRef(sheet, book, r.row, m.within),
          line: r.row,
          trusts: 0,
        };
        sum.within += s.share * within;
        sum.incidents += s.share * incidents;
        sum.trusts++;
        sums.set(key, sum);
      }
    }
  }
  const rows: RawRow[] = [];
  for (const [key, sum] of sums) {
    const [ccg, indicator] = key.split("|") as [string, string];
    const within = Math.round(sum.within * 100) / 100;
    const incidents = Math.round(sum.incidents * 100) / 100;
    rows.push({
      line: sum.line,
      at: sum.trusts > 1 ? `${sum.at} and ${sum.trusts - 1} other trust${sum.trusts === 2 ? "" : "s"}` : sum.at,
      organisation: ccg,
      indicator,
      period: month,
      value: String((within / incidents) * 100),
      numerator: String(within),
      denominator: String(incidents),
    });
  }
  const notes = [
    `CCG figures are attributed from ${trusts} ambulance trust${trusts === 1 ? "" : "s"} by the provider attribution ` +
      `table: each CCG's share of each trust's incidents, summed; the % is the attributed incidents in time ÷ all ` +
      `attributed incidents (${table.measures.map((m) => m.indicator).join(", ")}), counts kept to 2 decimal places.`,
  ];
  if (noShares.length) notes.push(`No shares for ${noShares.slice(0, 5).join(", ")}${noShares.length > 5 ? "…" : ""}.`);
  return { rows, setAside, notes, period: month };
}

export const ambulanceQuality: PublishedFormat = {
  id: "ambulance-aqi",
  title: "Ambulance Quality Indicators, system indicators, by ambulance trust, attributed to CCGs (NHS England)",
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/ambulance-quality-indicators/",
  recognise: (book) => tableOf(book) !== undefined,
  read,
};
