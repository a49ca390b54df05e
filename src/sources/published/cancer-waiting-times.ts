// Cancer waiting times, commissioner based, as NHS England published them in 2013–15 (monthly, and quarterly as
// official statistics): one workbook, one sheet per standard, read into the cancer_* indicators. For each CCG and
// standard: value = patients seen or treated within the standard ÷ all seen or treated × 100, numerator the first,
// denominator the second.
//
// The layout built from, as published at https://www.england.nhs.uk/statistics/statistical-work-areas/cancer-waiting-
// times/ ("Commissioner based" and "Provider based" workbooks per month and per quarter; the standards as listed by
// NCIN's CWT page, ncin.org.uk/collecting_and_using_data/data_collection/gfocw, and the Commons Library note SN/SG/7043,
// "Cancer: Waiting Times for Diagnosis and Treatment", February 2015):
// - one sheet per standard, named for it: "Two Week Wait", "Two Week Wait - Breast Symptoms", "31 Day First
//   Treatment", "31 Day Subsequent - Surgery", "- Drug", "- Radiotherapy", "62 Day (Urgent GP Referral)", "62 Day
//   (Screening)", "62 Day (Consultant Upgrade)"; a contents or notes sheet beside them;
// - title rows naming the standard, the basis ("Commissioner Based") and the period ("Period: December 2014", or
//   "Quarter 3 2014-15", "October to December 2014"); then the header: the commissioner's code and name (and its area
//   team's), "Total" (seen or treated), "Within 14 (31, 62) Days", "After 14 (31, 62) Days" (the breaches) and
//   "% Within 14 (31, 62) Days" as a fraction; the England total first, one row per commissioner, footnotes below.
// Headers worded as the later data extracts word them ("TOTAL TREATED", "WITHIN STANDARD", "BREACHES", "ORG CODE") read
// too, but an extract itself (one sheet, a STANDARD column, rows per cancer type and route) is refused with the reason.
// Where a sheet has a cancer type column, each CCG's "All Cancers" row is imported (or the sum of its types, said so).
//
// Period kinds (src/db/seed/reference.ts): the two-week waits are monthly indicators, the 31- and 62-day standards
// quarterly. A month's file gives the two-week waits of that month; its 31/62-day rows are set aside, since one
// month is not the quarter (stored as the quarter, it would show one month as the quarter's figure and be overwritten
// by the next month's). A quarter's file gives the 31/62-day standards of that quarter; its two-week-wait rows are set
// aside for the same reason. The report says which and why.
//
// A provider-based workbook (one row per trust) is refused with the sentence to import the commissioner-based one:
// trusts are attributed to CCGs for A&E only.
import { ImportFileError, type RawRow } from "../import/report";
import { parsePeriod } from "../periods";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import {
  commissionerOf,
  monthInFileName,
  monthOf,
  normalise,
  numberIn,
  MONTH_IN_TEXT,
  percentOf,
  quarterOf,
  setAsideCounter,
  titleValue,
} from "./layout";
import { cellRef, type Sheet, type SheetRow, type Workbook } from "./workbook";

type Standard =
  | "cancer_2ww"
  | "cancer_2ww_breast"
  | "cancer_31d_first"
  | "cancer_31d_sub_surgery"
  | "cancer_31d_sub_drug"
  | "cancer_31d_sub_radiotherapy"
  | "cancer_62d_gp"
  | "cancer_62d_screening"
  | "cancer_62d_upgrade";

/** as seeded from nhs-constitution-standards-2013-14.json: the two-week waits monthly, the rest quarterly */
const QUARTERLY = (s: Standard) => !s.startsWith("cancer_2ww");

const STANDARD_NAME: Record<Standard, string> = {
  cancer_2ww: "two-week wait",
  cancer_2ww_breast: "two-week wait, breast symptoms",
  cancer_31d_first: "31-day first treatment",
  cancer_31d_sub_surgery: "31-day subsequent treatment, surgery",
  cancer_31d_sub_drug: "31-day subsequent treatment, drugs",
  cancer_31d_sub_radiotherapy: "31-day subsequent treatment, radiotherapy",
  cancer_62d_gp: "62-day from urgent GP referral",
  cancer_62d_screening: "62-day from screening referral",
  cancer_62d_upgrade: "62-day from consultant upgrade",
};

const CODE = ["ccgcode", "commissionercode", "odscode", "orgcode", "organisationcode", "code", "commissioner"];
const NAME = ["ccgname", "commissionername", "orgname", "organisationname", "name"];
const PROVIDER = ["providercode", "trustcode", "provider", "trust"];
const TOTAL = [
  "total",
  "totalseen",
  "totaltreated",
  "totalpatientsseen",
  "totalpatientstreated",
  "patientsseen",
  "patientstreated",
  "numberseen",
  "numbertreated",
  "seen",
  "treated",
];
const TYPE = ["cancertype", "tumourtype", "suspectedcancertype", "suspectedcancer", "cancersite", "tumoursite"];
const ALL_TYPES = new Set(["allcancers", "all", "total", "allcancertypes", "alltumourtypes"]);
const WITHIN = /^(?:seen|treated|patientsseen|patientstreated|numberseen|numbertreated)?within(14|31|62)days$/;

interface Columns {
  index: number;
  row: SheetRow;
  code?: number;
  name?: number;
  provider?: number;
  total?: number;
  within: number;
  /** 14, 31 or 62 from "Within 31 Days"; undefined for "Within Standard" */
  days?: number;
  type?: number;
}

/** The header: the first row with a "Within N Days" (or "Within Standard") count, not its % column. */
function headerOf(sheet: Sheet, within = 40): Columns | undefined {
  for (let index = 0; index < Math.min(within, sheet.rows.length); index++) {
    const row = sheet.rows[index]!;
    const columns = new Map<string, number>();
    let pick: { column: number; days?: number } | undefined;
    row.cells.forEach((cell, i) => {
      const n = normalise(cell);
      if (!n) return;
      const percent = /%|percent|performance|proportion/i.test(cell);
      if (!percent && !columns.has(n)) columns.set(n, i);
      const m = WITHIN.exec(n);
      if (!percent && !pick && (m || n === "withinstandard")) pick = { column: i, days: m ? Number(m[1]) : undefined };
    });
    if (!pick) continue;
    const first = (names: string[]) => names.map((a) => columns.get(a)).find((c) => c !== undefined);
    const code = first(CODE);
    const provider = first(PROVIDER);
    if (code === undefined && provider === undefined) continue;
    return {
      index,
      row,
      code,
      name: first(NAME),
      provider,
      total: first(TOTAL),
      within: pick.column,
      days: pick.days,
      type: first(TYPE),
    };
  }
  return undefined;
}

/** The title rows above the header, each as one line of text: what says which standard and period it is. */
function titlesOf(sheet: Sheet, header: Columns): string[] {
  return sheet.rows
    .slice(0, header.index)
    .map((r) =>
      r.cells
        .map((c) => c.trim())
        .filter((c) => c !== "")
        .join(" "),
    )
    .filter((t) => t !== "");
}

const NAMES_A_STANDARD = /2\s*ww|two[\s-]*week|\b(14|31|62)\b/i;

/** Which standard a sheet holds, from its name (when it names one) or else its title rows, and the days counted. */
function standardOf(sheet: Sheet, header: Columns): Standard | undefined {
  const text = NAMES_A_STANDARD.test(sheet.name) ? sheet.name : titlesOf(sheet, header).join(" ");
  const days =
    header.days ??
    (/2\s*ww|two[\s-]*week|\b14\b/i.test(text) ? 14 : /\b31\b/.test(text) ? 31 : /\b62\b/.test(text) ? 62 : undefined);
  if (days === 14) return /breast/i.test(text) ? "cancer_2ww_breast" : "cancer_2ww";
  if (days === 31) {
    if (/subsequent|second|\bsub\b/i.test(text)) {
      if (/surg/i.test(text)) return "cancer_31d_sub_surgery";
      if (/drug/i.test(text)) return "cancer_31d_sub_drug";
      if (/radio/i.test(text)) return "cancer_31d_sub_radiotherapy";
      return undefined; // "other" subsequent treatments: no standard of ours
    }
    return "cancer_31d_first";
  }
  if (days === 62) {
    if (/screen/i.test(text)) return "cancer_62d_screening";
    if (/upgrade/i.test(text)) return "cancer_62d_upgrade";
    return "cancer_62d_gp";
  }
  return undefined;
}

export const cancerWaitingTimes: PublishedFormat = {
  id: "cancer-waiting-times",
  title: "Cancer waiting times, commissioner based (NHS England)",
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/cancer-waiting-times/",
  recognise: (book) => book.sheets.some((s) => headerOf(s) !== undefined),
  read,
};

interface Period {
  kind: "month" | "quarter";
  /** as periods.ts reads it: "2014-12" or "2014/15 Q3" */
  text: string;
}

function read(book: Workbook, context: ReadContext): PublishedRead {
  const sheets = book.sheets.flatMap((sheet) => {
    const header = headerOf(sheet);
    return header ? [{ sheet, header }] : [];
  });
  const extract = sheets.find((s) => s.header.row.cells.some((c) => normalise(c) === "standard"));
  if (extract)
    throw new ImportFileError(
      extract.header.row.row,
      `the "${extract.sheet.name}" sheet is a data extract (one row per standard, with a STANDARD column), the ` +
        "layout published from 2020; I read the workbooks of one sheet per standard (2013–15). Import the " +
        "commissioner-based workbook of the period instead.",
    );
  const provider = sheets.find(
    (s) =>
      (s.header.code === undefined && s.header.provider !== undefined) ||
      /provider/i.test(titleValue(s.sheet, "Basis") ?? "") ||
      titlesOf(s.sheet, s.header).some((t) => /provider[\s-]*based/i.test(t)),
  );
  if (provider)
    throw new ImportFileError(
      0,
      `this is the provider-based workbook (sheet "${provider.sheet.name}": one row per trust). CCG figures come ` +
        "from the commissioner-based workbook of the same period; trusts are attributed to CCGs for A&E only. " +
        'Import the "Commissioner based" cancer waiting times workbook instead.',
    );

  const period = periodOf(book, sheets[0]!.sheet, sheets[0]!.header, context.period);
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const notes: string[] = [];
  const rows: RawRow[] = [];
  const taken = new Map<Standard, string>();
  const wrongKind: Standard[] = [];

  for (const { sheet, header } of sheets) {
    const standard = standardOf(sheet, header);
    const dataRows = sheet.rows.slice(header.index + 1);
    const figureRows = dataRows.filter((r) => numberIn(r.cells[header.within]) !== undefined);
    if (!standard) {
      for (let i = 0; i < figureRows.length; i++) count(`rows of the "${sheet.name}" sheet (no standard of ours)`);
      continue;
    }
    if (taken.has(standard)) {
      for (let i = 0; i < figureRows.length; i++)
        count(
          `rows of the "${sheet.name}" sheet (a second ${STANDARD_NAME[standard]} sheet: "${taken.get(standard)}" is imported)`,
        );
      continue;
    }
    taken.set(standard, sheet.name);
    if (header.total === undefined)
      throw new ImportFileError(
        header.row.row,
        `the "${sheet.name}" sheet has no "Total" column (header row ${header.row.row}): I need the patients seen or ` +
          "treated in all to work out the % within the standard.",
      );
    const total = header.total;
    const mismatch = QUARTERLY(standard) !== (period.kind === "quarter");
    if (mismatch) wrongKind.push(standard);

    // One figure per CCG: its row, or its "All Cancers" row, or the sum of its cancer types.
    const groups = new Map<string, SheetRow[]>();
    for (const row of dataRows) {
      const who = commissionerOf(cell(row, header.code), cell(row, header.name), context.organisations);
      if (!who) continue;
      const figures = numberIn(row.cells[total]) !== undefined || numberIn(row.cells[header.within]) !== undefined;
      if (!figures && !("ccg" in who)) continue; // a footnote
      if ("setAside" in who) {
        count(who.setAside);
        continue;
      }
      const list = groups.get(who.ccg) ?? [];
      list.push(row);
      groups.set(who.ccg, list);
    }
    for (const [ccg, list] of groups) {
      let chosen = list;
      if (header.type !== undefined) {
        const all = list.filter((r) => ALL_TYPES.has(normalise(cell(r, header.type))));
        if (all.length) {
          for (let i = 0; i < list.length - all.length; i++)
            count("rows per cancer type (the All Cancers row is imported)");
          chosen = all;
        }
      }
      if (mismatch) {
        for (let i = 0; i < chosen.length; i++)
          count(
            period.kind === "month"
              ? "31- and 62-day rows of a single month (quarterly indicators: import the quarter's workbook)"
              : "two-week-wait rows of a whole quarter (monthly indicators: import each month's workbook)",
          );
        continue;
      }
      const sum = (column: number) =>
        chosen
          .map((r) => numberIn(r.cells[column]))
          .reduce<number | "suppressed" | undefined>(
            (a, b) =>
              a === "suppressed" || b === "suppressed"
                ? "suppressed"
                : a === undefined || b === undefined
                  ? undefined
                  : a + b,
            0,
          );
      const within = chosen.length === 1 ? numberIn(chosen[0]!.cells[header.within]) : sum(header.within);
      const all = chosen.length === 1 ? numberIn(chosen[0]!.cells[total]) : sum(total);
      if (chosen.length > 1) {
        for (let i = 1; i < chosen.length; i++) count("rows per cancer type (added into their CCG's figure)");
      }
      if (all === 0) {
        count("CCGs with no patients for the standard (total 0)");
        continue;
      }
      const first = chosen[0]!;
      const text = (n: number | "suppressed" | undefined, raw: string | undefined) =>
        n === "suppressed" ? "*" : n === undefined ? (raw ?? "").trim() : String(n);
      const at = cellRef(sheet, book, first.row, header.within);
      const last = chosen[chosen.length - 1]!;
      rows.push({
        line: first.row,
        at: first === last ? at : `${at}…${cellRef(sheet, book, last.row, header.within).replace(/^.*!/, "")}`,
        organisation: ccg,
        indicator: standard,
        period: period.text,
        value: percentOf(within, all) ?? text(within, first.cells[header.within]),
        numerator: text(within, first.cells[header.within]),
        denominator: text(all, first.cells[total]),
      });
    }
  }
  if (taken.size === 0)
    throw new ImportFileError(
      0,
      "none of its sheets is a cancer waiting times standard I know (two-week, 31- or 62-day).",
    );
  notes.push(
    `Sheets read as standards: ${[...taken].map(([s, sheet]) => `${STANDARD_NAME[s]} ("${sheet}")`).join(", ")}; ` +
      "% = within the standard ÷ total.",
  );
  if (wrongKind.length)
    notes.push(
      period.kind === "month"
        ? `This is one month's workbook: the 31- and 62-day standards are quarterly indicators, so their rows are set ` +
            `aside (a month is not the quarter). Import the quarter's commissioner workbook for them.`
        : `This is a quarter's workbook: the two-week waits are monthly indicators, so their rows are set aside. ` +
            `Import each month's commissioner workbook for them.`,
    );
  return { rows, setAside, notes, period: period.text };
}

const cell = (row: SheetRow, column: number | undefined) =>
  column === undefined ? "" : (row.cells[column] ?? "").trim();

/** The period: --period, else the title rows (a "Period:" row, a quarter, a month), else the file's name. */
function periodOf(book: Workbook, sheet: Sheet, header: Columns, option: string | undefined): Period {
  const readText = (text: string): Period | undefined => {
    const q = quarterOf(text);
    if (q) return { kind: "quarter", text: q };
    const m = monthOf(text);
    return m ? { kind: "month", text: m } : undefined;
  };
  const check = (p: Period, from: string, given: string): Period => {
    const parsed = parsePeriod(p.text, p.kind === "month" ? "MONTH" : "QUARTER");
    if (!parsed.ok) throw new ImportFileError(0, `the period from ${from} ("${given}") is wrong: ${parsed.reason}.`);
    return p;
  };
  const refuse = (from: string, given: string) =>
    new ImportFileError(
      0,
      `I can't read the period from ${from} ("${given}"). Give it with --period: a month ("Dec 2014") for a monthly ` +
        'workbook, a quarter ("2014/15 Q3") for a quarterly one.',
    );
  if (option !== undefined) {
    const p = readText(option);
    if (!p) throw refuse("--period", option);
    return check(p, "--period", option);
  }
  const labelled = titleValue(sheet, "Period");
  if (labelled !== undefined) {
    const p = readText(labelled);
    if (!p) throw refuse('the "Period:" row', labelled);
    return check(p, 'the "Period:" row', labelled);
  }
  const titles = titlesOf(sheet, header).filter((t) => !/^(published|revised|contact|source|next)/i.test(t));
  for (const t of titles) {
    const q = quarterOf(t);
    if (q) return check({ kind: "quarter", text: q }, "the title", t);
  }
  for (const t of titles) {
    const m = MONTH_IN_TEXT.exec(t);
    const month = m ? monthOf(`${m[1]} ${m[2]}`) : undefined;
    if (month) return check({ kind: "month", text: month }, "the title", t);
  }
  const q = quarterOf(book.fileName);
  if (q) return check({ kind: "quarter", text: q }, "the file's name", book.fileName);
  const m = monthInFileName(book.fileName);
  if (m) return check({ kind: "month", text: m }, "the file's name", book.fileName);
  throw new ImportFileError(
    0,
    "I can't tell which period the workbook describes: its title rows name no month or quarter, and neither does " +
      'its name. Give it with --period: a month ("Dec 2014") or a quarter ("2014/15 Q3").',
  );
}
