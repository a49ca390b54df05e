// Builders for published files as NHS England published them, written by tests (and the bench) to a temp dir: a
// sheet as rows of cells from column A, turned into .xls (BIFF8), .xlsx or CSV bytes with SheetJS; the reference
// CCGs and area teams; and the RTT commissioner table (title rows, a caption row with merged cells, the header, one
// row per commissioner × treatment function with ~50 weekly bands, England and area-team rows, footnotes).
// Nothing here is a download: every figure is generated, from a seed, so a test knows what each cell holds.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import * as XLSX from "@e965/xlsx";
import { REFERENCE_DIR } from "../../../src/db/seed/reference";

// ---- Generic --------------------------------------------------------------------------------------------------

export type Cell = string | number | null | undefined;

export interface SheetSpec {
  name: string;
  /** rows from row 1, cells from column A; null/undefined leaves a cell empty */
  rows: Cell[][];
  /** merged ranges as a spreadsheet names them: "C1:H1" */
  merges?: string[];
}

/**
 * The sheets as the bytes of an .xls (BIFF8, as 2013–15 files were) or .xlsx workbook. SheetJS writes .xls in time
 * that grows faster than the file (a 16 KB buffer for every record: 36 s for 4,000 rows × 60 cells), so a big sheet
 * goes through biff8Bytes instead; both are read by the same SheetJS reader the import uses.
 */
export function workbookBytes(sheets: SheetSpec[], bookType: "xls" | "xlsx"): Buffer {
  const cells = sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);
  if (bookType === "xls" && cells > 20_000) return biff8Bytes(sheets);
  const book = XLSX.utils.book_new();
  for (const spec of sheets) {
    const sheet = XLSX.utils.aoa_to_sheet(spec.rows.map((r) => r.map((c) => (c === undefined ? null : c))));
    if (spec.merges?.length) sheet["!merges"] = spec.merges.map((m) => XLSX.utils.decode_range(m));
    XLSX.utils.book_append_sheet(book, sheet, spec.name);
  }
  // .xlsx compressed, as Excel saves it (SheetJS stores it uncompressed unless asked)
  return XLSX.write(book, { type: "buffer", bookType, compression: true }) as Buffer;
}

/**
 * An .xls workbook written record by record ([MS-XLS]): a globals substream (BOF, CODEPAGE, the fonts and XFs
 * Excel expects, BOUNDSHEET8 per sheet, EOF), then per sheet BOF, DIMENSIONS, a NUMBER or LABEL record per cell,
 * MERGECELLS, EOF, in a compound file (SheetJS's CFB). Strings are LABEL records rather than a shared-string table:
 * the cells read back the same.
 */
export function biff8Bytes(sheets: SheetSpec[]): Buffer {
  const record = (type: number, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(type, 0);
    head.writeUInt16LE(body.length, 2);
    return [head, body];
  };
  const u16 = (...values: number[]) => {
    const b = Buffer.alloc(values.length * 2);
    values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
    return b;
  };
  const text = (t: string, lengthBytes: 1 | 2) => {
    const wide = [...t].some((c) => c.charCodeAt(0) > 0xff);
    const chars = wide ? Buffer.from(t, "utf16le") : Buffer.from(t, "latin1");
    const head = Buffer.alloc(lengthBytes + 1);
    if (lengthBytes === 1) head.writeUInt8(t.length, 0);
    else head.writeUInt16LE(t.length, 0);
    head.writeUInt8(wide ? 1 : 0, lengthBytes);
    return Buffer.concat([head, chars]);
  };
  const bof = (kind: number) => u16(0x0600, kind, 0x0dbb, 0x07cc, 0, 0, 0, 0);
  const font = () => Buffer.concat([u16(200, 0, 0x7fff, 400, 0), Buffer.from([0, 0, 0, 0]), text("Arial", 1)]);
  const xf = (style: boolean) => Buffer.concat([u16(0, 0, style ? 0xfff5 : 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20c0)]);

  const sheetStreams = sheets.map((spec) => {
    const parts: Buffer[] = [...record(0x0809, bof(0x0010))];
    const width = Math.max(1, ...spec.rows.map((r) => r.length));
    const dims = Buffer.alloc(14);
    dims.writeUInt32LE(0, 0);
    dims.writeUInt32LE(spec.rows.length, 4);
    dims.writeUInt16LE(0, 8);
    dims.writeUInt16LE(width, 10);
    parts.push(...record(0x0200, dims));
    spec.rows.forEach((row, r) => {
      row.forEach((c, col) => {
        if (c === null || c === undefined || c === "") return;
        if (typeof c === "number") {
          const body = Buffer.alloc(14);
          body.writeUInt16LE(r, 0);
          body.writeUInt16LE(col, 2);
          body.writeUInt16LE(15, 4);
          body.writeDoubleLE(c, 6);
          parts.push(...record(0x0203, body));
        } else parts.push(...record(0x0204, Buffer.concat([u16(r, col, 15), text(c.slice(0, 255), 2)])));
      });
    });
    const merges = (spec.merges ?? []).map((m) => XLSX.utils.decode_range(m));
    for (let i = 0; i < merges.length; i += 1000) {
      const chunk = merges.slice(i, i + 1000);
      parts.push(...record(0x00e5, u16(chunk.length, ...chunk.flatMap((m) => [m.s.r, m.e.r, m.s.c, m.e.c]))));
    }
    parts.push(...record(0x000a, Buffer.alloc(0)));
    return Buffer.concat(parts);
  });

  const globals = (offsets: number[]) => {
    const parts: Buffer[] = [...record(0x0809, bof(0x0005)), ...record(0x0042, u16(1200))];
    for (let i = 0; i < 4; i++) parts.push(...record(0x0031, font()));
    for (let i = 0; i < 15; i++) parts.push(...record(0x00e0, xf(true)));
    parts.push(...record(0x00e0, xf(false)));
    sheets.forEach((spec, i) => {
      const at = Buffer.alloc(6);
      at.writeUInt32LE(offsets[i]!, 0);
      parts.push(...record(0x0085, Buffer.concat([at, text(spec.name, 1)])));
    });
    parts.push(...record(0x000a, Buffer.alloc(0)));
    return Buffer.concat(parts);
  };
  // the BOUNDSHEET8 records hold each sheet's offset, which depends on the globals' own length: measure first
  const length = globals(sheets.map(() => 0)).length;
  const offsets = sheetStreams.map((_, i) => length + sheetStreams.slice(0, i).reduce((n, s) => n + s.length, 0));
  const stream = Buffer.concat([globals(offsets), ...sheetStreams]);
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, "/Workbook", stream);
  return XLSX.CFB.write(cfb, { type: "buffer" }) as Buffer;
}

const csvField = (c: Cell) => {
  const t = c === null || c === undefined ? "" : String(c);
  return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
};

/** The rows as a CSV file's text (CRLF, as the publications' CSVs were saved from Excel). */
export function csvText(rows: Cell[][]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export async function writeFixture(dir: string, name: string, bytes: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** Writes one sheet as .xls, .xlsx and .csv under the same base name; returns the three paths. */
export async function writeAllKinds(dir: string, base: string, sheet: SheetSpec) {
  return {
    xls: await writeFixture(dir, `${base}.xls`, workbookBytes([sheet], "xls")),
    xlsx: await writeFixture(dir, `${base}.xlsx`, workbookBytes([sheet], "xlsx")),
    csv: await writeFixture(dir, `${base}.csv`, csvText(sheet.rows)),
  };
}

/** A small deterministic random source (mulberry32), so fixtures are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- Reference organisations ------------------------------------------------------------------------------------

export interface ReferenceCcg {
  code: string;
  name: string;
  areaTeam: string;
  /** the area team code NHS England's statistics gave it in December 2014 (London as Q71) */
  rttParent: string;
}

/** The 211 CCGs of 2013 (prisma/reference/ccgs-2013.csv). */
export function referenceCcgs(): ReferenceCcg[] {
  const rows = parse(readFileSync(path.join(REFERENCE_DIR, "ccgs-2013.csv"), "utf8"), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];
  return rows.map((r) => ({
    code: r.ccg_code!,
    name: `${r.ccg_name!.toUpperCase()} CCG`,
    areaTeam: r.area_team_code!,
    rttParent: r.rtt_stats_parent_code_dec2014!,
  }));
}

// ---- RTT commissioner tables ------------------------------------------------------------------------------------

export type RttPathway = "incomplete" | "admitted" | "nonadmitted";

/** The treatment functions of the 2013–15 publications (with "Other" and the Total). */
export const RTT_FUNCTIONS: [string, string][] = [
  ["100", "General Surgery"],
  ["101", "Urology"],
  ["110", "Trauma & Orthopaedics"],
  ["120", "ENT"],
  ["130", "Ophthalmology"],
  ["140", "Oral Surgery"],
  ["150", "Neurosurgery"],
  ["160", "Plastic Surgery"],
  ["170", "Cardiothoracic Surgery"],
  ["300", "General Medicine"],
  ["301", "Gastroenterology"],
  ["320", "Cardiology"],
  ["330", "Dermatology"],
  ["340", "Thoracic Medicine"],
  ["400", "Neurology"],
  ["410", "Rheumatology"],
  ["430", "Geriatric Medicine"],
  ["502", "Gynaecology"],
  ["X01", "Other"],
];

/** ">0-1" … ">51-52", "52 plus": 53 band columns. */
export const RTT_BANDS = [...Array.from({ length: 52 }, (_, i) => `>${i}-${i + 1}`), "52 plus"];

const SUMMARY: Record<RttPathway, string> = {
  incomplete: "Monthly Referral to Treatment (RTT) waiting times for incomplete pathways.",
  admitted: "Monthly Referral to Treatment (RTT) waiting times for completed admitted pathways.",
  nonadmitted: "Monthly Referral to Treatment (RTT) waiting times for completed non-admitted pathways.",
};
const CAPTION: Record<RttPathway, string> = {
  incomplete: "Number of incomplete pathways by week since referral",
  admitted: "Number of completed admitted pathways by week waited",
  nonadmitted: "Number of completed non-admitted pathways by week waited",
};
const PREFIX: Record<RttPathway, string> = { incomplete: "IP", admitted: "AP", nonadmitted: "NP" };

export function rttTotalColumns(pathway: RttPathway): string[] {
  return pathway === "incomplete"
    ? [
        "Total number of incomplete pathways",
        "Total within 18 weeks",
        "% within 18 weeks",
        "Average (median) waiting time (in weeks)",
        "92nd percentile waiting time (in weeks)",
      ]
    : [
        "Patients with unknown clock start date",
        "Total number of completed pathways (all)",
        "Total number of completed pathways (with a known clock start)",
        "Total (with a known clock start) within 18 weeks",
        "% within 18 weeks",
        "Average (median) waiting time (in weeks)",
        "95th percentile waiting time (in weeks)",
      ];
}

export interface RttCommissioner {
  areaTeam: string;
  code: string;
  name: string;
}

export interface RttTableOptions {
  pathway: RttPathway;
  commissioners: RttCommissioner[];
  /** the "Period:" title row's value; omit for no title rows at all (header on row 1) */
  period?: string | undefined;
  /** treatment functions per commissioner (default all 19) */
  functions?: number;
  seed?: number;
  /** the totals columns before the bands instead of after them */
  totalsFirst?: boolean;
  /** "2013" codes (IP100 … IP999), "later" codes (C_100 … C_999) */
  codes?: "2013" | "later";
  /** leave out the Total rows (each commissioner has only its treatment functions) */
  noTotalRow?: boolean;
  /** header names to leave out (a broken file) */
  without?: string[];
  /** cells of a commissioner's Total row to give as published text: code → { header: "*" } */
  overrides?: Map<string, Record<string, string>>;
  /** start the table in column B, with column A empty, as the XLS files do (default true) */
  columnB?: boolean;
}

export interface RttExpected {
  /** the Total row's spreadsheet row */
  row: number;
  within: number;
  total: number;
  over52: number;
}

export interface RttTable extends SheetSpec {
  /** each commissioner's Total row: where it is and its counts */
  expected: Map<string, RttExpected>;
  headerRow: number;
  /** data rows in the table (commissioners × functions and totals) */
  dataRows: number;
}

/**
 * The counts of one row: bands decreasing with the weeks waited (so that about 88–97% are within 18 weeks, around
 * the 92% standard), and the few past 52 weeks.
 */
function bandCounts(random: () => number, scale: number, decay: number): number[] {
  return RTT_BANDS.map((_, week) => {
    if (week === 52) return random() < 0.3 ? Math.floor(random() * 4) : 0;
    return Math.floor(scale * Math.exp(-week / decay) * (0.7 + 0.6 * random()));
  });
}

/** The published table of RTT waiting times by commissioner for one pathway type, with its title rows. */
export function rttCommissionerTable(options: RttTableOptions): RttTable {
  const { pathway } = options;
  const random = seeded(options.seed ?? 2014);
  const offset = options.columnB === false ? 0 : 1;
  const pad = (cells: Cell[]) => [...Array.from({ length: offset }, () => null), ...cells];
  const rows: Cell[][] = [];
  const merges: string[] = [];
  const col = (i: number) => XLSX.utils.encode_col(i + offset);

  if (options.period !== undefined) {
    const titles: [string, string][] = [
      ["Title:", "Referral to Treatment (RTT) Waiting Times Statistics"],
      ["Summary:", SUMMARY[pathway]],
      ["Period:", options.period],
      ["Source:", "Consultant-led Referral to Treatment Waiting Times Data Collection (Unify2)"],
      ["Basis:", "Commissioner"],
      ["Published:", "12 February 2015"],
      ["Revised:", "-"],
      ["Status:", "Published"],
      ["Contact:", "rtt.data@nhs.net"],
    ];
    for (const [label, value] of titles) {
      rows.push(pad([label, value]));
      merges.push(`${col(1)}${rows.length}:${col(8)}${rows.length}`);
    }
    rows.push([], [], []);
  }

  const names = ["Area Team Code", "Commissioner Code", "Commissioner Name", "Treatment Function Code"];
  const totalsNames = rttTotalColumns(pathway);
  const header = [
    ...names,
    "Treatment Function",
    ...(options.totalsFirst ? [...totalsNames, ...RTT_BANDS] : [...RTT_BANDS, ...totalsNames]),
  ].filter((h) => !options.without?.includes(h));
  const at = (h: string) => header.indexOf(h);

  // the caption row above the header, merged over each group of columns
  const caption: Cell[] = [];
  const group = (first: string, last: string, text: string) => {
    if (at(first) < 0 || at(last) < 0) return;
    caption[at(first)] = text;
    merges.push(`${col(at(first))}${rows.length + 1}:${col(at(last))}${rows.length + 1}`);
  };
  group("Area Team Code", "Treatment Function", "Commissioner");
  group(RTT_BANDS[0]!, RTT_BANDS.at(-1)!, CAPTION[pathway]);
  group(totalsNames[0]!, totalsNames.at(-1)!, "Summary");
  rows.push(pad(caption));
  rows.push(pad(header));
  const headerRow = rows.length;

  const code = (c: string) => (options.codes === "later" ? `C_${c}` : `${PREFIX[pathway]}${c}`);
  const functions = RTT_FUNCTIONS.slice(0, options.functions ?? RTT_FUNCTIONS.length);
  const expected = new Map<string, RttExpected>();
  let dataRows = 0;

  const line = (who: RttCommissioner, tf: [string, string], bands: number[], override?: Record<string, string>) => {
    const within = bands.slice(0, 18).reduce((a, b) => a + b, 0);
    const total = bands.reduce((a, b) => a + b, 0);
    const unknown = pathway === "incomplete" ? 0 : Math.floor(random() * 5);
    const values: Record<string, Cell> = {
      "Area Team Code": who.areaTeam,
      "Commissioner Code": who.code,
      "Commissioner Name": who.name,
      "Treatment Function Code": tf[0],
      "Treatment Function": tf[1],
      "Total number of incomplete pathways": total,
      "Total within 18 weeks": within,
      "Patients with unknown clock start date": unknown,
      "Total number of completed pathways (all)": total + unknown,
      "Total number of completed pathways (with a known clock start)": total,
      "Total (with a known clock start) within 18 weeks": within,
      // a fraction, as published; "-" where there is nothing to divide
      "% within 18 weeks": total > 0 ? within / total : "-",
      "Average (median) waiting time (in weeks)": total > 0 ? Math.round(random() * 150) / 10 : "-",
      "92nd percentile waiting time (in weeks)": total > 0 ? Math.round(random() * 300) / 10 : "-",
      "95th percentile waiting time (in weeks)": total > 0 ? Math.round(random() * 300) / 10 : "-",
    };
    RTT_BANDS.forEach((b, i) => (values[b] = bands[i]!));
    Object.assign(values, override ?? {});
    rows.push(pad(header.map((h) => values[h])));
    dataRows++;
    return { within, total, over52: bands[52]! };
  };

  for (const who of options.commissioners) {
    const scale = 20 + Math.floor(random() * 400);
    const decay = 5 + random() * 3.5;
    const perFunction = functions.map(() => bandCounts(random, scale / 10, decay));
    for (const [i, tf] of functions.entries()) line(who, [code(tf[0]), tf[1]], perFunction[i]!);
    if (options.noTotalRow) {
      const sum = RTT_BANDS.map((_, b) => perFunction.reduce((a, f) => a + f[b]!, 0));
      expected.set(who.code, {
        row: headerRow + dataRows - functions.length + 1,
        within: sum.slice(0, 18).reduce((a, b) => a + b, 0),
        total: sum.reduce((a, b) => a + b, 0),
        over52: sum[52]!,
      });
      continue;
    }
    const sum = RTT_BANDS.map((_, b) => perFunction.reduce((a, f) => a + f[b]!, 0));
    const counts = line(who, [code("999"), "Total"], sum, options.overrides?.get(who.code));
    expected.set(who.code, { row: rows.length, ...counts });
  }

  rows.push([]);
  rows.push(pad(["Notes:"]));
  rows.push(pad(["1. Commissioner level data are for the commissioner responsible for the patient's care."]));
  rows.push(pad(["2. A dash (-) means there were no pathways to measure."]));
  rows.push(pad(["Source: NHS England, Consultant-led Referral to Treatment Waiting Times"]));
  return { name: "Commissioner", rows, merges, expected, headerRow, dataRows };
}

/**
 * The commissioners of a full 2013–15 file: the England total, England (X24, NHS England as a direct commissioner), every CCG
 * in its area team (London as Q71), then each area team as a commissioner of its own, and one other commissioner.
 */
export function rttCommissioners(ccgs = referenceCcgs()): RttCommissioner[] {
  const areaTeams = [...new Set(ccgs.map((c) => c.rttParent))].sort();
  return [
    { areaTeam: "-", code: "-", name: "ENGLAND" },
    { areaTeam: "-", code: "X24", name: "NHS ENGLAND" },
    ...ccgs.map((c) => ({ areaTeam: c.rttParent, code: c.code, name: c.name })),
    ...areaTeams.map((q) => ({ areaTeam: q, code: q, name: `${q} AREA TEAM (DIRECT COMMISSIONING)` })),
    { areaTeam: "-", code: "X98", name: "OTHER COMMISSIONERS" },
  ];
}
