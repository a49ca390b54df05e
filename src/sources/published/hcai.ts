// MRSA bacteraemia and C. difficile infection: Public Health England's (before April 2013 the Health Protection
// Agency's) monthly mandatory-surveillance tables by CCG, read into mrsa_bacteraemia and c_difficile (counts of cases
// a month attributed to the CCG's population). Each CCG is judged against its own objective (table CcgObjective,
// `--format ccg-objectives`), not a national number: src/core/indicators/objectives.ts.
//
// The layout read (HPA / PHE "MRSA bacteraemia: monthly data by CCG" and "C. difficile infection: monthly data by
// CCG", https://www.gov.uk/government/statistics/mrsa-bacteraemia-monthly-data-by-location-of-onset and the earlier
// HPA pages for "MRSA reports by Primary Care Organisation" / "CDI reports by PCO", tables 6a and 4a): one workbook a
// month holding the last 13 months, one row per organisation and one column per month:
//   - title rows: "Table 6a: Monthly counts of MRSA bacteraemia by CCG" (or "... C. difficile infections in patients
//     aged 2 years and over by CCG"), the data date, notes;
//   - the header: "Area Team Code" (or region), "CCG Code" (ODS) and/or "ONS Code" (E38…), "CCG Name", then a
//     column per month ("Dec-13", "Jan 2014", or a date cell) for 13 months;
//   - England's row and area-team subtotals beside the CCGs; "-" or "*" where a count is not available; notes below.
// Each CCG × month cell becomes one figure; England, area teams and other rows are set aside and counted.
import { ImportFileError, type RawRow } from "../import/report";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { columnOf, commissionerOf, findHeader, monthOf, numberIn, setAsideCounter, type Header } from "./layout";
import { cellRef, type Sheet, type Workbook } from "./workbook";

type Infection = "mrsa" | "cdiff";

const CODE = ["ccgcode", "organisationcode", "orgcode", "odscode", "commissionercode", "code"];
const ONS = ["onscode", "ccgonscode", "onsorganisationcode"];
const NAME = ["ccgname", "organisationname", "orgname", "name", "commissionername"];

const SPEC: Record<Infection, { id: string; title: string; indicator: string; names: RegExp; url: string }> = {
  mrsa: {
    id: "hcai-mrsa",
    title: "MRSA bacteraemia, monthly counts by CCG (PHE)",
    indicator: "mrsa_bacteraemia",
    names: /\bmrsa\b|meticillin[- ]resistant|methicillin[- ]resistant/i,
    url: "https://www.gov.uk/government/statistics/mrsa-bacteraemia-monthly-data-by-location-of-onset",
  },
  cdiff: {
    id: "hcai-cdiff",
    title: "C. difficile infections, monthly counts by CCG (PHE)",
    indicator: "c_difficile",
    names: /difficile|\bcdi\b/i,
    url: "https://www.gov.uk/government/statistics/c-difficile-infection-monthly-data-by-prior-trust-exposure",
  },
};

interface Table {
  sheet: Sheet;
  header: Header;
  code: number | undefined;
  ons: number | undefined;
  name: number | undefined;
  /** column → month ("2014-12") */
  months: Map<number, string>;
}

/** The sheet whose header has a code and at least three month columns, and whose title names the infection. */
function tableOf(book: Workbook, infection: Infection): Table | undefined {
  for (const sheet of book.sheets) {
    const header = findHeader(sheet, [[...CODE, ...ONS], NAME]);
    if (!header) continue;
    const months = new Map<number, string>();
    header.row.cells.forEach((cell, i) => {
      const m = cell.trim() ? monthOf(cell) : undefined;
      if (m) months.set(i, m);
    });
    if (months.size < 3) continue;
    const titles = [sheet.name, book.fileName, ...sheet.rows.slice(0, header.index).flatMap((r) => r.cells)].join(" ");
    if (!SPEC[infection].names.test(titles)) continue;
    return {
      sheet,
      header,
      code: columnOf(header, ...CODE),
      ons: columnOf(header, ...ONS),
      name: columnOf(header, ...NAME),
      months,
    };
  }
  return undefined;
}

function read(infection: Infection, book: Workbook, context: ReadContext): PublishedRead {
  const table = tableOf(book, infection);
  if (!table)
    throw new ImportFileError(
      0,
      "I can't find the table: it needs a header with the CCG code (or ONS code) and name and a column per month.",
    );
  const { sheet, header } = table;
  const setAside: Record<string, number> = {};
  const count = setAsideCounter(setAside);
  const rows: RawRow[] = [];
  let onsMapped = 0;
  const only = context.period;
  for (const r of sheet.rows.slice(header.index + 1)) {
    const cell = (c: number | undefined) => (c === undefined ? "" : (r.cells[c] ?? "").trim());
    let code = cell(table.code).toUpperCase();
    const ons = cell(table.ons).toUpperCase();
    if ((!code || /^E\d{8}$/.test(code)) && (ons || code)) {
      const given = ons || code;
      if (given === "E92000001") code = "X24";
      else if (/^E38\d{6}$/.test(given)) {
        const ods = context.onsToOds?.get(given);
        if (ods) [code, onsMapped] = [ods, onsMapped + 1];
        else {
          count("CCGs whose ONS code is not one of ours");
          continue;
        }
      } else if (/^E3[9A]\d{6}$|^E40\d{6}$/.test(given)) {
        count("area team and region rows");
        continue;
      }
    }
    // an area team's subtotal: no CCG code, the area team named
    if (!code && /\barea team\b|\bregion\b/i.test(cell(table.name))) {
      count("area team rows (Q…)");
      continue;
    }
    const who = commissionerOf(code, cell(table.name), context.organisations);
    if (!who) continue; // blank rows and notes
    if ("setAside" in who) {
      count(who.setAside);
      continue;
    }
    for (const [column, month] of table.months) {
      if (only !== undefined && month !== monthOf(only)) continue;
      const text = cell(column);
      const n = numberIn(text);
      if (n === undefined && text === "") continue;
      rows.push({
        line: r.row,
        at: cellRef(sheet, book, r.row, column),
        organisation: who.ccg,
        indicator: SPEC[infection].indicator,
        period: month,
        value: n === "suppressed" ? "*" : text.replaceAll(",", ""),
      });
    }
  }
  const months = [...table.months.values()].sort();
  const notes = [
    `One figure per CCG and month from the "${sheet.name}" sheet: ${months.length} months, ${months[0]} to ${months.at(-1)}` +
      (only !== undefined ? ` (only ${monthOf(only) ?? only}, as --period asks)` : "") +
      `. Each CCG is judged against its own objective (--format ccg-objectives).`,
  ];
  if (onsMapped) notes.push(`${onsMapped} CCG rows given by ONS code (E38…), mapped to ODS codes.`);
  return { rows, setAside, notes, period: only ?? `${months[0]} to ${months.at(-1)}` };
}

function formatFor(infection: Infection): PublishedFormat {
  const spec = SPEC[infection];
  return {
    id: spec.id,
    title: spec.title,
    url: spec.url,
    recognise: (book) => tableOf(book, infection) !== undefined,
    read: (book, context) => read(infection, book, context),
  };
}

export const hcaiMrsa = formatFor("mrsa");
export const hcaiCdiff = formatFor("cdiff");
