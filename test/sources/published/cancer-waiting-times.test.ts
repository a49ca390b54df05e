// Cancer waiting times, commissioner based, imported as NHS England published them in 2013–15: a month's workbook
// gives each CCG's two-week waits, a quarter's its 31- and 62-day standards; every stored figure is within ÷ total of
// its row; England, area teams and the standards of the other period kind are set aside and counted.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { cancerWaitingTimes } from "../../../src/sources/published/cancer-waiting-times";
import { quarterOf } from "../../../src/sources/published/layout";
import type { ReadContext } from "../../../src/sources/published/format";
import { importFile, workbookOf } from "../../../src/sources/published";
import { ImportFileError } from "../../../src/sources/import/report";
import { seededDatabaseWithDir, TEST_SEED_NOW, testDatabaseKind } from "../../support/test-database";
import { CANCER_SHEETS, CCGS, cancerCounts, cancerWorkbook, writeBook } from "./cancer-dm01-fixtures";
import { importCli } from "../../support/import-cli";

let dir: string;
let db: Database;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("cancer", { demo: false }));
});
afterAll(() => cleanup());
beforeEach(async () => {
  await db.prisma.indicatorValue.deleteMany();
});

const context = (period?: string): ReadContext => ({
  organisations: new Map<string, { kind: "CCG" | "AREA_TEAM" }>([
    ...CCGS.map(([code]): [string, { kind: "CCG" }] => [code, { kind: "CCG" }]),
    ["Q45", { kind: "AREA_TEAM" }],
  ]),
  attribution: () => new Map(),
  period,
});

async function book(name: string, ...args: Parameters<typeof cancerWorkbook>) {
  const file = await writeBook(dir, name, cancerWorkbook(...args));
  return workbookOf(name, await readFile(file));
}

const expected = (s: number, i: number) => {
  const { total, within } = cancerCounts(s, i);
  return typeof total === "number" && typeof within === "number" ? ((within / total) * 100).toFixed(1) : "*";
};
const sheetOf = (indicator: string) => CANCER_SHEETS.findIndex((s) => s.indicator === indicator);
const QUARTERLY = CANCER_SHEETS.filter((s) => !s.indicator.startsWith("cancer_2ww"));

describe("the cancer waiting times reader", () => {
  it("reads a month's .xls: the two-week waits per CCG as within ÷ total, the 31/62-day rows set aside", async () => {
    const b = await book("Commissioner-based-Cancer-Waiting-Times-for-December-2014.xls", {
      period: "December 2014",
    });
    expect(cancerWaitingTimes.recognise(b)).toBe(true);
    const read = cancerWaitingTimes.read(b, context());
    expect(read.period).toBe("2014-12");
    expect(new Set(read.rows.map((r) => r.indicator))).toEqual(new Set(["cancer_2ww", "cancer_2ww_breast"]));
    expect(read.rows).toHaveLength(2 * CCGS.length);
    for (const r of read.rows) {
      const i = CCGS.findIndex(([code]) => code === r.organisation);
      const s = sheetOf(r.indicator);
      const want = expected(s, i);
      expect(r.value === "*" ? "*" : Number(r.value).toFixed(1), `${r.organisation} ${r.indicator}`).toBe(want);
      const { total, within } = cancerCounts(s, i);
      expect([r.numerator, r.denominator]).toEqual([String(within), String(total)]);
      expect(r.period).toBe("2014-12");
    }
    // the within cell of 00C's row (row 12: 8 title rows, header, England, two area teams) on its sheet
    const first = read.rows.find((r) => r.organisation === "00C" && r.indicator === "cancer_2ww")!;
    expect(first).toMatchObject({ line: 12, at: "'Two Week Wait'!E12" });
    expect(read.setAside).toEqual({
      "England (X24)": 9,
      "area team rows (Q…)": 18,
      "31- and 62-day rows of a single month (quarterly indicators: import the quarter's workbook)": 7 * CCGS.length,
    });
    expect(read.notes.join(" ")).toMatch(/one month's workbook: the 31- and 62-day standards are quarterly/);
  });

  it("reads a quarter's .xlsx: the 31- and 62-day standards for the quarter, the two-week waits set aside", async () => {
    const b = await book("cwt-commissioner.xlsx", { period: "Quarter 3 2014-15 (October to December 2014)" });
    const read = cancerWaitingTimes.read(b, context());
    expect(read.period).toBe("2014/15 Q3");
    expect(new Set(read.rows.map((r) => r.indicator))).toEqual(new Set(QUARTERLY.map((s) => s.indicator)));
    // 22 CCGs × 7 standards, less 02D's consultant upgrades (no patients)
    expect(read.rows).toHaveLength(7 * CCGS.length - 1);
    for (const r of read.rows) {
      const i = CCGS.findIndex(([code]) => code === r.organisation);
      expect(r.value === "*" ? "*" : Number(r.value).toFixed(1)).toBe(expected(sheetOf(r.indicator), i));
    }
    const drug = read.rows.find((r) => r.organisation === "99A" && r.indicator === "cancer_31d_sub_drug")!;
    expect(drug.at).toBe("'31 Day Subsequent - Drug'!E33");
    expect(read.setAside).toMatchObject({
      "England (X24)": 9,
      "two-week-wait rows of a whole quarter (monthly indicators: import each month's workbook)": 2 * CCGS.length,
      "CCGs with no patients for the standard (total 0)": 1,
    });
  });

  it("takes the period from the file's name, or from --period (a month, or a quarter written either way)", async () => {
    const byName = await book("Q3-2014-15-Cancer-Waiting-Times-Commissioner.xls");
    expect(cancerWaitingTimes.read(byName, context()).period).toBe("2014/15 Q3");
    const monthName = await book("Commissioner-Based-CWT-Nov14.xls");
    expect(cancerWaitingTimes.read(monthName, context()).period).toBe("2014-11");
    expect(cancerWaitingTimes.read(monthName, context("Q3 2014-15")).period).toBe("2014/15 Q3");
    expect(cancerWaitingTimes.read(monthName, context("2014/15 Q3")).period).toBe("2014/15 Q3");
    expect(cancerWaitingTimes.read(monthName, context("Dec-14")).period).toBe("2014-12");
    expect(quarterOf("January to March 2015")).toBe("2014/15 Q4");
    expect(quarterOf("Q1 2013/14")).toBe("2013/14 Q1");
    expect(quarterOf("Q1 2013/15")).toBeUndefined();
  });

  it("refuses a provider-based workbook, a sheet with no Total column, and a period it can't read, with the reason", async () => {
    const provider = await book("Provider-based-Cancer-Waiting-Times-for-December-2014.xls", {
      period: "December 2014",
      basis: "Provider",
    });
    expect(cancerWaitingTimes.recognise(provider)).toBe(true);
    expect(() => cancerWaitingTimes.read(provider, context())).toThrow(
      /provider-based workbook \(sheet "Two Week Wait": one row per trust\)\. CCG figures come from the commissioner-based workbook/,
    );
    const noTotal = await book("cwt-dec-2014.xls", { period: "December 2014", noTotal: true });
    expect(() => cancerWaitingTimes.read(noTotal, context())).toThrow(
      'the "Two Week Wait" sheet has no "Total" column (header row 8)',
    );
    const badPeriod = await book("cwt.xls", { period: "Winter 2014" });
    expect(() => cancerWaitingTimes.read(badPeriod, context())).toThrow(ImportFileError);
    expect(() => cancerWaitingTimes.read(badPeriod, context())).toThrow(
      `I can't read the period from the "Period:" row ("Winter 2014")`,
    );
    const extract = workbookOf(
      "CWT-CRS-Data-Extract-Commissioner.csv",
      Buffer.from("PERIOD,STANDARD,ORG CODE,TOTAL,WITHIN STANDARD,BREACHES\n2014-12-01,2WW,00C,100,95,5\n"),
    );
    expect(cancerWaitingTimes.recognise(extract)).toBe(true);
    expect(() => cancerWaitingTimes.read(extract, context())).toThrow(/is a data extract \(one row per standard/);
    const noPeriod = await book("cwt.xls");
    expect(() => cancerWaitingTimes.read(noPeriod, context())).toThrow(/Give it with --period/);
  });
});

describe("importing a cancer waiting times workbook", () => {
  const options = { kind: "values" as const, mode: "all-or-nothing" as const, now: TEST_SEED_NOW };

  it("stores each CCG's figure, suppressed cells as suppressed, and reports what it set aside", async () => {
    const file = await writeBook(dir, "Q3-2014-15-CWT-Commissioner.xlsx", cancerWorkbook());
    const report = await importFile(db, file, options);
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, rejected: 0, format: "cancer-waiting-times" });
    expect(report.inserted).toBe(7 * CCGS.length - 1);
    expect(report.suppressed).toBe(7);
    expect(report.notes[0]).toBe("Read as Cancer waiting times, commissioner based (NHS England), period 2014/15 Q3.");
    expect(report.setAsideBy?.["England (X24)"]).toBe(9);
    const stored = await db.prisma.indicatorValue.findMany({ where: { indicatorCode: "cancer_62d_gp" } });
    expect(stored).toHaveLength(CCGS.length);
    const s = sheetOf("cancer_62d_gp");
    for (const v of stored) {
      const i = CCGS.findIndex(([code]) => code === v.organisationCode);
      expect(v.periodStart.toISOString().slice(0, 10)).toBe("2014-10-01");
      if (v.suppressed) {
        expect([v.organisationCode, v.value]).toEqual(["01M", null]);
        continue;
      }
      const { total, within } = cancerCounts(s, i) as { total: number; within: number };
      expect(v.value!.toFixed(1)).toBe(((within / total) * 100).toFixed(1));
      expect([v.numerator, v.denominator]).toEqual([within, total]);
    }
  });
});

describe.skipIf(testDatabaseKind() === "postgres")("npm run import on a cancer workbook", () => {
  it("reads the month's workbook as published and says what it was read as", async () => {
    const file = await writeBook(
      dir,
      "Commissioner-based-Cancer-Waiting-Times-for-December-2014.xls",
      cancerWorkbook({ period: "December 2014" }),
    );
    const { stdout } = await importCli(dir, [file]);
    expect(stdout).toMatch(/^Imported values from .*: \d+ rows read, 44 new, 0 changed, 0 unchanged, 2 suppressed/m);
    expect(stdout).toMatch(/^Read as Cancer waiting times, commissioner based \(NHS England\), period 2014-12\.$/m);
    expect(stdout).toMatch(/Set aside: 9 England \(X24\); 18 area team rows/);
  }, 300_000);
});
