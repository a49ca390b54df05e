// Dementia diagnosis rates by CCG, in the shapes described at the top of src/sources/published/dementia.ts: NHS
// England's quarterly CSV (title rows naming the quarter, England and an area team's subtotal beside the CCGs, the
// rate as a fraction, a suppressed register) and the HSCIC's monthly workbook (a level column, rates as "66.0%", a
// recorded-prevalence column that is not the diagnosis rate). All figures invented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../../src/console/console-channel";
import { createCore } from "../../../src/core";
import { fixedClock } from "../../../src/core/time";
import type { Database } from "../../../src/db/database";
import { importFile, openWorkbook, recognise } from "../../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";
import { writeBook } from "./cancer-dm01-fixtures";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("dementia", { demo: false }));
});
afterAll(() => cleanup());

const stored = async (month: string) =>
  (
    await db.prisma.indicatorValue.findMany({
      where: { indicatorCode: "dementia_diagnosis", periodStart: new Date(`${month}-01`) },
      orderBy: { organisationCode: "asc" },
    })
  ).map((v) => [v.organisationCode, v.value, v.numerator, v.denominator, v.suppressed]);

describe("dementia diagnosis rates by CCG", () => {
  it("a quarter's CSV: register ÷ estimated prevalence, stored as the quarter's last month, England and area team set aside", async () => {
    const file = await writeBook(dir, "dementia-diagnosis-rates-ccg.csv", [
      {
        name: "Sheet1",
        rows: [
          ["Dementia diagnosis rates by Clinical Commissioning Group, Quarter 2 2014/15"],
          ["Estimated prevalence: the Dementia Prevalence Calculator. * register suppressed."],
          [],
          [
            "Area Team Code",
            "CCG Code",
            "CCG Name",
            "Number of people on the dementia register",
            "Estimated number of people with dementia",
            "Diagnosis rate",
          ],
          ["", "X24", "England", "400,000", "676,000", 0.592],
          ["Q52", "", "West Yorkshire Area Team", 12000, 19000, 0.632],
          ["Q52", "02N", "NHS Airedale, Wharfedale and Craven CCG", 1600, 2500, 0.64],
          ["Q45", "00C", "NHS Darlington CCG", "*", 900, "*"],
          ["Q45", "00D", "NHS Durham Dales, Easington and Sedgefield CCG", "", "", 0.581],
          [],
          ["Note: rates are the register as a proportion of estimated prevalence."],
        ],
      },
    ]);
    expect(recognise(await openWorkbook(file)).map((f) => f.id)).toEqual(["dementia"]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, format: "dementia", rejected: 0, inserted: 3, suppressed: 1 });
    expect(report.setAsideBy).toEqual({ "England (X24)": 1, "area team rows (Q…)": 1 });
    expect(report.notes).toContain(
      "Figures for 2014/15 Q2 (the register at the quarter's end) are stored as 2014-09, its last month.",
    );
    expect(report.notes).toContain("The published rates are fractions (0.523 for 52.3%): read as percentages.");
    // 02N: 1,600 of 2,500 (64%); 00D has only the published fraction 0.581
    expect(await stored("2014-09")).toEqual([
      ["00C", null, null, null, true],
      ["00D", 58.1, null, null, false],
      ["02N", 64, 1600, 2500, false],
    ]);
  });

  it("a month's workbook: the month its title names (not the publication date), percentages as shown, national, region and area team rows set aside by level", async () => {
    const file = await writeBook(dir, "Recorded-dementia-diagnoses.xlsx", [
      { name: "Notes", rows: [["Recorded dementia diagnoses"], ["See the CCG sheet."]] },
      {
        name: "CCG",
        rows: [
          ["Published 12 February 2015"],
          ["Recorded dementia diagnoses by CCG, as at 31 December 2014"],
          [],
          [
            "Level",
            "Organisation Code",
            "Organisation Name",
            "Recorded dementia diagnoses",
            "Recorded prevalence (%)",
            "Estimated prevalence",
            "Estimated dementia diagnosis rate (%)",
          ],
          ["National", "X24", "England", 410000, "0.7%", 676000, "60.7%"],
          ["Region", "Y54", "North of England", 120000, "0.8%", 190000, "63.2%"],
          ["Area Team", "Q52", "West Yorkshire Area Team", 12500, "0.7%", 19000, "65.8%"],
          ["CCG", "02N", "NHS Airedale, Wharfedale and Craven CCG", 1650, "1.1%", 2500, "66.0%"],
          ["CCG", "00C", "NHS Darlington CCG", "..", "..", 900, ".."],
        ],
      },
    ]);
    expect(recognise(await openWorkbook(file)).map((f) => f.id)).toEqual(["dementia"]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, rejected: 0, inserted: 2, suppressed: 1 });
    expect(report.setAsideBy).toEqual({ "England (X24)": 1, "region rows (Y…)": 1, "area team rows (Q…)": 1 });
    expect(report.rejections ?? []).toEqual([]);
    expect(await stored("2014-12")).toEqual([
      ["00C", null, null, null, true],
      ["02N", 66, 1650, 2500, false],
    ]);
    // against two-thirds (66.7%): 66% is amber, within the 2-point band
    const status = await new ConsoleChannel(createCore(db.prisma, fixedClock("2015-02-10T10:00:00Z"))).run(
      "status 02N dementia_diagnosis as of Dec 2014",
    );
    expect(status.text).toMatch(/AMBER .*Dementia diagnosis rate.*66%.*66\.7%/);
  });
});
