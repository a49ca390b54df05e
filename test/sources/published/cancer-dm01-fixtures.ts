// Fixtures for the cancer waiting times and DM01 readers, in the shapes NHS England published in 2013–15 (see the
// comments at the top of src/sources/published/cancer-waiting-times.ts and dm01.ts): title rows, the header with its
// real wording (merged group headers where the files have them), the England total, area-team and other
// non-CCG rows, suppressed cells, percentages as fractions, and footnotes under the table. Written by the tests to a
// temporary folder as .xls (BIFF8), .xlsx or CSV through SheetJS.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as XLSX from "@e965/xlsx";

/** 22 CCGs of April 2013 (prisma/reference/ccgs-2013.csv), each with its area team. */
export const CCGS: [code: string, name: string, areaTeam: string][] = [
  ["00C", "NHS Darlington CCG", "Q45"],
  ["00D", "NHS Durham Dales, Easington and Sedgefield CCG", "Q45"],
  ["00N", "NHS South Tyneside CCG", "Q49"],
  ["01A", "NHS East Lancashire CCG", "Q47"],
  ["01M", "NHS North Manchester CCG", "Q46"],
  ["02D", "NHS Vale Royal CCG", "Q44"],
  ["02R", "NHS Bradford Districts CCG", "Q52"],
  ["03E", "NHS Harrogate and Rural District CCG", "Q50"],
  ["03Q", "NHS Vale of York CCG", "Q50"],
  ["04E", "NHS Mansfield & Ashfield CCG", "Q55"],
  ["04Q", "NHS South West Lincolnshire CCG", "Q59"],
  ["05G", "NHS North Staffordshire CCG", "Q60"],
  ["05V", "NHS Stafford and Surrounds CCG", "Q60"],
  ["06L", "NHS Ipswich and East Suffolk CCG", "Q56"],
  ["07G", "NHS Thurrock CCG", "Q57"],
  ["07R", "NHS Camden CCG", "Q71"],
  ["08E", "NHS Harrow CCG", "Q71"],
  ["08P", "NHS Richmond CCG", "Q71"],
  ["09C", "NHS Ashford CCG", "Q67"],
  ["09P", "NHS Hastings & Rother CCG", "Q68"],
  ["10H", "NHS Chiltern CCG", "Q69"],
  ["99A", "NHS Liverpool CCG", "Q48"],
];

export type Cell = string | number | null;
export interface FixtureSheet {
  name: string;
  rows: Cell[][];
  /** merged ranges as the file has them ("D7:G7") */
  merges?: string[];
}

/** Writes the sheets as a workbook (.xls, .xlsx) or the first sheet as CSV; returns the file's path. */
export async function writeBook(
  dir: string,
  fileName: string,
  sheets: FixtureSheet[],
  kind: "xls" | "xlsx" | "csv" = fileName.endsWith(".csv") ? "csv" : fileName.endsWith(".xlsx") ? "xlsx" : "xls",
): Promise<string> {
  const book = XLSX.utils.book_new();
  for (const s of sheets) {
    const sheet = XLSX.utils.aoa_to_sheet(s.rows);
    if (s.merges) sheet["!merges"] = s.merges.map((m) => XLSX.utils.decode_range(m));
    XLSX.utils.book_append_sheet(book, sheet, s.name);
  }
  const file = path.join(dir, fileName);
  if (kind === "csv") await writeFile(file, XLSX.utils.sheet_to_csv(book.Sheets[sheets[0]!.name]!));
  else await writeFile(file, XLSX.write(book, { type: "buffer", bookType: kind }) as Buffer);
  return file;
}

// ---- Cancer waiting times ----------------------------------------------------------------------------------

export interface CancerStandardSheet {
  sheet: string;
  indicator: string;
  title: string;
  days: 14 | 31 | 62;
  /** what the total column says */
  total: string;
}

/** The nine standards' sheets, named and titled as the commissioner-based workbooks of 2013–15. */
export const CANCER_SHEETS: CancerStandardSheet[] = [
  {
    sheet: "Two Week Wait",
    indicator: "cancer_2ww",
    title: "Two week wait from urgent GP referral for suspected cancer to first outpatient attendance",
    days: 14,
    total: "TOTAL",
  },
  {
    sheet: "Two Week Wait - Breast Symptoms",
    indicator: "cancer_2ww_breast",
    title: "Two week wait for patients with breast symptoms (where cancer was not initially suspected)",
    days: 14,
    total: "TOTAL",
  },
  {
    sheet: "31 Day First Treatment",
    indicator: "cancer_31d_first",
    title: "31 day wait from diagnosis (decision to treat) to first definitive treatment for all cancers",
    days: 31,
    total: "TOTAL TREATED",
  },
  {
    sheet: "31 Day Subsequent - Surgery",
    indicator: "cancer_31d_sub_surgery",
    title: "31 day wait for second or subsequent treatment: surgery",
    days: 31,
    total: "TOTAL TREATED",
  },
  {
    sheet: "31 Day Subsequent - Drug",
    indicator: "cancer_31d_sub_drug",
    title: "31 day wait for second or subsequent treatment: anti-cancer drug regimen",
    days: 31,
    total: "TOTAL TREATED",
  },
  {
    sheet: "31 Day Sub - Radiotherapy",
    indicator: "cancer_31d_sub_radiotherapy",
    title: "31 day wait for second or subsequent treatment: radiotherapy",
    days: 31,
    total: "TOTAL TREATED",
  },
  {
    sheet: "62 Day (Urgent GP Referral)",
    indicator: "cancer_62d_gp",
    title: "62 day wait from urgent GP referral for suspected cancer to first definitive treatment",
    days: 62,
    total: "TOTAL TREATED",
  },
  {
    sheet: "62 Day (Screening)",
    indicator: "cancer_62d_screening",
    title: "62 day wait from urgent referral from an NHS cancer screening programme to first definitive treatment",
    days: 62,
    total: "TOTAL TREATED",
  },
  {
    sheet: "62 Day (Consultant Upgrade)",
    indicator: "cancer_62d_upgrade",
    title: "62 day wait from a consultant's decision to upgrade the patient's priority to first definitive treatment",
    days: 62,
    total: "TOTAL TREATED",
  },
];

/** A CCG's counts for a standard (sheet s, CCG i): total and within; "*" where suppressed; 0 patients for one. */
export function cancerCounts(s: number, i: number): { total: number | "*"; within: number | "*" } {
  if (i === 4) return { total: "*", within: "*" }; // suppressed: fewer than 5 patients
  if (s === 8 && i === 5) return { total: 0, within: 0 }; // no consultant upgrades this period
  const total = 40 + 13 * i + 7 * s;
  return { total, within: total - ((i + s) % 7) };
}

export interface CancerOptions {
  /** the period as the title rows give it; omitted: no period in the titles */
  period?: string;
  /** "Commissioner" (default) or "Provider" */
  basis?: "Commissioner" | "Provider";
  /** leave out the total column (a broken file) */
  noTotal?: boolean;
  sheets?: CancerStandardSheet[];
}

/** One commissioner-based cancer waiting times workbook: one sheet per standard, and a contents sheet. */
export function cancerWorkbook(options: CancerOptions = {}): FixtureSheet[] {
  const basis = options.basis ?? "Commissioner";
  const standards = options.sheets ?? CANCER_SHEETS;
  const contents: FixtureSheet = {
    name: "Contents",
    rows: [
      ["Cancer Waiting Times - " + basis + " Based"],
      [],
      ...standards.map((s) => [s.sheet, s.title]),
      [],
      ["Source: Cancer Waiting Times database (Open Exeter)"],
    ],
  };
  return [
    contents,
    ...standards.map((s, si): FixtureSheet => {
      const n = s.days;
      const provider = basis === "Provider";
      const head = [
        provider ? "PROVIDER CODE" : "AREA TEAM CODE",
        provider ? "PROVIDER NAME" : "CCG CODE",
        provider ? "CANCER TYPE" : "CCG NAME",
        ...(options.noTotal ? [] : [s.total]),
        `WITHIN ${n} DAYS`,
        `AFTER ${n} DAYS`,
        `% WITHIN ${n} DAYS`,
      ];
      const row = (at: string, code: string, name: string, total: number | "*", within: number | "*"): Cell[] => [
        at,
        code,
        name,
        ...(options.noTotal ? [] : [total]),
        within,
        total === "*" || within === "*" ? "*" : total - within,
        total === "*" || within === "*" || total === 0 ? "*" : within / total,
      ];
      const counts = CCGS.map((_, i) => cancerCounts(si, i));
      const sum = (pick: (c: { total: number | "*"; within: number | "*" }) => number | "*") =>
        counts.reduce<number>((a, c) => a + (typeof pick(c) === "number" ? (pick(c) as number) : 0), 0);
      const rows: Cell[][] = [
        [`Cancer Waiting Times - ${basis} Based`],
        [s.title],
        ...(options.period ? [["Period:", options.period]] : []),
        ["Basis:", basis],
        ["Published:", "12 February 2015"],
        [],
        [null, null, null, "ALL CANCERS"],
        head,
        row("", "X24", "ENGLAND", sum((c) => c.total) + 1000, sum((c) => c.within) + 900),
        row("Q45", "Q45", "Durham, Darlington and Tees Area Team", 120, 110),
        row("Q71", "Q71", "London Commissioning Region", 310, 290),
        ...CCGS.map(([code, name, at], i) =>
          provider
            ? row(code, `R${code}`, "ALL CANCERS", counts[i]!.total, counts[i]!.within)
            : row(at, code, name, counts[i]!.total, counts[i]!.within),
        ),
        [],
        ["Notes:"],
        ["* Figures for fewer than 5 patients are suppressed."],
        ["% within the standard is the number within it divided by the total."],
      ];
      const group = rows.findIndex((r) => r[3] === "ALL CANCERS") + 1;
      return { name: s.sheet, rows, merges: [`D${group}:G${group}`] };
    }),
  ];
}

// ---- DM01 --------------------------------------------------------------------------------------------------

export const DM01_TESTS = [
  "Magnetic Resonance Imaging",
  "Computed Tomography",
  "Non-obstetric ultrasound",
  "Barium Enema",
  "DEXA Scan",
  "Audiology - Audiology Assessments",
  "Cardiology - echocardiography",
  "Cardiology - electrophysiology",
  "Neurophysiology - peripheral neurophysiology",
  "Respiratory physiology - sleep studies",
  "Urodynamics - pressures & flows",
  "Colonoscopy",
  "Flexi sigmoidoscopy",
  "Cystoscopy",
  "Gastroscopy",
];

const BANDS = [
  "0 <01 weeks",
  "01 <02 weeks",
  "02 <03 weeks",
  "03 <04 weeks",
  "04 <05 weeks",
  "05 <06 weeks",
  "06 <07 weeks",
  "07 <08 weeks",
  "08 <09 weeks",
  "09 <10 weeks",
  "10 <11 weeks",
  "11 <12 weeks",
  "12 <13 weeks",
  "13+ weeks",
];

/** A CCG's waiting list for one test (t) or all tests (t undefined): total and waiting 6+ weeks. */
export function dm01Counts(i: number, t?: number): { total: number; six: number } {
  if (t === undefined) {
    const parts = DM01_TESTS.map((_, k) => dm01Counts(i, k));
    return { total: parts.reduce((a, p) => a + p.total, 0), six: parts.reduce((a, p) => a + p.six, 0) };
  }
  const total = 30 + 11 * i + 5 * t;
  return { total, six: (i + t) % 4 === 0 ? 0 : (i * 3 + t) % 9 };
}

/** A DM01 row's cells from "Total Waiting List" on: the counts, the % as a fraction, the weekly bands, activity. */
function dm01Figures(total: number, six: number, suppressed = false): Cell[] {
  const under = total - six;
  const low = [under - 5 * Math.floor(under / 6), ...Array<number>(5).fill(Math.floor(under / 6))];
  const high = [six - 7 * Math.floor(six / 8), ...Array<number>(7).fill(Math.floor(six / 8))];
  const thirteen = high[7]!;
  if (suppressed) return [total, "-", "-", "-", ...low, ...Array<Cell>(8).fill("-"), 500, 20, 90];
  return [total, six, thirteen, total === 0 ? "-" : six / total, ...low, ...high, 500 + total, 20, 90];
}

export interface Dm01Options {
  /** the "Period:" title value; omitted: no Period row */
  period?: string | null;
  layout?: "totals" | "by-test" | "by-test-with-totals" | "both";
  basis?: "Commissioner" | "Provider";
  noTotal?: boolean;
}

const DM01_HEAD = (basis: string, test: boolean, noTotal = false): Cell[] => [
  null,
  "Area Team Code",
  "Area Team Name",
  `${basis} Code`,
  `${basis} Name`,
  ...(test ? ["Diagnostic ID", "Diagnostic Test Name"] : []),
  ...(noTotal ? [] : ["Total Waiting List"]),
  "Number waiting 6+ Weeks",
  "Number waiting 13+ Weeks",
  "Percentage waiting 6+ weeks",
  ...BANDS,
  "Planned tests / procedures",
  "Unscheduled tests / procedures",
  "Waiting list tests / procedures (excluding planned)",
];

function dm01Titles(options: Dm01Options, basis: string): Cell[][] {
  return [
    [],
    [null, "Title:", "Monthly Diagnostic Waiting Times and Activity"],
    [null, "Summary:", "Waiting times for the 15 key diagnostic tests, by " + basis.toLowerCase()],
    ...(options.period === null ? [[]] : [[null, "Period:", options.period ?? "December 2014"]]),
    [null, "Source:", "DM01 (Unify2)"],
    [null, "Basis:", basis],
    [null, "Published:", "12 February 2015"],
    [null, "Revised:", "-"],
    [null, "Status:", "Public"],
    [null, "Contact:", "unify2@dh.gsi.gov.uk"],
    [],
    [],
  ];
}

const DM01_FOOT: Cell[][] = [
  [],
  [null, "Notes:"],
  [null, "1. The waiting list is the number of patients waiting at the end of the month."],
  [null, "2. - denotes a figure not submitted."],
];

/** The row of the commissioner (CCG index i) whose 6+ weeks cells are '-' (not submitted): kept as suppressed. */
export const DM01_SUPPRESSED = 7;

/** A DM01 commissioner workbook as published: a "Commissioner" sheet of totals and/or a sheet per test. */
export function dm01Workbook(options: Dm01Options = {}): FixtureSheet[] {
  const basis = options.basis ?? "Commissioner";
  const layout = options.layout ?? "totals";
  const code = (c: string) => (basis === "Provider" ? `R${c}` : c);
  const england = dm01Counts(0);
  const totals: FixtureSheet = {
    name: basis,
    rows: [
      ...dm01Titles(options, basis),
      DM01_HEAD(basis, false, options.noTotal),
      [
        null,
        null,
        null,
        null,
        "ENGLAND",
        ...drop(dm01Figures(england.total * 211, england.six * 211), options.noTotal),
      ],
      [],
      [
        null,
        "Q45",
        "Durham, Darlington and Tees",
        "Q45",
        "Durham, Darlington and Tees Area Team",
        ...drop(dm01Figures(200, 3), options.noTotal),
      ],
      [null, "Q71", "London", "X98", "Commissioner not known", ...drop(dm01Figures(40, 1), options.noTotal)],
      ...CCGS.map(([c, name, at], i) => {
        const { total, six } = dm01Counts(i);
        return [null, at, "", code(c), name, ...drop(dm01Figures(total, six, i === DM01_SUPPRESSED), options.noTotal)];
      }),
      ...DM01_FOOT,
    ],
  };
  const byTest = (withTotals: boolean): FixtureSheet => ({
    name: `${basis} by Test`,
    rows: [
      ...dm01Titles(options, basis),
      DM01_HEAD(basis, true, options.noTotal),
      [
        null,
        null,
        null,
        null,
        "ENGLAND",
        null,
        "Total",
        ...drop(dm01Figures(england.total * 211, england.six * 211), options.noTotal),
      ],
      [],
      ...CCGS.flatMap(([c, name, at], i) => [
        ...DM01_TESTS.map((test, t) => {
          const { total, six } = dm01Counts(i, t);
          return [null, at, "", code(c), name, t + 1, test, ...drop(dm01Figures(total, six), options.noTotal)];
        }),
        ...(withTotals
          ? [
              [
                null,
                at,
                "",
                code(c),
                name,
                null,
                "Total",
                ...drop(dm01Figures(dm01Counts(i).total, dm01Counts(i).six), options.noTotal),
              ],
            ]
          : []),
      ]),
      [
        null,
        "Q45",
        "Durham, Darlington and Tees",
        "Q45",
        "Durham, Darlington and Tees Area Team",
        1,
        DM01_TESTS[0]!,
        ...drop(dm01Figures(20, 1), options.noTotal),
      ],
      ...DM01_FOOT,
    ],
  });
  if (layout === "totals") return [totals];
  if (layout === "by-test") return [byTest(false)];
  if (layout === "by-test-with-totals") return [byTest(true)];
  return [totals, byTest(false)];
}

const drop = (figures: Cell[], noTotal?: boolean) => (noTotal ? figures.slice(1) : figures);
