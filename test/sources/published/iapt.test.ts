// IAPT access and recovery by CCG, in the shape described at the top of src/sources/published/iapt.ts: title rows
// naming the quarter, a level column with England, area team and provider rows beside the CCGs, counts for entered
// treatment, prevalence, finished, not at caseness and recovered, published rates as fractions, suppressed cells,
// and a CSV with a period column holding quarters and a month. All figures invented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { importFile, openWorkbook, recognise } from "../../../src/sources/published";
import { roleOf } from "../../../src/sources/published/iapt";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";
import { writeBook } from "./cancer-dm01-fixtures";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("iapt", { demo: false }));
});
afterAll(() => cleanup());

const HEADER = [
  "Level",
  "Commissioner Code",
  "Commissioner Name",
  "Referrals received",
  "Referrals entered treatment",
  "Estimated prevalence of anxiety and depression",
  "Access rate",
  "Referrals that finished a course of treatment",
  "Finished treatment, not at caseness at initial assessment",
  "Finished treatment, moved to recovery",
  "Recovery rate",
];

const QUARTER_ROWS = [
  ["England", "X24", "England", 300000, 200000, 5000000, 0.04, 120000, 9000, 50000, 0.45],
  ["Area Team", "Q52", "West Yorkshire Area Team", 9000, 6000, 150000, 0.04, 3500, 300, 1500, 0.47],
  ["Provider", "RXF", "Mid Yorkshire Hospitals NHS Trust", 2000, 1500, "", "", 900, 50, 400, 0.47],
  ["CCG", "02N", "NHS Airedale, Wharfedale and Craven CCG", 700, "1,450", "40,000", 0.03625, 300, 20, 140, 0.5],
  ["CCG", "00C", "NHS Darlington CCG", 400, "*", 10000, "*", 100, 10, 40, 0.4444],
  ["CCG", "00D", "NHS Durham Dales, Easington and Sedgefield CCG", 500, 300, 10000, 0.03, "", "", "", 0.41],
];

function quarterlyBook() {
  return [
    {
      name: "CCG",
      rows: [
        ["Quarterly IAPT Data Set Report: Q3 2014/15, by commissioner"],
        ["Period: October - December 2014"],
        ["* suppressed: small numbers"],
        [],
        HEADER,
        ...QUARTER_ROWS,
        [],
        ["Source: IAPT data set, HSCIC"],
      ],
    },
  ];
}

const stored = async (indicator: string) =>
  (
    await db.prisma.indicatorValue.findMany({
      where: { indicatorCode: indicator },
      orderBy: [{ organisationCode: "asc" }, { periodStart: "asc" }],
    })
  ).map((v) => [v.organisationCode, v.periodStart.toISOString().slice(0, 10), v.value, v.numerator, v.denominator]);

describe("IAPT reports by CCG", () => {
  it("reads each header's measure by its words", () => {
    expect(HEADER.map(roleOf)).toEqual([
      "level",
      "code",
      "name",
      undefined,
      "entered",
      "prevalence",
      "accessRate",
      "finished",
      "notCaseness",
      "recovered",
      "recoveryRate",
    ]);
    expect(roleOf("Mean wait to enter treatment (days)")).toBeUndefined();
    expect(roleOf("Entering treatment as a % of prevalence")).toBe("accessRate");
    expect(roleOf("Finished treatment and at caseness at initial assessment")).toBe("atCaseness");
  });

  it("store access and recovery from the counts, England, area team and provider rows set aside and counted", async () => {
    const file = await writeBook(dir, "IAPT-Q3-2014-15.xlsx", quarterlyBook());
    expect(recognise(await openWorkbook(file)).map((f) => f.id)).toEqual(["iapt"]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, format: "iapt", rejected: 0, inserted: 6, suppressed: 1 });
    expect(report.setAsideBy).toEqual({ "England (X24)": 1, "area team rows (Q…)": 1, "provider rows": 1 });
    expect(report.notes[0]).toBe("Read as IAPT access and recovery, quarterly by CCG (HSCIC), period 2014/15 Q3.");
    expect(report.notes).toContain("1 figures taken from the published rate, where the file gives no counts.");
    expect(report.notes).toContain("The published rates are fractions (0.45 for 45%): read as percentages.");
    // 02N: 1,450 of 40,000 entered treatment (3.625%); 140 recovered of 300 − 20 at caseness (50%)
    expect(await stored("iapt_access")).toEqual([
      ["00C", "2014-10-01", null, null, null],
      ["00D", "2014-10-01", 3, 300, 10000],
      ["02N", "2014-10-01", (1450 / 40000) * 100, 1450, 40000],
    ]);
    expect(await stored("iapt_recovery")).toEqual([
      ["00C", "2014-10-01", (40 / 90) * 100, 40, 90],
      ["00D", "2014-10-01", 41, null, null],
      ["02N", "2014-10-01", 50, 140, 280],
    ]);
    const suppressed = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "00C", indicatorCode: "iapt_access" },
    });
    expect(suppressed.suppressed).toBe(true);
  });

  it("read a CSV whose period column gives quarters and months: months set aside, regions and providers by code", async () => {
    const file = await writeBook(dir, "iapt-ccg-2014-15.csv", [
      {
        name: "Sheet1",
        rows: [
          ["Improving Access to Psychological Therapies (IAPT) by CCG, 2014/15"],
          [],
          [
            "Quarter",
            "CCG Code",
            "CCG Name",
            "Count of referrals entering treatment",
            "Prevalence (PMS)",
            "Finished course of treatment",
            "Not at caseness at start of treatment",
            "Moved to recovery",
          ],
          ["Q1 2014/15", "02N", "NHS Airedale, Wharfedale and Craven CCG", 1200, 40000, 280, 30, 100],
          ["July - September 2014", "02N", "NHS Airedale, Wharfedale and Craven CCG", 1300, 40000, 290, 40, "-"],
          ["Dec-14", "02N", "NHS Airedale, Wharfedale and Craven CCG", 480, 40000, 95, 5, 45],
          ["Q1 2014/15", "Y54", "North of England", 30000, 1000000, 9000, 800, 4000],
          ["Q1 2014/15", "RXF", "Mid Yorkshire Hospitals NHS Trust", 900, "", 300, 10, 130],
          ["Q1 2014/15", "X24", "England", 190000, 5000000, 120000, 9000, 50000],
        ],
      },
    ]);
    expect(recognise(await openWorkbook(file)).map((f) => f.id)).toEqual(["iapt"]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, rejected: 0, inserted: 4, suppressed: 1 });
    expect(report.setAsideBy).toEqual({
      "monthly figures (the IAPT indicators are quarterly: import the quarterly report)": 1,
      "region rows (Y…)": 1,
      "provider rows": 1,
      "England (X24)": 1,
    });
    const recovery = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "iapt_recovery", periodStart: new Date("2014-04-01") },
    });
    // 100 ÷ (280 − 30) × 100, traced to the "Moved to recovery" cell
    expect(recovery).toMatchObject({ value: 40, numerator: 100, denominator: 250 });
    const q2 = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "iapt_recovery", periodStart: new Date("2014-07-01") },
    });
    expect(q2).toMatchObject({ value: null, suppressed: true });
  });

  it("take the denominator as given where a table counts those at caseness rather than those not", async () => {
    const file = await writeBook(dir, "IAPT_CCG_Q4_2013-14.csv", [
      {
        name: "Sheet1",
        rows: [
          ["IAPT quarterly report by CCG"],
          ["CCG Code", "CCG Name", "Finished treatment", "Finished treatment at caseness", "Moved to recovery"],
          ["00C", "NHS Darlington CCG", 120, 100, 48],
        ],
      },
    ]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report).toMatchObject({ committed: true, inserted: 1 });
    expect(report.notes[0]).toMatch(/period 2013\/14 Q4\.$/);
    const q4 = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "00C", indicatorCode: "iapt_recovery", periodStart: new Date("2014-01-01") },
    });
    expect(q4).toMatchObject({ value: 48, numerator: 48, denominator: 100 });
  });

  it("a file that names no quarter is refused with the fix", async () => {
    const file = await writeBook(dir, "iapt.csv", [
      {
        name: "Sheet1",
        rows: [["IAPT by CCG"], HEADER.slice(1), QUARTER_ROWS[3]!.slice(1)],
      },
    ]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal?.message).toMatch(/can't tell which quarter.*--period "Q3 2014\/15"/);
  });
});
