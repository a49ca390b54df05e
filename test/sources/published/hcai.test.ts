// MRSA and C. difficile: PHE's monthly counts by CCG, written here in the published tables' shape (title rows, a
// header of codes, name and one column per month, England and area-team rows, "-" for a count not available, notes
// below), then each CCG's own C. difficile objective (--format ccg-objectives), and status judging 02N's year to
// date against it. All counts invented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../../src/console/console-channel";
import { createCore, type Core } from "../../../src/core";
import { fixedClock } from "../../../src/core/time";
import type { Database } from "../../../src/db/database";
import { importFile } from "../../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";
import { writeBook } from "./cancer-dm01-fixtures";

let db: Database;
let core: Core;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("hcai", { demo: false }));
  core = createCore(db.prisma, fixedClock("2026-12-02T10:00:00Z"));
});
afterAll(() => cleanup());

const MONTHS = ["Apr-14", "May-14", "Jun-14", "Jul-14", "Aug-14", "Sep-14", "Oct-14", "Nov-14", "Dec-14"];

/** A PHE table: `codes` says whether CCGs are named by ODS code or by ONS code. */
function table(infection: string, rows: (string | number)[][], codes: "ods" | "ons" = "ods") {
  return [
    [`Table 4a: Monthly counts of ${infection} by Clinical Commissioning Group (CCG)`],
    ["Data as at 8 January 2015. Counts are of cases attributed to the CCG's population."],
    [],
    ["Area Team Code", codes === "ods" ? "CCG Code" : "ONS Code", "CCG Name", ...MONTHS],
    ...rows,
    [],
    ["Note: - no data submitted for the month."],
  ];
}

const CDIFF_ROWS = [
  ["", "", "England", 1100, 1150, 1200, 1180, 1210, 1190, 1170, 1160, 1130],
  ["Q72", "", "North Yorkshire and Humber Area Team", 40, 41, 42, 43, 44, 45, 46, 47, 48],
  ["Q72", "02N", "NHS Airedale, Wharfedale and Craven CCG", 2, 3, 1, 2, "-", 4, 3, 2, 5],
  ["Q45", "00C", "NHS Darlington CCG", 1, 0, 2, 1, 1, 0, 1, 2, 1],
];

describe("C. difficile counts by CCG", () => {
  it("are recognised by their header, one figure per CCG and month, England and area teams set aside", async () => {
    const file = await writeBook(dir, "CDI-CCG-Dec14.xlsx", [
      { name: "Table 4a", rows: table("C. difficile infections in patients aged 2 years and over", CDIFF_ROWS) },
    ]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, format: "hcai-cdiff", inserted: 18, suppressed: 1 });
    expect(report.notes[0]).toMatch(/^Read as C\. difficile infections, monthly counts by CCG \(PHE\)/);
    expect(report.setAsideBy).toEqual({ "England (X24)": 1, "area team rows (Q…)": 1 });
    const dec = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "c_difficile", periodStart: new Date("2014-12-01") },
    });
    expect(dec.value).toBe(5);
    const aug = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "c_difficile", periodStart: new Date("2014-08-01") },
    });
    expect(aug).toMatchObject({ value: null, suppressed: true });
  });

  it("are judged against each CCG's own objective: the year's cases to date against it", async () => {
    const objectives = await writeBook(dir, "cdi-objectives-2014-15.csv", [
      {
        name: "Sheet1",
        rows: [
          ["C. difficile infection objectives for CCGs, 2014/15"],
          ["CCG Code", "CCG Name", "Objective"],
          ["02N", "NHS Airedale, Wharfedale and Craven CCG", 30],
          ["00C", "NHS Darlington CCG", 8],
        ],
      },
    ]);
    const loaded = await importFile(db, objectives, {
      kind: "values",
      mode: "all-or-nothing",
      now: TEST_SEED_NOW,
      format: "ccg-objectives",
      indicator: "c_difficile",
      period: "2014/15",
    });
    expect(loaded).toMatchObject({ committed: true, inserted: 2 });
    const run = (text: string) => new ConsoleChannel(core).run(text);
    // 02N: 22 cases Apr–Dec (Aug not available) against 30 for the year, 22.5 pro rata: green
    const green = (await run("status 02N c_difficile as of Dec 2014")).text;
    expect(green).toMatch(/GREEN .*30 a year/);
    expect(green).toMatch(/22 cases in 2014\/15 to Dec 2014: within the CCG's objective of 30 for the year/);
    // 00C: 9 cases against 8 for the year: red
    expect((await run("status 00C c_difficile as of Dec 2014")).text).toMatch(
      /RED [\s\S]*9 cases in 2014\/15 to Dec 2014: over the CCG's objective of 8 for the year/,
    );
    // as of Nov 2014, 00C had 8 cases in 8 months: over 5.3 pro rata, within the year's 8: amber
    expect((await run("status 00C c_difficile as of Nov 2014")).text).toMatch(
      /AMBER [\s\S]*over 5\.3 \(the objective of 8/,
    );
  });
});

describe("MRSA counts by CCG", () => {
  it("read CCGs named by ONS code (E38…) through the ODS codes of April 2013", async () => {
    const file = await writeBook(dir, "MRSA-CCG-Dec14.xls", [
      {
        name: "Table 6a",
        rows: table(
          "MRSA bacteraemia",
          [
            ["", "E92000001", "England", 70, 71, 72, 73, 74, 75, 76, 77, 78],
            ["Q72", "E38000001", "NHS Airedale, Wharfedale and Craven CCG", 0, 0, 1, 0, 0, 0, 0, 0, 0],
            ["Q99", "E38999999", "A CCG that is not ours", 0, 0, 0, 0, 0, 0, 0, 0, 0],
          ],
          "ons",
        ),
      },
    ]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report).toMatchObject({ committed: true, format: "hcai-mrsa", inserted: 9 });
    expect(report.setAsideBy).toEqual({ "England (X24)": 1, "CCGs whose ONS code is not one of ours": 1 });
    expect(report.notes).toContain("1 CCG rows given by ONS code (E38…), mapped to ODS codes.");
  });
});
