// The CCG Outcomes Indicator Set by CCG, in the shape described at the top of src/sources/published/ccg-ois.ts:
// title rows naming the indicator, breakdown and sex rows beside the CCGs' persons rows, ONS area codes, calendar and
// pooled years, a suppressed value. All figures invented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../../src/console/console-channel";
import { createCore } from "../../../src/core";
import { fixedClock } from "../../../src/core/time";
import type { Database } from "../../../src/db/database";
import { importFile } from "../../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";
import { writeBook } from "./cancer-dm01-fixtures";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("ois", { demo: false }));
});
afterAll(() => cleanup());

describe("CCG Outcomes Indicator Set", () => {
  it("stores each CCG's persons figure by year, pooled years as their last, mapping ONS codes to ODS", async () => {
    const file = await writeBook(dir, "CCG_OIS_1.1_PYLL.xlsx", [
      {
        name: "Data",
        rows: [
          [
            "CCG Outcomes Indicator Set: 1.1 Potential years of life lost (PYLL) from causes considered amenable to healthcare",
          ],
          ["Directly standardised rate per 100,000 population"],
          [],
          ["Year", "Breakdown", "Area Code", "Level description", "Gender", "Indicator value", "Lower CI", "Upper CI"],
          ["2013", "England", "E92000001", "England", "Person", "2000.5", "1990", "2011"],
          ["2013", "CCG", "E38000001", "NHS Airedale, Wharfedale and Craven CCG", "Person", "1,990.2", "1800", "2180"],
          ["2013", "CCG", "E38000001", "NHS Airedale, Wharfedale and Craven CCG", "Male", "2300", "2000", "2600"],
          ["2013", "CCG", "E38000047", "NHS Durham Dales, Easington and Sedgefield CCG", "Person", "*", "", ""],
          ["2011 - 13", "CCG", "E38000042", "NHS Darlington CCG", "Person", "2100", "2000", "2200"],
          ["2013", "CCG", "E38999999", "A CCG not ours", "Person", "1500", "1400", "1600"],
        ],
      },
    ]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, format: "ccg-ois", rejected: 0, suppressed: 1 });
    expect(report.setAsideBy).toEqual({
      'England (breakdown "England")': 1,
      "male and female rows (persons are imported)": 1,
      "CCGs whose ONS code is not one of ours": 1,
    });
    expect(report.notes).toContain("Figures pooled over 2011-13 are stored as 2013, their last year.");
    const stored = await db.prisma.indicatorValue.findMany({
      where: { indicatorCode: "ois_1_1" },
      orderBy: { organisationCode: "asc" },
    });
    expect(stored.map((s) => [s.organisationCode, s.periodStart.toISOString().slice(0, 10), s.value])).toEqual([
      ["00C", "2013-01-01", 2100],
      ["00D", "2013-01-01", null],
      ["02N", "2013-01-01", 1990.2],
    ]);
    // status shows a calendar year as such once it has ended, and it is stale once the next one has
    const status = await new ConsoleChannel(createCore(db.prisma, fixedClock("2026-12-02T10:00:00Z"))).run(
      "status 02N ois_1_1 as of 2013",
    );
    expect(status.text).toMatch(/1,990 per 100,000 .*2013\n/);
    expect(status.text).not.toMatch(/\(stale/);
    const later = await new ConsoleChannel(createCore(db.prisma, fixedClock("2026-12-02T10:00:00Z"))).run(
      "status 02N ois_1_1 as of 2014",
    );
    expect(later.text).toMatch(/stale: no figure for 2014/);
  });
});
