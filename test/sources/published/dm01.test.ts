// DM01 diagnostics waiting times, commissioner file, imported as NHS England published it in 2013–15: each CCG's %
// waiting 6 weeks or more over the 15 tests is Number waiting 6+ Weeks ÷ Total Waiting List of its row (or of its
// Total row, or the sum of its tests); England, area teams and other commissioners are set aside and counted.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { dm01 } from "../../../src/sources/published/dm01";
import type { ReadContext } from "../../../src/sources/published/format";
import { importFile, workbookOf } from "../../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW, testDatabaseKind } from "../../support/test-database";
import {
  CCGS,
  DM01_SUPPRESSED,
  DM01_TESTS,
  dm01Counts,
  dm01Workbook,
  writeBook,
  type Dm01Options,
} from "./cancer-dm01-fixtures";
import { importCli } from "../../support/import-cli";

let dir: string;
let db: Database;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("dm01", { demo: false }));
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

async function book(name: string, options: Dm01Options = {}) {
  const file = await writeBook(dir, name, dm01Workbook(options));
  return workbookOf(name, await readFile(file));
}

const percent = (i: number) => {
  const { total, six } = dm01Counts(i);
  return ((six / total) * 100).toFixed(1);
};

function expectEveryCcg(rows: ReturnType<typeof dm01.read>["rows"], suppressed: number | undefined = DM01_SUPPRESSED) {
  expect(rows).toHaveLength(CCGS.length);
  for (const r of rows) {
    const i = CCGS.findIndex(([code]) => code === r.organisation);
    expect(r.indicator).toBe("diagnostics_6wk");
    if (i === suppressed) {
      expect([r.value, r.numerator]).toEqual(["*", "*"]);
      continue;
    }
    expect(Number(r.value).toFixed(1), r.organisation).toBe(percent(i));
    expect([r.numerator, r.denominator]).toEqual([String(dm01Counts(i).six), String(dm01Counts(i).total)]);
  }
}

describe("the DM01 reader", () => {
  it("reads the Commissioner sheet of a .xls: one figure per CCG, England and area teams set aside", async () => {
    const b = await book("Monthly-Diagnostics-Web-File-Commissioner-December-2014.xls");
    expect(dm01.recognise(b)).toBe(true);
    const read = dm01.read(b, context());
    expect(read.period).toBe("2014-12");
    expectEveryCcg(read.rows);
    // 00C: the first CCG, on row 18 (12 title rows, the header, England, a blank row, two non-CCG rows)
    expect(read.rows[0]).toMatchObject({ organisation: "00C", line: 18, at: "G18", period: "2014-12" });
    expect(read.setAside).toEqual({
      "England (X24)": 1,
      "area team rows (Q…)": 1,
      "commissioners that are not CCGs": 1,
    });
  });

  it("reads a sheet per test: each CCG's Total row, or else the sum of its 15 tests (and says so)", async () => {
    const withTotals = dm01.read(await book("dm01-dec-2014.xlsx", { layout: "by-test-with-totals" }), context());
    expectEveryCcg(withTotals.rows, -1);
    expect(withTotals.setAside).toMatchObject({
      "England (X24)": 1,
      "rows per diagnostic test (the Total row is imported)": 15 * CCGS.length,
    });
    const summed = dm01.read(await book("dm01-dec-2014.xlsx", { layout: "by-test" }), context());
    expectEveryCcg(summed.rows, -1);
    expect(summed.rows[0]!.at).toBe(`I16…I${16 + DM01_TESTS.length - 1}`);
    expect(summed.setAside["rows per diagnostic test (added into their CCG's figure)"]).toBe(14 * CCGS.length);
    expect(summed.notes.join(" ")).toMatch(/22 CCGs have no Total row: their figure is the sum of their rows per test/);
    // with both sheets, the totals are imported and the sheet per test set aside as a whole
    const both = dm01.read(await book("dm01-dec-2014.xls", { layout: "both" }), context());
    expectEveryCcg(both.rows);
    expect(both.setAside).toMatchObject({
      'rows of the "Commissioner by Test" sheet (the "Commissioner" sheet\'s totals are imported)':
        15 * CCGS.length + 2,
    });
  });

  it("reads the CSV of the same sheet, and takes the period from the file's name or --period", async () => {
    const csv = await book("Monthly-Diagnostics-Commissioner-Nov-2014.csv", { period: null });
    expect(csv.kind).toBe("csv");
    const read = dm01.read(csv, context());
    expect(read.period).toBe("2014-11");
    expectEveryCcg(read.rows);
    expect(read.rows[0]!.at).toBe("line 18 column G");
    expect(dm01.read(csv, context("Jan-15")).period).toBe("2015-01");
    expect(dm01.read(await book("dm01.xls", { period: "DECEMBER 2014" }), context()).period).toBe("2014-12");
  });

  it("refuses the provider file, a sheet with no Total Waiting List, and a period it can't read", async () => {
    const provider = await book("Monthly-Diagnostics-Web-File-Provider-December-2014.xls", { basis: "Provider" });
    expect(dm01.recognise(provider)).toBe(true);
    expect(() => dm01.read(provider, context())).toThrow(
      "this is the provider file (one row per trust), not the commissioner file",
    );
    const noTotal = await book("dm01-dec-2014.xls", { noTotal: true });
    expect(() => dm01.read(noTotal, context())).toThrow(
      'the "Commissioner" sheet has no "Total Waiting List" column (header row 13)',
    );
    const winter = await book("dm01.xls", { period: "Winter" });
    expect(() => dm01.read(winter, context())).toThrow(`I can't read the month from the "Period:" row ("Winter")`);
    const none = await book("dm01.xls", { period: null });
    expect(() => dm01.read(none, context())).toThrow(/Give it with --period/);
  });
});

describe("importing a DM01 file", () => {
  const options = { kind: "values" as const, mode: "all-or-nothing" as const, now: TEST_SEED_NOW };

  it("stores each CCG's % waiting 6+ weeks with its counts, and reads back what the file says", async () => {
    const file = await writeBook(dir, "Monthly-Diagnostics-Web-File-Commissioner-December-2014.xls", dm01Workbook());
    const report = await importFile(db, file, options);
    expect(report.fatal).toBeUndefined();
    expect(report).toMatchObject({
      committed: true,
      rejected: 0,
      inserted: CCGS.length,
      suppressed: 1,
      format: "dm01",
    });
    expect(report.notes[0]).toBe(
      "Read as Diagnostics waiting times (DM01), by commissioner (NHS England), period 2014-12.",
    );
    const stored = await db.prisma.indicatorValue.findMany({ where: { indicatorCode: "diagnostics_6wk" } });
    expect(stored).toHaveLength(CCGS.length);
    for (const v of stored) {
      const i = CCGS.findIndex(([code]) => code === v.organisationCode);
      expect(v.periodStart.toISOString().slice(0, 10)).toBe("2014-12-01");
      if (i === DM01_SUPPRESSED) {
        expect([v.suppressed, v.value]).toEqual([true, null]);
        continue;
      }
      expect(v.value!.toFixed(1)).toBe(percent(i));
      expect([v.numerator, v.denominator]).toEqual([dm01Counts(i).six, dm01Counts(i).total]);
    }
    // a broken file of the publication stores nothing, and says why
    const broken = await writeBook(dir, "dm01-broken-dec-2014.xls", dm01Workbook({ noTotal: true }));
    await db.prisma.indicatorValue.deleteMany();
    const refused = await importFile(db, broken, options);
    expect(refused.fatal?.message).toMatch(
      /^Diagnostics waiting times \(DM01\).*: the "Commissioner" sheet has no "Total Waiting List" column/,
    );
    expect(await db.prisma.indicatorValue.count()).toBe(0);
  });
});

describe.skipIf(testDatabaseKind() === "postgres")("npm run import on a DM01 file", () => {
  it("reads the commissioner file as published and says what it was read as", async () => {
    const file = await writeBook(dir, "Monthly-Diagnostics-Web-File-Commissioner-December-2014.xls", dm01Workbook());
    const { stdout } = await importCli(dir, [file]);
    expect(stdout).toMatch(/^Imported values from .*: 25 rows read, 22 new, 0 changed, 0 unchanged, 1 suppressed/m);
    expect(stdout).toMatch(
      /^Read as Diagnostics waiting times \(DM01\), by commissioner \(NHS England\), period 2014-12\.$/m,
    );
    expect(stdout).toMatch(
      /^Set aside: 1 England \(X24\); 1 area team rows \(Q…\); 1 commissioners that are not CCGs\.$/m,
    );
  }, 300_000);
});
