// Ambulance Quality Indicators by ambulance trust, attributed to CCGs by the provider attribution table: a sheet in
// the shape described at the top of src/sources/published/ambulance.ts (title rows, England and region rows, one row
// per trust with incidents and those in time per measure). All figures and shares invented.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { importFile } from "../../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";
import { writeBook } from "./cancer-dm01-fixtures";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("amb", { demo: false }));
});
afterAll(() => cleanup());

describe("ambulance quality indicators by trust", () => {
  it("are recognised, attributed to CCGs by each trust's shares, and England and regions set aside", async () => {
    const shares = path.join(dir, "ambulance-shares.csv");
    await writeFile(
      shares,
      [
        "Provider code,Provider name,Provider kind,CCG code,Share,Valid from",
        "RX8,Yorkshire Ambulance Service NHS Trust,ambulance,02N,0.6,2014-04-01",
        "RX8,Yorkshire Ambulance Service NHS Trust,ambulance,02W,0.4,2014-04-01",
        "RX6,North East Ambulance Service NHS Foundation Trust,ambulance,00C,1,2014-04-01",
      ].join("\n"),
    );
    const loaded = await importFile(db, shares, {
      kind: "values",
      mode: "all-or-nothing",
      format: "provider-attribution",
      now: TEST_SEED_NOW,
    });
    expect(loaded.committed).toBe(true);
    const file = await writeBook(dir, "AQI-Dec14.xlsx", [
      {
        name: "System Indicators",
        rows: [
          ["Ambulance Quality Indicators: System Indicators"],
          ["Period:", "December 2014"],
          [],
          [
            "Org Code",
            "Org Name",
            "Red 1 incidents",
            "Red 1 within 8 minutes",
            "Red 2 incidents",
            "Red 2 within 8 minutes",
            "Category A incidents",
            "Category A within 19 minutes",
          ],
          ["", "England", 30000, 22000, 250000, 180000, 280000, 265000],
          ["Y54", "North of England", 9000, 6600, 80000, 58000, 89000, 84000],
          ["RX8", "Yorkshire Ambulance Service NHS Trust", 1000, 740, 10000, 7300, 11000, 10500],
          ["RX6", "North East Ambulance Service NHS Foundation Trust", 500, 390, 5000, "-", 5500, 5300],
          ["RRU", "London Ambulance Service NHS Trust", 2000, 1500, 20000, 15000, 22000, 21000],
        ],
      },
    ]);
    const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW });
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({ committed: true, format: "ambulance-aqi", rejected: 0 });
    // 02N, 02W: three measures each from RX8; 00C: Red 1 and Cat A from RX6 (its Red 2 is "-")
    expect(report.inserted).toBe(8);
    expect(report.setAsideBy).toEqual({
      "England (the total row)": 1,
      "area team and region rows": 1,
      "ambulance trusts with no shares in the attribution table": 1,
    });
    const red1 = await db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "amb_cat_a_8min_red1", periodStart: new Date("2014-12-01") },
    });
    // 0.6 × 740 of 0.6 × 1000: 74%
    expect(red1).toMatchObject({ numerator: 444, denominator: 600 });
    expect(red1.value).toBeCloseTo(74, 6);
  });
});
