// IAPT recovery from the monthly long-format CSV, in the shape described at the top of
// src/sources/published/iapt-monthly.ts, from two files written by us (test/fixtures/published): April–June 2015 with
// dates as 01/04/2015, England, provider, region, CCG–provider and unknown-commissioner rows, first treatments, a
// measure not read, a suppressed count, a CCG with only two months, a provisional month and a published rate that
// disagrees with its counts; January–March 2016 with ISO dates. All figures invented.
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { importFile, openWorkbook, recognise } from "../../../src/sources/published";
import { ccgRows } from "../../../src/sources/published/ccg-rows";
import { MONTHLY_SET_ASIDE, quarterOfMonth, rateAgrees } from "../../../src/sources/published/iapt-monthly";
import { importCli } from "../../support/import-cli";
import { seededDatabaseWithDir, testDatabaseKind, TEST_SEED_NOW } from "../../support/test-database";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/published");
const Q1_2015 = path.join(FIXTURES, "iapt-monthly-apr-jun-2015.csv");
const Q4_2015 = path.join(FIXTURES, "iapt-monthly-jan-mar-2016.csv");

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("iapt-monthly", { demo: false }));
});
afterAll(() => cleanup());

const options = { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW } as const;

describe("the monthly IAPT activity CSV", () => {
  it("is recognised by its long-format header, as no other publication", async () => {
    expect(recognise(await openWorkbook(Q1_2015)).map((f) => f.id)).toEqual(["iapt-monthly"]);
    expect(recognise(await openWorkbook(Q4_2015)).map((f) => f.id)).toEqual(["iapt-monthly"]);
  });

  it("stores each CCG's quarter summed from its three months, and sets aside and counts every other row", async () => {
    const report = await importFile(db, Q1_2015, options);
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, format: "iapt-monthly", rejected: 0, inserted: 2, suppressed: 1 });
    expect(report.setAsideBy).toEqual({
      "England (X24)": 1,
      "provider rows": 1,
      "region rows (Y…)": 1,
      "commissioners that are not CCGs": 1,
      [MONTHLY_SET_ASIDE.combination]: 1,
      [MONTHLY_SET_ASIDE.access]: 3,
      [MONTHLY_SET_ASIDE.measure]: 1,
      [MONTHLY_SET_ASIDE.provisional]: 1,
      // 00D has April and May only: its six count rows
      [MONTHLY_SET_ASIDE.incomplete]: 6,
    });
    expect(report.notes[0]).toBe(
      "Read as IAPT recovery by CCG, from the monthly activity CSV (NHS Digital), period 2015/16 Q1.",
    );
    expect(report.notes).toContain(
      "iapt_access is not read from the monthly file: it gives first treatments but not the estimated prevalence.",
    );
    // June's 55.0 against 40 ÷ (90 − 10) = 50%
    expect(report.notes).toContain(
      "1 month give a Percentage_Recovery that differs from the month's counts beyond its rounding; the figures stored are from the counts.",
    );

    const values = await db.prisma.indicatorValue.findMany({
      where: { indicatorCode: "iapt_recovery", periodStart: new Date("2015-04-01") },
      orderBy: { organisationCode: "asc" },
    });
    // 02N: (45 + 52 + 40) ÷ ((100 + 110 + 90) − (10 + 10 + 10)) = 137 ÷ 270; 00C: May's not-at-caseness is "*"
    expect(values.map((v) => [v.organisationCode, v.value, v.numerator, v.denominator, v.suppressed])).toEqual([
      ["00C", null, null, null, true],
      ["02N", (137 / 270) * 100, 137, 270, false],
    ]);
    expect(await db.prisma.indicatorValue.count({ where: { indicatorCode: "iapt_access" } })).toBe(0);
  });

  it("traces a stored figure back to the three Count_Recovery cells it sums", async () => {
    const book = await openWorkbook(Q1_2015);
    const read = recognise(book)[0]!.read(book, {
      organisations: new Map([["02N", { kind: "CCG" }]]),
      attribution: () => new Map(),
    });
    const row = read.rows.find((r) => r.organisation === "02N")!;
    // lines 6, 11 and 16 of the file; MEASURE_VALUE is column K
    expect(row).toMatchObject({
      line: 6,
      at: "line 6 column K + line 11 column K + line 16 column K",
      indicator: "iapt_recovery",
      period: "2015/16 Q1",
      numerator: "137",
      denominator: "270",
    });
  });

  it("reads ISO dates (2016-01-01) as the later files write them", async () => {
    const report = await importFile(db, Q4_2015, options);
    expect(report).toMatchObject({ committed: true, inserted: 1, rejected: 0 });
    expect(report.setAsideBy).toEqual({ "England (X24)": 3 });
    expect(report.notes.some((n) => n.includes("Percentage_Recovery"))).toBe(false);
    const q4 = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "iapt_recovery", periodStart: new Date("2016-01-01") },
    });
    expect(q4).toMatchObject({ value: (148 / 290) * 100, numerator: 148, denominator: 290 });
  });

  it("a month is placed in its financial quarter; a published rate is checked within its own rounding", () => {
    expect(quarterOfMonth("2015-05")).toEqual({ quarter: "2015/16 Q1", months: ["2015-04", "2015-05", "2015-06"] });
    expect(quarterOfMonth("2016-02")).toEqual({ quarter: "2015/16 Q4", months: ["2016-01", "2016-02", "2016-03"] });
    const month = (rate: string) => ({
      finished: { text: "100", line: 1 },
      notCaseness: { text: "7", line: 2 },
      recovered: { text: "46", line: 3 },
      rate: { text: rate, line: 4 },
    });
    // 46 ÷ 93 = 49.46%
    expect(rateAgrees(month("49"))).toBe(true);
    expect(rateAgrees(month("49.5"))).toBe(true);
    expect(rateAgrees(month("49.9"))).toBe(false);
    expect(rateAgrees(month("0.495"))).toBe(true);
    expect(rateAgrees(month("*"))).toBe(true);
  });

  it("the shared row loop gives each CCG's row with its period and counts what it sets aside", () => {
    const setAside: Record<string, number> = {};
    const rows = [
      { row: 2, cells: ["England", "X24", "England", "Q3 2014/15"] },
      { row: 3, cells: ["CCG", "02N", "NHS Airedale CCG", "Q3 2014/15"] },
      { row: 4, cells: ["Provider", "RXF", "Mid Yorkshire", "Q3 2014/15"] },
      { row: 5, cells: ["", "", "", ""] },
      { row: 6, cells: ["", "", "", "Source: IAPT data set"] },
    ];
    const read = (providers: boolean) => [
      ...ccgRows(
        rows,
        { level: 0, code: 1, name: 2, period: 3 },
        { organisations: new Map(), filePeriod: undefined, periodGiven: false, providers, setAside },
      ),
    ];
    expect(read(true).map((r) => [r.row.row, r.ccg, r.period])).toEqual([[3, "02N", { quarter: "2014/15 Q3" }]]);
    expect(setAside).toEqual({ "England (X24)": 1, "provider rows": 1 });
    read(false);
    expect(setAside).toEqual({ "England (X24)": 2, "provider rows": 1, 'other levels ("Provider")': 1 });
  });
});

describe.skipIf(testDatabaseKind() === "postgres")("npm run import on the monthly IAPT CSV", () => {
  it("recognises the file, says what it was read as and stores the quarter", async () => {
    const file = path.join(dir, "iapt-monthly-jan-mar-2016.csv");
    await copyFile(Q4_2015, file);
    const { stdout } = await importCli(dir, [file]);
    // rows read counts the set-aside rows too: the one quarter and England's three months
    expect(stdout).toMatch(/^Imported values from .*: 4 rows read, 1 new, 0 changed, 0 unchanged, 3 rows set aside/m);
    expect(stdout).toMatch(
      /^Read as IAPT recovery by CCG, from the monthly activity CSV \(NHS Digital\), period 2015\/16 Q4\.$/m,
    );
    expect(stdout).toMatch(/^Set aside: 3 England \(X24\)\.$/m);
    const again = await importCli(dir, [file]);
    expect(again.stdout).toMatch(/: 4 rows read, 0 new, 0 changed, 1 unchanged/m);
  }, 300_000);
});
