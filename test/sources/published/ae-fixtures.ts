// Builders for the A&E and provider attribution tests: NHS England's A&E sitrep as published (the weekly and monthly
// "A&E Data" sheet with its title rows, merged group headings, England and area team rows and notes; the monthly CSV
// extract), written as .xls through SheetJS or as CSV, and a table of providers' shares by CCG. All figures invented.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as XLSX from "@e965/xlsx";

type Cell = string | number;

/** One provider's row: attendances by type, those over 4 hours by type ("-" where it has no such department). */
export interface AeProvider {
  area: string;
  code: string;
  name: string;
  attend: [Cell, Cell, Cell];
  over: [Cell, Cell, Cell];
  /** 4–12 hours and over 12 hours from decision to admit */
  dta: [Cell, Cell];
}

export const PROVIDERS: AeProvider[] = [
  {
    area: "Q63",
    code: "RJ1",
    name: "Guy's And St Thomas' NHS Foundation Trust",
    attend: [12_140, "-", 3_210],
    over: [1_012, "-", 12],
    dta: [310, 2],
  },
  {
    area: "Q63",
    code: "RJZ",
    name: "King's College Hospital NHS Foundation Trust",
    attend: [11_020, 310, "-"],
    over: [1_465, 4, "-"],
    dta: [402, 5],
  },
  {
    area: "Q62",
    code: "RYJ",
    name: "Imperial College Healthcare NHS Trust",
    attend: [14_230, 1_120, 4_900],
    over: [1_210, 30, 22],
    dta: [250, 0],
  },
  {
    area: "Q61",
    code: "RAL",
    name: "Royal Free London NHS Foundation Trust",
    attend: [9_870, "-", 2_100],
    over: [930, "-", 8],
    dta: [180, 1],
  },
  {
    area: "Q61",
    code: "RRV",
    name: "University College London Hospitals NHS Foundation Trust",
    attend: [7_650, 2_300, "-"],
    over: [610, 25, "-"],
    dta: [95, 0],
  },
  // no attribution in the shares below
  {
    area: "Q63",
    code: "RVR",
    name: "Epsom And St Helier University Hospitals NHS Trust",
    attend: [8_300, "-", 1_200],
    over: [700, "-", 3],
    dta: [120, 0],
  },
];

/** A provider that submitted nothing this period: every cell "-". */
export const NOT_SUBMITTED: AeProvider = {
  area: "Q62",
  code: "RQM",
  name: "Chelsea And Westminster Hospital NHS Foundation Trust",
  attend: ["-", "-", "-"],
  over: ["-", "-", "-"],
  dta: ["-", "-"],
};

/** Providers' shares of their activity by CCG (Lambeth 08K, Southwark 08Q, Bromley 07Q, Westminster 09A…). */
export const SHARES: [string, string, number][] = [
  ["RJ1", "08K", 0.5],
  ["RJ1", "08Q", 0.46],
  ["RJ1", "07Q", 0.02],
  ["RJZ", "08Q", 0.45],
  ["RJZ", "08K", 0.35],
  ["RJZ", "07Q", 0.18],
  ["RYJ", "09A", 0.4],
  ["RYJ", "08Y", 0.3],
  ["RYJ", "08C", 0.28],
  ["RAL", "07R", 0.35],
  ["RAL", "07M", 0.55],
  ["RAL", "08H", 0.08],
  ["RRV", "07R", 0.45],
  ["RRV", "08H", 0.35],
  ["RRV", "09A", 0.15],
];

export const PROVIDER_KINDS: Record<string, string> = {
  RJ1: "acute",
  RJZ: "acute",
  RYJ: "acute",
  RAL: "acute",
  RRV: "acute",
};

/** The attribution table as a CSV, shares as fractions (or percentages). */
export function sharesCsv(validFrom = "2014-04-01", options: { percent?: boolean } = {}): string {
  const lines = ["Provider code,Provider name,Provider kind,CCG code,Share,Valid from"];
  for (const [p, ccg, share] of SHARES) {
    const name = PROVIDERS.find((x) => x.code === p)!.name;
    lines.push(
      `${p},"${name}",${PROVIDER_KINDS[p]},${ccg},${options.percent ? `${+(share * 100).toFixed(4)}%` : share},${validFrom}`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

const n = (c: Cell) => (typeof c === "number" ? c : 0);
const sum = (cells: Cell[]) => cells.reduce<number>((s, c) => s + n(c), 0);

/**
 * Each CCG's expected ae_4hr and ae_12hr_trolley, worked out here from the providers' cells and the shares, the way
 * an analyst would: Σ share × (attendances − over 4 hours) ÷ Σ share × attendances × 100, over every week given.
 */
export function expectedByCcg(weeks: AeProvider[][], shares = SHARES) {
  const out = new Map<string, { within: number; total: number; trolley: number }>();
  for (const providers of weeks)
    for (const p of providers)
      for (const [code, ccg, share] of shares) {
        if (code !== p.code) continue;
        const e = out.get(ccg) ?? { within: 0, total: 0, trolley: 0 };
        e.total += share * sum(p.attend);
        e.within += share * (sum(p.attend) - sum(p.over));
        e.trolley += share * n(p.dta[1]);
        out.set(ccg, e);
      }
  return new Map([...out].map(([ccg, e]) => [ccg, { percent: (e.within / e.total) * 100, trolley: e.trolley }]));
}

/** Scales a provider's counts (a different week of the same providers). */
export function scaled(providers: AeProvider[], factor: number): AeProvider[] {
  const s = (c: Cell) => (typeof c === "number" ? Math.round(c * factor) : c);
  return providers.map((p) => ({
    ...p,
    attend: p.attend.map(s) as AeProvider["attend"],
    over: p.over.map(s) as AeProvider["over"],
    dta: p.dta.map(s) as AeProvider["dta"],
  }));
}

export interface SheetSpec {
  rows: Cell[][];
  merges: XLSX.Range[];
}

/**
 * The "A&E Data" sheet as NHS England published it: title rows in B–C, the merged group headings on row 13, the
 * header on row 14, England on row 16, the providers from row 18 (an area team row among them), then notes.
 * Weekly files (2014) have no "Total Attendances > 4 hours" column and name the 4–12 hour trolley waits so.
 */
export function aeSheet(
  providers: AeProvider[],
  options: { period: string; weekly?: boolean; areaTeamRow?: boolean; withoutOver?: boolean; withoutPeriod?: boolean },
): SheetSpec {
  const weekly = options.weekly ?? false;
  const overTotal = !weekly;
  const title: Cell[][] = [
    ["", "Title:", "A&E Attendances and Emergency Admissions"],
    ["", "Summary:", "Total A&E attendances and emergency admissions, by provider"],
    ...(options.withoutPeriod ? [["", "Period:", "see file name"]] : [["", "Period:", options.period]]),
    ["", "Source:", weekly ? "Weekly A&E SitRep (WSitAE)" : "Monthly A&E SitRep (MSitAE)"],
    ["", "Basis:", "Provider"],
    ["", "Published:", weekly ? "11 December 2014" : "09 July 2015"],
    ["", "Revised:", "-"],
    ["", "Status:", "Published"],
    ["", "Contact:", "england.nhsdata@nhs.net"],
    [],
    [],
    [],
  ];
  const types = [
    "Type 1 Departments - Major A&E",
    "Type 2 Departments - Single Specialty",
    "Type 3 Departments - Other A&E/Minor Injury Unit",
  ];
  const overCols = options.withoutOver ? [] : [...types, ...(overTotal ? ["Total Attendances > 4 hours"] : [])];
  const header: Cell[] = [
    "",
    "Area Team",
    "Code",
    "Name",
    ...types,
    "Total attendances",
    ...overCols,
    "Percentage in 4 hours or less (type 1)",
    "Percentage in 4 hours or less (all)",
    "Emergency Admissions via Type 1 A&E",
    "Emergency Admissions via Type 2 A&E",
    "Emergency Admissions via Type 3 and 4 A&E",
    "Other Emergency admissions (i.e not via A&E)",
    weekly
      ? "Number of patients spending >4 hours but <12 hours from decision to admit to admission"
      : "Number of patients spending >4 hours from decision to admit to admission",
    "Number of patients spending >12 hours from decision to admit to admission",
  ];
  const E = 4; // column E: the first attendance type
  const groups: Cell[] = Array<Cell>(header.length).fill("");
  groups[E] = "A&E attendances";
  const overStart = E + 4;
  if (overCols.length) groups[overStart] = "A&E attendances > 4 hours from arrival to admission, transfer or discharge";
  const pctStart = overStart + overCols.length;
  groups[pctStart] = "Percentage in 4 hours or less";
  groups[pctStart + 2] = "Emergency Admissions";
  const merges: XLSX.Range[] = [
    { s: { r: 12, c: E }, e: { r: 12, c: E + 3 } },
    ...(overCols.length ? [{ s: { r: 12, c: overStart }, e: { r: 12, c: overStart + overCols.length - 1 } }] : []),
    { s: { r: 12, c: pctStart }, e: { r: 12, c: pctStart + 1 } },
    { s: { r: 12, c: pctStart + 2 }, e: { r: 12, c: pctStart + 5 } },
  ];
  const line = (p: AeProvider): Cell[] => {
    const total = sum(p.attend);
    const over = sum(p.over);
    const none = p.attend.every((c) => c === "-");
    return [
      "",
      p.area,
      p.code,
      p.name,
      ...p.attend,
      none ? "-" : total,
      ...(options.withoutOver ? [] : [...p.over, ...(overTotal ? [none ? "-" : over] : [])]),
      typeof p.attend[0] === "number" ? 1 - n(p.over[0]) / p.attend[0] : "-",
      none ? "-" : 1 - over / total,
      none ? "-" : Math.round(n(p.attend[0]) * 0.3),
      none ? "-" : Math.round(n(p.attend[1]) * 0.1),
      none ? "-" : Math.round(n(p.attend[2]) * 0.01),
      none ? "-" : Math.round(total * 0.12),
      ...p.dta,
    ];
  };
  const england: AeProvider = {
    area: "-",
    code: "-",
    name: "England",
    attend: [0, 1, 2].map((i) => sum(providers.map((p) => p.attend[i]!))) as AeProvider["attend"],
    over: [0, 1, 2].map((i) => sum(providers.map((p) => p.over[i]!))) as AeProvider["over"],
    dta: [0, 1].map((i) => sum(providers.map((p) => p.dta[i]!))) as AeProvider["dta"],
  };
  const south = providers.filter((p) => p.area === "Q63");
  const areaTeam: AeProvider = {
    area: "Q63",
    code: "Q63",
    name: "South London Area Team",
    attend: [0, 1, 2].map((i) => sum(south.map((p) => p.attend[i]!))) as AeProvider["attend"],
    over: [0, 1, 2].map((i) => sum(south.map((p) => p.over[i]!))) as AeProvider["over"],
    dta: [0, 1].map((i) => sum(south.map((p) => p.dta[i]!))) as AeProvider["dta"],
  };
  const rows: Cell[][] = [
    ...title,
    groups,
    header,
    [],
    line(england),
    [],
    ...providers.map(line),
    ...(options.areaTeamRow ? [line(areaTeam)] : []),
    [],
    ["", "Notes:"],
    ["", "1. Type 3 departments include urgent care centres, walk-in centres and minor injury units."],
    ["", "2. Percentages are of all attendances; a '-' means the provider has no department of that type."],
  ];
  return { rows, merges };
}

/** The monthly CSV extract: one header line, "MSitAE-JUNE-2015" periods, a Total row, no type totals. */
export function aeCsvExtract(providers: AeProvider[], period = "MSitAE-JUNE-2015"): string {
  const header = [
    "Period",
    "Org Code",
    "Parent Org",
    "Org name",
    "A&E attendances Type 1",
    "A&E attendances Type 2",
    "A&E attendances Other A&E Department",
    "Attendances over 4hrs Type 1",
    "Attendances over 4hrs Type 2",
    "Attendances over 4hrs Other Department",
    "Patients who have waited 4-12 hs from DTA to admission",
    "Patients who have waited 12+ hrs from DTA to admission",
    "Emergency admissions via A&E - Type 1",
    "Emergency admissions via A&E - Type 2",
    "Emergency admissions via A&E - Other A&E department",
    "Other emergency admissions",
  ];
  const zero = (c: Cell) => (c === "-" ? 0 : c);
  const q = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const line = (p: AeProvider, code = p.code, parent = "NHS ENGLAND LONDON") =>
    [
      period,
      code,
      parent,
      q(p.name.toUpperCase()),
      ...p.attend.map(zero),
      ...p.over.map(zero),
      ...p.dta.map(zero),
      100,
      10,
      1,
      50,
    ].join(",");
  const total: AeProvider = {
    ...providers[0]!,
    name: "Total",
    attend: [0, 1, 2].map((i) => sum(providers.map((p) => p.attend[i]!))) as AeProvider["attend"],
    over: [0, 1, 2].map((i) => sum(providers.map((p) => p.over[i]!))) as AeProvider["over"],
    dta: [0, 1].map((i) => sum(providers.map((p) => p.dta[i]!))) as AeProvider["dta"],
  };
  return [header.join(","), line(total, "-", "-"), ...providers.map((p) => line(p))].join("\n") + "\n";
}

/** An .xls (BIFF8) workbook with the one sheet, as NHS England published them. */
export async function writeXls(dir: string, name: string, sheet: SheetSpec, sheetName = "A&E Data"): Promise<string> {
  const ws = XLSX.utils.aoa_to_sheet(sheet.rows);
  ws["!merges"] = sheet.merges;
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, ws, sheetName);
  const file = path.join(dir, name);
  await writeFile(file, XLSX.write(book, { type: "buffer", bookType: "xls" }) as Buffer);
  return file;
}

/** The same sheet saved as CSV (as people do with a downloaded .xls). */
export async function writeSheetCsv(dir: string, name: string, sheet: SheetSpec): Promise<string> {
  const q = (c: Cell) => (typeof c === "number" ? String(c) : /[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const file = path.join(dir, name);
  await writeFile(file, sheet.rows.map((r) => r.map(q).join(",")).join("\r\n") + "\r\n");
  return file;
}
