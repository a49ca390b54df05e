// Where the RTT commissioner files (described at the top of rtt-commissioner.ts) put things: the header row and its
// columns, found by their text; the week bands; the pathway type a file gives; and the month it is for. The figures
// are computed from the rows in rtt-commissioner.ts.
import { ImportFileError } from "../import/report";
import { parsePeriod } from "../periods";
import type { ReadContext } from "./format";
import { columnOf, findHeader, periodOf, titleValue, type Header } from "./layout";
import type { Sheet, Workbook } from "./workbook";

export type Pathway = "incomplete" | "admitted" | "nonadmitted";

const CODE = ["commissionercode", "commissionerorgcode", "orgcode"];
const NAME = ["commissionername", "commissionerorgname", "orgname"];
const FUNCTION_CODE = ["treatmentfunctioncode"];
const FUNCTION_NAME = ["treatmentfunction", "treatmentfunctionname"];
const INCOMPLETE_TOTAL = ["totalnumberofincompletepathways"];
const INCOMPLETE_WITHIN = ["totalwithin18weeks"];
const COMPLETED_TOTAL = [
  "totalnumberofcompletedpathwayswithaknownclockstart",
  "totalnumberofcompletedpathwayswithknownclockstart",
];
const COMPLETED_WITHIN = ["totalwithaknownclockstartwithin18weeks", "totalwithknownclockstartwithin18weeks"];
const COMPLETED_ALL = ["totalnumberofcompletedpathwaysall"];
const PERCENT = ["within18weeks"];

/** The count columns as each file's header words them, for the messages that say one is missing. */
export const COUNT_COLUMNS: Record<Pathway, { total: string; within: string }> = {
  incomplete: { total: "Total number of incomplete pathways", within: "Total within 18 weeks" },
  admitted: {
    total: "Total number of completed pathways (with a known clock start)",
    within: "Total (with a known clock start) within 18 weeks",
  },
  nonadmitted: {
    total: "Total number of completed pathways (with a known clock start)",
    within: "Total (with a known clock start) within 18 weeks",
  },
};

/** A week band as the header names it, with its lower bound: ">0-1" → 0, ">17-18" → 17, "52 plus" → 52. */
function bandFrom(header: string): number | undefined {
  const t = header.trim().toLowerCase();
  let m = /^>\s*(\d+)\s*-\s*(\d+)$/.exec(t);
  if (m && Number(m[2]) === Number(m[1]) + 1) return Number(m[1]);
  m = /^(\d+)\s*plus$/.exec(t) ?? /^>\s*(\d+)$/.exec(t);
  if (m) return Number(m[1]);
  // the later full extract: "Gt 17 To 18 Weeks SUM 1", "Gt 104 Weeks SUM 1"
  m = /^gt\s*(\d+)\s*(?:to\s*(\d+)\s*)?weeks?/.exec(t);
  if (m) return Number(m[1]);
  return undefined;
}

export interface Layout {
  sheet: Sheet;
  header: Header;
  code: number;
  name: number | undefined;
  functionCode: number | undefined;
  functionName: number | undefined;
  total: number | undefined;
  within: number | undefined;
  percent: number | undefined;
  /** week bands: column and lower bound */
  bands: { column: number; from: number }[];
}

function layoutOf(book: Workbook): Layout | undefined {
  for (const sheet of book.sheets) {
    const header = findHeader(sheet, [CODE, [...FUNCTION_CODE, ...FUNCTION_NAME]]);
    if (!header) continue;
    const code = columnOf(header, ...CODE)!;
    const bands: Layout["bands"] = [];
    header.row.cells.forEach((cell, column) => {
      const from = bandFrom(cell);
      if (from !== undefined) bands.push({ column, from });
    });
    return {
      sheet,
      header,
      code,
      name: columnOf(header, ...NAME),
      functionCode: columnOf(header, ...FUNCTION_CODE),
      functionName: columnOf(header, ...FUNCTION_NAME),
      total: columnOf(header, ...INCOMPLETE_TOTAL, ...COMPLETED_TOTAL),
      within: columnOf(header, ...COMPLETED_WITHIN, ...INCOMPLETE_WITHIN),
      percent: columnOf(header, ...PERCENT),
      bands,
    };
  }
  return undefined;
}

/** Which pathways a file gives: from its header where it says (incomplete vs completed), then its titles and name. */
export function pathwayOf(book: Workbook): Pathway | undefined {
  const layout = layoutOf(book);
  if (!layout) return undefined;
  const { header, sheet } = layout;
  const has = (names: string[]) => names.some((n) => header.columns.has(n));
  const said = [titleValue(sheet, "Summary"), titleValue(sheet, "Title"), sheet.name, book.fileName]
    .filter((t): t is string => t !== undefined)
    .map((t) => t.toLowerCase().replace(/[\s_-]+/g, ""));
  const says = (word: string) => said.find((t) => t.includes(word)) !== undefined;
  // "nonadmitted" contains "admitted": ask for it first
  const clue: Pathway | undefined = says("nonadmitted")
    ? "nonadmitted"
    : says("incomplete")
      ? "incomplete"
      : says("admitted")
        ? "admitted"
        : undefined;
  if (has(INCOMPLETE_TOTAL)) return "incomplete";
  if (has(COMPLETED_ALL) || has(COMPLETED_TOTAL)) return clue === "incomplete" ? undefined : clue;
  return clue;
}

/** A layout the figures can be computed from, with the bands they sum and the month, or the error that says why not. */
export interface ReadableLayout extends Layout {
  /** the bands below 18 weeks, summed when there is no "within 18 weeks" column */
  early: Layout["bands"];
  /** the bands from 52 weeks up (incomplete pathways only) */
  fiftyTwo: Layout["bands"];
  period: string;
}

export function readableLayout(pathway: Pathway, book: Workbook, context: ReadContext): ReadableLayout {
  const words = COUNT_COLUMNS[pathway];
  const layout = layoutOf(book);
  if (!layout)
    throw new ImportFileError(
      0,
      `I can't find the header row: no row in the first 40 has "Commissioner Code" and "Treatment Function Code".`,
    );
  const { sheet, header } = layout;
  const missing = [
    layout.total === undefined ? `"${words.total}"` : undefined,
    layout.functionCode === undefined && layout.functionName === undefined ? `"Treatment Function Code"` : undefined,
  ].filter(Boolean);
  if (missing.length)
    throw new ImportFileError(
      header.row.row,
      `the header row (row ${header.row.row}) has no ${missing.join(" and no ")} column, so I can't work out ` +
        `the share within 18 weeks. Is this the ${pathway === "incomplete" ? "incomplete" : "completed"} pathways file?`,
    );
  const early = layout.bands.filter((b) => b.from < 18);
  if (layout.within === undefined && early.length < 18)
    throw new ImportFileError(
      header.row.row,
      `the header row (row ${header.row.row}) has no "${words.within}" column and not the 18 week bands ` +
        `(">0-1" … ">17-18") it could be summed from.`,
    );
  const period = periodOf(book, sheet, context.period);
  const parsed = parsePeriod(period, "MONTH");
  if (!parsed.ok)
    throw new ImportFileError(
      0,
      `I can't read the file's period: ${parsed.reason}. Give it with --period, e.g. --period "Dec 2014".`,
    );
  const fiftyTwo = pathway === "incomplete" ? layout.bands.filter((b) => b.from >= 52) : [];
  return { ...layout, early, fiftyTwo, period };
}
