// NHS England's RTT waiting times by commissioner, as an analyst downloads them (2013–15 .xls, .xlsx, CSV): the
// reader alone on fixtures of the real shape, then the whole import into the test database, status as a person
// reads it for every one of the 211 CCGs, and the real CLI once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/core";
import { fixedClock } from "../../../src/core/time";
import { ConsoleChannel } from "../../../src/console/console-channel";
import type { Database } from "../../../src/db/database";
import { referenceOrganisations } from "../../../src/db/seed/reference";
import { ImportFileError } from "../../../src/sources/import/report";
import { importFile, openWorkbook, recognise, workbookOf } from "../../../src/sources/published";
import type { ReadContext } from "../../../src/sources/published/format";
import {
  RTT_SET_ASIDE,
  rttAdmitted,
  rttIncomplete,
  rttNonAdmitted,
} from "../../../src/sources/published/rtt-commissioner";
import { seededTestDatabase, testDatabaseKind } from "../../support/test-database";
import {
  biff8Bytes,
  csvText,
  referenceCcgs,
  rttCommissioners,
  rttCommissionerTable,
  workbookBytes,
  writeAllKinds,
  writeFixture,
  type RttCommissioner,
  type RttTable,
  type RttTableOptions,
} from "./fixtures";
import { importCli } from "../../support/import-cli";

let dir: string;
const CCGS = referenceCcgs();
const ALL = rttCommissioners(CCGS);
const context = (period?: string): ReadContext => ({
  organisations: new Map(referenceOrganisations().map((o) => [o.code, { kind: o.kind }])),
  attribution: () => new Map(),
  period,
});
const oneDecimal = (x: number) => String(Math.round(x * 10) / 10);
const percent = (within: number, total: number) => (within / total) * 100;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "plan-dialogue-rtt-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** One sheet, as the publications have it. */
const workbook = (t: RttTable, kind: "xls" | "xlsx" = "xls") => workbookBytes([t], kind);

const table = (options: Partial<RttTableOptions> = {}) =>
  rttCommissionerTable({ pathway: "incomplete", commissioners: ALL, period: "December 2014", ...options });

/** A few CCGs of two area teams, England and an area team: small files for the cases. */
const FEW: RttCommissioner[] = [
  { areaTeam: "-", code: "X24", name: "NHS ENGLAND" },
  ...CCGS.filter((c) => ["02N", "02W", "00C"].includes(c.code)).map((c) => ({
    areaTeam: c.rttParent,
    code: c.code,
    name: c.name,
  })),
  { areaTeam: "Q51", code: "Q51", name: "SOUTH YORKSHIRE AND BASSETLAW AREA TEAM" },
];

describe("the reader alone", () => {
  let full: RttTable;
  let files: { xls: string; xlsx: string; csv: string };
  beforeAll(async () => {
    full = table();
    files = await writeAllKinds(dir, "Incomplete-Commissioner-Dec14", full);
  }, 120_000);

  it.each(["xls", "xlsx", "csv"] as const)(
    "reads every CCG's Total row of the December 2014 incomplete pathways file (.%s)",
    async (kind) => {
      const book = await openWorkbook(files[kind]);
      expect(recognise(book).map((f) => f.id)).toEqual(["rtt-incomplete"]);
      const read = rttIncomplete.read(book, context());
      expect(read.period).toBe("December 2014");
      const percentages = read.rows.filter((r) => r.indicator === "rtt_incomplete_18wk");
      expect(percentages).toHaveLength(211);
      for (const ccg of CCGS) {
        const e = full.expected.get(ccg.code)!;
        const row = percentages.find((r) => r.organisation === ccg.code)!;
        expect(oneDecimal(Number(row.value))).toBe(oneDecimal(percent(e.within, e.total)));
        expect(row).toMatchObject({ line: e.row, numerator: String(e.within), denominator: String(e.total) });
        const weeks52 = read.rows.find((r) => r.indicator === "rtt_52wk" && r.organisation === ccg.code)!;
        expect(weeks52).toMatchObject({ line: e.row, value: String(e.over52) });
      }
      // the cell a figure came from: the "Total within 18 weeks" cell of the CCG's Total row
      const within = full.rows[full.headerRow - 1]!.indexOf("Total within 18 weeks");
      const first = percentages[0]!;
      const letters = String.fromCharCode(64 + Math.floor(within / 26)) + String.fromCharCode(65 + (within % 26));
      expect(first.at).toBe(kind === "csv" ? `line ${first.line} column ${letters}` : `${letters}${first.line}`);
      expect(read.setAside).toEqual({
        [RTT_SET_ASIDE.englandTotal]: 20,
        [RTT_SET_ASIDE.england]: 20,
        [RTT_SET_ASIDE.areaTeam]: 25 * 20,
        [RTT_SET_ASIDE.other]: 20,
        [RTT_SET_ASIDE.function]: 211 * 19,
      });
      expect(read.notes).toEqual(["Commissioners that are not CCGs, set aside: X98."]);
    },
    60_000,
  );

  it("reads the fixtures' own .xls writer (for big sheets) to the same cells as SheetJS's", () => {
    const t = table({ commissioners: FEW });
    const sheetjs = workbookOf("a.xls", workbookBytes([t], "xls"));
    expect(sheetjs.kind).toBe("xls");
    expect(workbookOf("b.xls", biff8Bytes([t])).sheets).toEqual(sheetjs.sheets);
  });

  it("reads admitted and non-admitted pathways on the counts with a known clock start", async () => {
    for (const [pathway, format, name] of [
      ["admitted", rttAdmitted, "Admitted-Commissioner-Dec14.xls"],
      ["nonadmitted", rttNonAdmitted, "NonAdmitted-Commissioner-Dec14.xls"],
    ] as const) {
      const t = table({ pathway, commissioners: FEW });
      const { xls } = await writeAllKinds(dir, name.replace(".xls", ""), t);
      const book = await openWorkbook(xls);
      expect(recognise(book).map((f) => f.id)).toEqual([format.id]);
      const read = format.read(book, context());
      const e = t.expected.get("02N")!;
      const row = read.rows.find((r) => r.organisation === "02N")!;
      expect(row).toMatchObject({
        indicator: format === rttAdmitted ? "rtt_admitted_18wk" : "rtt_nonadmitted_18wk",
        numerator: String(e.within),
        denominator: String(e.total),
      });
      expect(Number(row.value)).toBeCloseTo(percent(e.within, e.total), 9);
      expect(read.rows.some((r) => r.indicator === "rtt_52wk")).toBe(false);
      expect(read.setAside).toMatchObject({ [RTT_SET_ASIDE.england]: 20, [RTT_SET_ASIDE.areaTeam]: 20 });
    }
  });

  it("tells admitted from non-admitted by the title, the file's name or --format, and by nothing else", async () => {
    const t = table({ pathway: "nonadmitted", commissioners: FEW, period: undefined, columnB: false });
    const plain = await openWorkbook(await writeFixture(dir, "rtt-commissioner.csv", csvText(t.rows)));
    expect(recognise(plain)).toEqual([]);
    const named = await openWorkbook(await writeFixture(dir, "NonAdmitted-Commissioner-Dec14.csv", csvText(t.rows)));
    expect(recognise(named).map((f) => f.id)).toEqual(["rtt-nonadmitted"]);
    expect(rttNonAdmitted.read(plain, context("Dec 2014")).rows).toHaveLength(3);
  });

  it("takes the period from the title, else the file's name, else --period, which wins over both", async () => {
    const titled = await openWorkbook(files.xls);
    expect(rttIncomplete.read(titled, context("2014-11")).period).toBe("2014-11");
    const untitled = table({ commissioners: FEW, period: undefined, columnB: false, totalsFirst: true });
    const byName = await openWorkbook(
      await writeFixture(dir, "Incomplete-Commissioner-Dec14.csv", csvText(untitled.rows)),
    );
    expect(rttIncomplete.read(byName, context()).period).toBe("2014-12");
    const nameless = await openWorkbook(await writeFixture(dir, "incomplete.csv", csvText(untitled.rows)));
    expect(() => rttIncomplete.read(nameless, context())).toThrow(/I can't tell which period.*--period/);
    const read = rttIncomplete.read(nameless, context("Dec 2014"));
    // the totals before the bands read the same: columns are found by their header
    const e = untitled.expected.get("02W")!;
    expect(read.rows.find((r) => r.organisation === "02W")).toMatchObject({
      line: e.row,
      numerator: String(e.within),
      denominator: String(e.total),
    });
  });

  it("refuses a period it can't read, and a file without the total column, with the fix", async () => {
    const quarter = table({ commissioners: FEW, period: "Quarter 3 2014/15" });
    const book = await openWorkbook(await writeFixture(dir, "q3.xls", workbook(quarter)));
    expect(() => rttIncomplete.read(book, context())).toThrow(/can't read the file's period.*--period "Dec 2014"/);

    const broken = table({ commissioners: FEW, without: ["Total number of incomplete pathways"] });
    const file = await openWorkbook(await writeFixture(dir, "Incomplete-Commissioner-Jan15.xls", workbook(broken)));
    expect(recognise(file).map((f) => f.id)).toEqual(["rtt-incomplete"]);
    let error: unknown;
    try {
      rttIncomplete.read(file, context());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe(
      `the header row (row ${broken.headerRow}) has no "Total number of incomplete pathways" column, so I can't ` +
        `work out the share within 18 weeks. Is this the incomplete pathways file?`,
    );
  });

  it("sums the treatment functions when a file has no Total row, and says so", async () => {
    const t = table({ commissioners: FEW, noTotalRow: true, codes: "later" });
    const read = rttIncomplete.read(
      await openWorkbook(await writeFixture(dir, "nt.xlsx", workbook(t, "xlsx"))),
      context(),
    );
    const e = t.expected.get("00C")!;
    expect(read.rows.find((r) => r.organisation === "00C" && r.indicator === "rtt_incomplete_18wk")).toMatchObject({
      line: e.row,
      numerator: String(e.within),
      denominator: String(e.total),
    });
    expect(read.rows.find((r) => r.organisation === "00C" && r.indicator === "rtt_52wk")?.value).toBe(String(e.over52));
    expect(read.setAside[RTT_SET_ASIDE.function]).toBeUndefined();
    expect(read.notes.join(" ")).toMatch(/no Total row .* the sum of its 57 treatment function rows/);
  });

  it("reads the later codes (C_999), a suppressed Total as suppressed, and sets aside a CCG with no pathways", async () => {
    const overrides = new Map<string, Record<string, string>>([
      ["02N", { "Total number of incomplete pathways": "*", "Total within 18 weeks": "*" }],
      ["02W", { "Total number of incomplete pathways": "0", "Total within 18 weeks": "0", "52 plus": "0" }],
    ]);
    const t = table({ commissioners: FEW, codes: "later", overrides });
    const read = rttIncomplete.read(await openWorkbook(await writeFixture(dir, "c999.xls", workbook(t))), context());
    expect(read.rows.find((r) => r.organisation === "02N" && r.indicator === "rtt_incomplete_18wk")).toMatchObject({
      value: "*",
    });
    expect(read.rows.some((r) => r.organisation === "02W")).toBe(false);
    expect(read.setAside[RTT_SET_ASIDE.empty]).toBe(1);
    expect(read.rows.find((r) => r.organisation === "00C")?.value).toMatch(/^\d+\.\d+$/);
  });
});

describe("imported as published", () => {
  let db: Database;
  let core: Core;
  let cleanup: () => Promise<void>;
  const NOW = new Date("2015-02-20T12:00:00Z");

  beforeAll(async () => {
    const t = await seededTestDatabase({ demo: false, now: NOW });
    db = t.db;
    cleanup = t.cleanup;
    core = createCore(db.prisma, fixedClock(NOW));
  });
  afterAll(() => cleanup());
  beforeEach(() => db.prisma.indicatorValue.deleteMany());

  it("imports the December 2014 file in one command, and status shows each of the 211 CCGs' Total row", async () => {
    const full = table();
    const { xls } = await writeAllKinds(dir, "Incomplete-Commissioner-Dec14-e2e", full);
    const report = await importFile(db, xls, { kind: "values", mode: "all-or-nothing", now: NOW });
    expect(report).toMatchObject({ committed: true, format: "rtt-incomplete", inserted: 422, rejected: 0 });
    expect(report.rowsSkipped).toBe(20 + 20 + 500 + 20 + 211 * 19);
    expect(report.setAsideBy).toMatchObject({ "England (X24)": 20, [RTT_SET_ASIDE.areaTeam]: 500 });
    expect(report.notes[0]).toBe(
      "Read as RTT waiting times, incomplete pathways, by commissioner (NHS England), period December 2014.",
    );

    const stored = await db.prisma.indicatorValue.findMany({ where: { indicatorCode: "rtt_incomplete_18wk" } });
    expect(stored).toHaveLength(211);
    const console = new ConsoleChannel(core);
    for (const ccg of CCGS) {
      const e = full.expected.get(ccg.code)!;
      const value = stored.find((v) => v.organisationCode === ccg.code)!;
      expect(value.periodStart.toISOString().slice(0, 10)).toBe("2014-12-01");
      expect(value).toMatchObject({ numerator: e.within, denominator: e.total, isDemo: false });
      expect(value.value).toBeCloseTo(percent(e.within, e.total), 9);
      const { text } = await console.run(`status ${ccg.code} rtt_incomplete_18wk`);
      expect(text).toMatch(
        new RegExp(
          `incomplete pathways within 18 weeks.*\\b${oneDecimal(percent(e.within, e.total)).replace(".", "\\.")}%\\s+92%.*Dec 2014`,
        ),
      );
    }
    const weeks = await db.prisma.indicatorValue.findUniqueOrThrow({
      where: {
        organisationCode_indicatorCode_periodStart: {
          organisationCode: "02N",
          indicatorCode: "rtt_52wk",
          periodStart: new Date("2014-12-01"),
        },
      },
    });
    expect(weeks.value).toBe(full.expected.get("02N")!.over52);
  }, 180_000);

  it("stores nothing, and says why, for a file without its total column or with a period it can't read", async () => {
    const broken = table({ commissioners: FEW, without: ["Total number of incomplete pathways"] });
    const noTotal = await importFile(
      db,
      await writeFixture(dir, "Incomplete-Commissioner-Feb15.xls", workbook(broken)),
      {
        kind: "values",
        mode: "valid-rows",
        now: NOW,
      },
    );
    expect(noTotal.committed).toBe(false);
    expect(noTotal.fatal?.message).toMatch(
      /^RTT waiting times, incomplete pathways, by commissioner \(NHS England\): the header row \(row 14\) has no "Total number of incomplete pathways" column/,
    );
    const quarter = table({ commissioners: FEW, period: "Q3" });
    const noPeriod = await importFile(db, await writeFixture(dir, "Incomplete-Commissioner.xls", workbook(quarter)), {
      kind: "values",
      mode: "valid-rows",
      now: NOW,
    });
    expect(noPeriod.fatal?.message).toMatch(/I can't read the file's period: .*--period/);
    expect(await db.prisma.indicatorValue.count()).toBe(0);
  });
});

describe.skipIf(testDatabaseKind() === "postgres")("npm run import of a published RTT file", () => {
  it("prints Read as, the period and what it set aside, and exits 0", async () => {
    const t = table({ commissioners: FEW });
    const file = await writeFixture(dir, "Incomplete-Commissioner-Dec14-cli.xls", workbook(t));
    const { stdout } = await importCli(dir, [file], 90_000);
    expect(stdout).toMatch(/^Imported values from Incomplete-Commissioner-Dec14-cli\.xls: 103 rows read, 6 new, /m);
    expect(stdout).toMatch(
      /^Read as RTT waiting times, incomplete pathways, by commissioner \(NHS England\), period December 2014\.$/m,
    );
    expect(stdout).toMatch(
      /^Set aside: 20 England \(X24\); 20 area team rows \(Q44–Q71; London as Q71\); 57 rows per treatment function \(the Total row is imported\)\.$/m,
    );
  }, 120_000);
});
