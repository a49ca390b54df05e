// NHS England's monthly Referral to Treatment (RTT) waiting times by commissioner, read as published in 2013–15:
// one workbook (or CSV) per pathway type — incomplete pathways, completed admitted pathways, completed non-admitted
// pathways — with one row per commissioner and treatment function. Three formats, one reader:
//
//   rtt-incomplete     → rtt_incomplete_18wk (% waiting within 18 weeks at month end) and rtt_52wk (waits of 52+ weeks)
//   rtt-admitted       → rtt_admitted_18wk   (% of completed admitted pathways within 18 weeks)
//   rtt-nonadmitted    → rtt_nonadmitted_18wk
//
// The layout read (NHS England, Statistical Work Areas, RTT waiting times, "RTT data 2013-14" and "2014-15" pages,
// files such as Incomplete-Commissioner-Dec14.xls, Admitted-Commissioner-Dec14.xls, NonAdmitted-Commissioner-Dec14.xls;
// https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/):
//   - title rows in columns B–C ("Title:", "Summary:" "Monthly Referral to Treatment (RTT) waiting times for incomplete
//     pathways.", "Period:" "December 2014", "Source:", "Basis:" "Commissioner", "Published:", "Revised:", "Status:",
//     "Contact:"), a caption row with merged cells over the week bands, then the header row (row 14 in the later
//     files) and one row per commissioner × treatment function, from column B, with footnotes below;
//   - the header: Area Team Code, Commissioner Code, Commissioner Name, Treatment Function Code, Treatment Function,
//     the weekly bands ">0-1" … ">51-52", "52 plus", then for incomplete pathways "Total number of incomplete
//     pathways", "Total within 18 weeks", "% within 18 weeks" (a fraction), "Average (median) waiting time (in weeks)",
//     "92nd percentile waiting time (in weeks)"; for completed pathways "Patients with unknown clock start date",
//     "Total number of completed pathways (all)", "Total number of completed pathways (with a known clock start)",
//     "Total (with a known clock start) within 18 weeks", "% within 18 weeks", median, "95th percentile …";
//   - the Total row of each commissioner has treatment function "Total", coded IP999 / AP999 / NP999 in the 2013–15
//     files, C_999 (or 999) in later ones.
// Columns are found by their header text, never by position, so a file with the totals before the bands reads the
// same. Besides NHS England's pages, this was checked against public parsers of these very files: a Node ETL of the
// 2013–16 Admitted/NonAdmitted/Incomplete-Provider-*.xls files (found by its code, its repository not named in the
// index: title rows read as label/value pairs, the header on the row after them, the column list above, the total
// specialty IP999/AP999/NP999, Summary "Monthly Referral to Treatment (RTT) waiting times for completed admitted
// pathways."); SamanthaBurn/nhs-data-pipeline scripts/wait-times/build_datasets_wait_times.R (for the files before
// April 2013: 13 title rows, then the header; it codes their totals IP999/AP999/NP999 too); and later readers of Incomplete-Commissioner-*.xlsx (header on row 14,
// column A blank, the Total row as C_999). No real file was at hand: the fixtures follow these descriptions.
//
// What is imported: each CCG's Total row. % = within ÷ total × 100 from the counts (numerator = within, denominator
// = total); for completed pathways both are of pathways with a known clock start, as NHS England's own % is. The
// 52-week count is the sum of the bands from 52 weeks up. England (X24), area teams (Q44–Q71, London as Q71),
// other commissioners and the rows per treatment function are set aside and counted. A file with no Total row at
// all is summed over its treatment functions per commissioner, and the report says so. Finding the header, its
// columns and bands, the pathway type and the month is rtt-commissioner-layout.ts; this module computes the figures.
import type { RawRow } from "../import/report";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { normalise, numberIn, percentOf, setAsideCounter, titleValue } from "./layout";
import { COUNT_COLUMNS, pathwayOf, readableLayout, type Pathway } from "./rtt-commissioner-layout";
import { cellRef, type Workbook } from "./workbook";

const URL = "https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/";

const FORMATS: Record<Pathway, { id: string; title: string; indicator: string }> = {
  incomplete: {
    id: "rtt-incomplete",
    title: "RTT waiting times, incomplete pathways, by commissioner (NHS England)",
    indicator: "rtt_incomplete_18wk",
  },
  admitted: {
    id: "rtt-admitted",
    title: "RTT waiting times, completed admitted pathways, by commissioner (NHS England)",
    indicator: "rtt_admitted_18wk",
  },
  nonadmitted: {
    id: "rtt-nonadmitted",
    title: "RTT waiting times, completed non-admitted pathways, by commissioner (NHS England)",
    indicator: "rtt_nonadmitted_18wk",
  },
};

/** The incomplete file also gives the count of waits of 52 weeks and more. */
const FIFTY_TWO_WEEKS = "rtt_52wk";

/** Why rows are set aside, as the report says it. */
export const RTT_SET_ASIDE = {
  england: "England (X24)",
  englandTotal: "the England total row",
  areaTeam: "area team rows (Q44–Q71; London as Q71)",
  function: "rows per treatment function (the Total row is imported)",
  other: "commissioners that are not CCGs",
  empty: "CCG Total rows with no pathways (total 0)",
} as const;

const CCG_LIKE = /^[0-9]{2}[A-Z0-9]$/;
const AREA_TEAM = /^Q\d{2}$/;
const TOTAL_CODES = new Set(["999", "c999", "ip999", "ap999", "np999"]);

/** A row's kind, as far as this publication is concerned. */
function commissionerOf(
  code: string,
  name: string,
  context: ReadContext,
): "ccg" | keyof typeof RTT_SET_ASIDE | undefined {
  const upper = code.trim().toUpperCase();
  if (upper === "X24") return "england";
  if (/^(nhs\s+)?england$/i.test(name.trim()) && (upper === "" || upper === "-" || !CCG_LIKE.test(upper)))
    return "englandTotal";
  if (upper === "") return undefined;
  const known = context.organisations.get(upper);
  if (known?.kind === "CCG") return "ccg";
  if (known?.kind === "AREA_TEAM" || AREA_TEAM.test(upper)) return "areaTeam";
  // an unknown code shaped like a CCG's goes on, so the import rejects it with its reason
  if (CCG_LIKE.test(upper)) return "ccg";
  return "other";
}

const cell = (cells: string[], column: number | undefined) => (column === undefined ? undefined : cells[column]);
const isTotal = (code: string | undefined, name: string | undefined) =>
  (code !== undefined && TOTAL_CODES.has(normalise(code))) || (name !== undefined && normalise(name) === "total");

/** Counts as text for the import: a number in full, or the publisher's "*" for a suppressed cell. */
const countText = (n: number | "suppressed" | undefined) =>
  n === "suppressed" ? "*" : n === undefined ? undefined : String(n);

function sumOf(values: (number | "suppressed" | undefined)[]): number | "suppressed" | undefined {
  let sum: number | undefined;
  for (const v of values) {
    if (v === "suppressed") return "suppressed";
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum;
}

function read(pathway: Pathway, book: Workbook, context: ReadContext): PublishedRead {
  const format = FORMATS[pathway];
  const layout = readableLayout(pathway, book, context);
  const { sheet, header, early, fiftyTwo, period } = layout;

  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const notes: string[] = [];
  const otherCodes = new Set<string>();
  if (layout.within === undefined)
    notes.push(
      `The file has no "${COUNT_COLUMNS[pathway].within}" column: within 18 weeks is the sum of the bands >0-1 … >17-18.`,
    );

  interface Figures {
    line: number;
    /** cells read, for `at` */
    totalAt: string;
    fiftyTwoAt?: string;
    code: string;
    total: number | "suppressed" | undefined;
    within: number | "suppressed" | undefined;
    fiftyTwo: number | "suppressed" | undefined;
    published: number | "suppressed" | undefined;
  }
  const totals: Figures[] = [];
  /** treatment function rows per CCG, summed only when the file has no Total row */
  const byFunction = new Map<string, Figures & { lastLine: number; rows: number }>();
  let functionRows = 0;

  for (const row of sheet.rows.slice(header.index + 1)) {
    const cells = row.cells;
    const code = (cells[layout.code] ?? "").trim();
    const name = (cell(cells, layout.name) ?? "").trim();
    const kind = commissionerOf(code, name, context);
    if (kind === undefined) continue; // blank rows, captions and footnotes below the table
    const functionCode = cell(cells, layout.functionCode);
    const functionName = cell(cells, layout.functionName);
    // a footnote that happens to sit in the code column has no treatment function and no total
    if (!functionCode && !functionName && numberIn(cell(cells, layout.total)) === undefined) continue;
    const total = isTotal(functionCode, functionName);
    if (kind !== "ccg") {
      count(RTT_SET_ASIDE[kind]);
      if (kind === "other") otherCodes.add(code);
      continue;
    }
    const numbers = {
      total: numberIn(cell(cells, layout.total)),
      within:
        layout.within !== undefined
          ? numberIn(cells[layout.within])
          : sumOf(early.map((b) => numberIn(cells[b.column]))),
      fiftyTwo: fiftyTwo.length ? sumOf(fiftyTwo.map((b) => numberIn(cells[b.column]))) : undefined,
      published: numberIn(cell(cells, layout.percent)),
    };
    const figures: Figures = {
      line: row.row,
      totalAt: cellRef(sheet, book, row.row, layout.within ?? layout.total!),
      ...(fiftyTwo.length ? { fiftyTwoAt: cellRef(sheet, book, row.row, fiftyTwo[0]!.column) } : {}),
      code: code.toUpperCase(),
      ...numbers,
    };
    if (total) {
      totals.push(figures);
      continue;
    }
    functionRows++;
    const sum = byFunction.get(figures.code);
    if (!sum) byFunction.set(figures.code, { ...figures, published: undefined, lastLine: row.row, rows: 1 });
    else {
      sum.total = sumOf([sum.total, figures.total]);
      sum.within = sumOf([sum.within, figures.within]);
      sum.fiftyTwo = sumOf([sum.fiftyTwo, figures.fiftyTwo]);
      sum.lastLine = row.row;
      sum.rows++;
    }
  }

  let figures = totals;
  if (totals.length === 0 && byFunction.size > 0) {
    // No Total row anywhere: each CCG's figure is the sum of its treatment functions.
    figures = [...byFunction.values()].map((f) => ({
      ...f,
      totalAt: `${f.totalAt}…${cellRef(sheet, book, f.lastLine, layout.within ?? layout.total!).replace(/^.*!/, "")}`,
    }));
    notes.push(
      `The file has no Total row (treatment function ${pathway === "incomplete" ? "IP999" : pathway === "admitted" ? "AP999" : "NP999"}, C_999 or "Total"): ` +
        `each CCG's figure is the sum of its ${functionRows.toLocaleString("en-GB")} treatment function rows.`,
    );
  } else if (functionRows) {
    setAside[RTT_SET_ASIDE.function] = (setAside[RTT_SET_ASIDE.function] ?? 0) + functionRows;
  }
  if (otherCodes.size)
    notes.push(`Commissioners that are not CCGs, set aside: ${[...otherCodes].slice(0, 10).join(", ")}.`);

  const rows: RawRow[] = [];
  let disagree = 0;
  for (const f of figures) {
    if (f.total === 0) {
      count(RTT_SET_ASIDE.empty);
      continue;
    }
    const value = percentOf(f.within, f.total) ?? "";
    if (typeof f.published === "number" && value !== "" && value !== "*") {
      const published = f.published <= 1 ? f.published * 100 : f.published;
      if (Math.abs(published - Number(value)) > 0.06) disagree++;
    }
    rows.push({
      line: f.line,
      at: f.totalAt,
      organisation: f.code,
      indicator: format.indicator,
      period,
      value,
      ...(value === "*" ? {} : { numerator: countText(f.within), denominator: countText(f.total) }),
    });
    if (pathway === "incomplete" && f.fiftyTwoAt !== undefined)
      rows.push({
        line: f.line,
        at: f.fiftyTwoAt,
        organisation: f.code,
        indicator: FIFTY_TWO_WEEKS,
        period,
        value: countText(f.fiftyTwo) ?? "",
      });
  }
  if (disagree)
    notes.push(
      `${disagree} row${disagree === 1 ? "" : "s"} give a "% within 18 weeks" that differs from within ÷ total by ` +
        `more than 0.06 points; the figures stored are within ÷ total.`,
    );
  if (pathway === "incomplete" && fiftyTwo.length === 0)
    notes.push(`The file has no "52 plus" band: ${FIFTY_TWO_WEEKS} is not imported.`);
  const adjusted = [titleValue(sheet, "Title"), titleValue(sheet, "Summary"), book.fileName].some((t) =>
    (t ?? "").toLowerCase().replaceAll("unadjusted", "").includes("adj"),
  );
  if (adjusted) notes.push("The file gives adjusted figures (clock pauses taken off), read as they are.");
  return { rows, setAside, notes, period };
}

function formatFor(pathway: Pathway): PublishedFormat {
  const f = FORMATS[pathway];
  return {
    id: f.id,
    title: f.title,
    url: URL,
    recognise: (book) => pathwayOf(book) === pathway,
    read: (book, context) => read(pathway, book, context),
  };
}

export const rttIncomplete = formatFor("incomplete");
export const rttAdmitted = formatFor("admitted");
export const rttNonAdmitted = formatFor("nonadmitted");
