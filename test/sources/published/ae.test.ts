// NHS England's A&E attendances and emergency admissions, published per provider, imported as CCG figures: each
// CCG's ae_4hr is Σ share × attendances within 4 hours ÷ Σ share × attendances, by the provider attribution table.
// Fixtures are written here with the real files' shapes (ae-fixtures.ts): the monthly and weekly "A&E Data" sheet as
// .xls and as CSV, and the later monthly CSV extract.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { describeReport } from "../../../src/sources/import";
import { importFile, importFiles, openWorkbook } from "../../../src/sources/published";
import { AE_MONTHLY, type AeShare } from "../../../src/sources/published/ae-formats";
import { weekEndingsIn } from "../../../src/sources/published/ae-import";
import { recognise } from "../../../src/sources/published/formats";
import { seededDatabaseWithDir, testDatabaseKind, TEST_SEED_NOW } from "../../support/test-database";
import {
  aeCsvExtract,
  aeSheet,
  expectedByCcg,
  NOT_SUBMITTED,
  PROVIDERS,
  scaled,
  SHARES,
  sharesCsv,
  writeSheetCsv,
  writeXls,
} from "./ae-fixtures";
import { importCli } from "../../support/import-cli";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("ae", { demo: false }));
  const shares = path.join(dir, "shares-2014.csv");
  await writeFile(shares, sharesCsv("2014-04-01"));
  const stored = await importFile(db, shares, {
    kind: "values",
    mode: "all-or-nothing",
    format: "provider-attribution",
    now: TEST_SEED_NOW,
  });
  expect(stored.committed).toBe(true);
});
afterAll(() => cleanup());
beforeEach(async () => {
  await db.prisma.indicatorValue.deleteMany();
});

const MONTH = [...PROVIDERS, NOT_SUBMITTED];
const attribution = () => {
  const map = new Map<string, AeShare[]>();
  for (const [p, ccg, share] of SHARES) map.set(p, [...(map.get(p) ?? []), { ccg, share }]);
  return map;
};
const context = (period?: string) => ({ organisations: new Map(), attribution: () => attribution(), period });
const options = { kind: "values" as const, mode: "all-or-nothing" as const, now: TEST_SEED_NOW };

async function stored(indicator: string, period: string) {
  const rows = await db.prisma.indicatorValue.findMany({
    where: { indicatorCode: indicator, periodStart: new Date(`${period}-01`) },
    orderBy: { organisationCode: "asc" },
  });
  return new Map(rows.map((r) => [r.organisationCode, r]));
}

describe("the monthly A&E file read alone", () => {
  it("attributes providers' counts to CCGs, and sets aside England, area teams and providers with no shares", async () => {
    const file = await writeXls(
      dir,
      "June-2015-AE-by-provider-Xq3Zk.xls",
      aeSheet(MONTH, { period: "June 2015", areaTeamRow: true }),
    );
    const book = await openWorkbook(file);
    expect(recognise(book).map((f) => f.id)).toEqual(["ae-monthly"]);
    const read = AE_MONTHLY.read(book, context());
    expect(read.period).toBe("2015-06");
    const expected = expectedByCcg([PROVIDERS]);
    const fourHour = read.rows.filter((r) => r.indicator === "ae_4hr");
    expect(fourHour.map((r) => r.organisation).sort()).toEqual([...expected.keys()].sort());
    for (const row of fourHour) {
      expect(Number(row.value)).toBeCloseTo(expected.get(row.organisation)!.percent, 1);
      // the figure agrees with its own (attributed, 2 decimal place) counts
      expect(Number(row.value)).toBeCloseTo((Number(row.numerator) / Number(row.denominator)) * 100, 10);
    }
    // Lambeth: half of Guy's (12,140 + 3,210 attendances, 1,024 over 4 hours) and 35% of King's (11,330; 1,469)
    const lambeth = fourHour.find((r) => r.organisation === "08K")!;
    expect(Number(lambeth.denominator)).toBeCloseTo(0.5 * 15_350 + 0.35 * 11_330, 2);
    expect(Number(lambeth.numerator)).toBeCloseTo(0.5 * (15_350 - 1_024) + 0.35 * (11_330 - 1_469), 2);
    expect(lambeth).toMatchObject({ line: 18, at: "H18 (RJ1) and 1 other provider", period: "2015-06" });
    const trolley = read.rows.filter((r) => r.indicator === "ae_12hr_trolley");
    for (const row of trolley) expect(Number(row.value)).toBeCloseTo(expected.get(row.organisation)!.trolley, 2);
    expect(read.setAside).toEqual({
      "England (the total row)": 1,
      "area team and region rows (Q45…)": 1,
      "providers with no attendances reported": 1,
      "providers with no attribution to CCGs": 1,
    });
    expect(read.notes.join("\n")).toMatch(/Providers with no attribution to CCGs \(set aside\): RVR\./);
    expect(read.notes.join("\n")).toMatch(/Providers with no attendances in the file \(set aside\): RQM\./);
    expect(read.notes.join("\n")).toMatch(/CCG figures are attributed from 5 providers to 9 CCGs/);
  });

  it("takes the period from the title, else the file's name, and --period over both", async () => {
    const titled = await openWorkbook(await writeXls(dir, "ae.xls", aeSheet(PROVIDERS, { period: "July 2015" })));
    expect(AE_MONTHLY.read(titled, context()).period).toBe("2015-07");
    expect(AE_MONTHLY.read(titled, context("Aug 2015")).period).toBe("2015-08");
    const named = await openWorkbook(
      await writeXls(
        dir,
        "September-2015-AE-by-provider-a1B2c.xls",
        aeSheet(PROVIDERS, { period: "", withoutPeriod: true }),
      ),
    );
    // "Period: see file name" is not a month: the reader says so and how to give it
    expect(() => AE_MONTHLY.read(named, context())).toThrow(/I can't read the period "see file name".*--period/);
    const bare = aeSheet(PROVIDERS, { period: "" });
    bare.rows.splice(2, 1); // no Period row at all
    const fromName = await openWorkbook(await writeXls(dir, "September-2015-AE-by-provider-a1B2c.xls", bare));
    expect(AE_MONTHLY.read(fromName, context()).period).toBe("2015-09");
    const nameless = await openWorkbook(await writeXls(dir, "ae-by-provider.xls", bare));
    expect(() => AE_MONTHLY.read(nameless, context())).toThrow(/I can't tell which month the file describes/);
  });

  it("reads the same sheet saved as CSV, and the monthly CSV extract", async () => {
    const expected = expectedByCcg([PROVIDERS]);
    for (const file of [
      await writeSheetCsv(dir, "June-2015-AE.csv", aeSheet(MONTH, { period: "June 2015" })),
      path.join(dir, "Monthly-AE-June-2015.csv"),
    ]) {
      if (file.endsWith("Monthly-AE-June-2015.csv")) await writeFile(file, aeCsvExtract(PROVIDERS));
      const book = await openWorkbook(file);
      expect(recognise(book).map((f) => f.id)).toEqual(["ae-monthly"]);
      const read = AE_MONTHLY.read(book, context());
      expect(read.period).toBe("2015-06");
      const rows = read.rows.filter((r) => r.indicator === "ae_4hr");
      expect(rows).toHaveLength(expected.size);
      for (const row of rows) expect(Number(row.value)).toBeCloseTo(expected.get(row.organisation)!.percent, 1);
      expect(read.setAside["England (the total row)"]).toBe(1);
      expect(read.setAside["providers with no attribution to CCGs"]).toBe(1);
    }
  });
});

describe("importing A&E files", () => {
  it("imports a monthly .xls in one command: each CCG's figure is its attributed within ÷ total", async () => {
    const file = await writeXls(
      dir,
      "June-2015-AE-by-provider-Xq3Zk.xls",
      aeSheet(MONTH, { period: "June 2015", areaTeamRow: true }),
    );
    const report = await importFile(db, file, { ...options, format: "ae-monthly" });
    expect(report).toMatchObject({ committed: true, rejected: 0, format: "ae-monthly", inserted: 18 });
    const text = describeReport(report).join("\n");
    expect(text).toMatch(/Read as A&E attendances and emergency admissions, monthly, by provider, attributed to CCGs/);
    expect(text).toMatch(/by the provider attribution table "shares-2014\.csv" \(valid from 2014-04-01\)/);
    expect(text).toMatch(/^Set aside: .*1 England \(the total row\)/m);
    expect(report.setAsideBy).toEqual({
      "England (the total row)": 1,
      "area team and region rows (Q45…)": 1,
      "providers with no attendances reported": 1,
      "providers with no attribution to CCGs": 1,
    });
    const expected = expectedByCcg([PROVIDERS]);
    const values = await stored("ae_4hr", "2015-06");
    expect(values.size).toBe(9);
    for (const [ccg, e] of expected) {
      expect(values.get(ccg)!.value).toBeCloseTo(e.percent, 1);
      expect(values.get(ccg)!.source).toBe("June-2015-AE-by-provider-Xq3Zk.xls");
    }
    const trolley = await stored("ae_12hr_trolley", "2015-06");
    expect(trolley.get("08Q")!.value).toBeCloseTo(expected.get("08Q")!.trolley, 2);
    // a CCG no provider serves gets no figure
    expect(values.has("00C")).toBe(false);
    // recognised without --format too
    const again = await importFile(db, file, options);
    expect(again).toMatchObject({ committed: true, unchanged: 18, format: "ae-monthly" });
  });

  it("uses the shares in force for the month: none before the table's date", async () => {
    const file = await writeXls(dir, "March-2014-AE.xls", aeSheet(PROVIDERS, { period: "March 2014" }));
    const report = await importFile(db, file, { ...options, format: "ae-monthly" });
    expect(report.setAsideBy?.["providers with no attribution to CCGs"]).toBe(PROVIDERS.length);
    expect(report.inserted).toBe(0);
  });

  it("sums the weekly sitreps of a month, by their week-ending dates, and refuses a month with a week missing", async () => {
    // December 2014: the weeks ending Sunday 7, 14, 21 and 28 (the week ending 4 January is January's)
    expect(weekEndingsIn("2014-12", 0)).toEqual(["2014-12-07", "2014-12-14", "2014-12-21", "2014-12-28"]);
    const weeks = [1, 1.1, 0.9, 1.25].map((f) => scaled(PROVIDERS, f));
    const files: string[] = [];
    for (const [i, day] of ["07", "14", "21", "28"].entries())
      files.push(
        await writeXls(
          dir,
          `2014.12.${day}-AE-w${i}.xls`,
          aeSheet(i === 3 ? [...weeks[i]!, NOT_SUBMITTED] : weeks[i]!, {
            period: `Week Ending ${day}/12/2014`,
            weekly: true,
          }),
        ),
      );
    // one week alone is not the month
    const alone = await importFile(db, files[0]!, options);
    expect(alone.fatal?.message).toMatch(
      /This is a weekly A&E sitrep \(week ending 2014-12-07\)\. A month's figure is the sum of the weeks ending in that month/,
    );
    const short = await importFiles(db, files.slice(0, 3), { ...options, format: "ae-weekly" });
    expect(short.fatal?.message).toMatch(/2014-12 is missing the week ending 2014-12-28.*--allow-missing-weeks/);
    expect((await stored("ae_4hr", "2014-12")).size).toBe(0);

    const partial = await importFiles(db, files.slice(0, 3), {
      ...options,
      format: "ae-weekly",
      allowMissingWeeks: true,
    });
    expect(partial.committed).toBe(true);
    expect((await stored("ae_4hr", "2014-12")).get("08K")!.value).toBeCloseTo(
      expectedByCcg(weeks.slice(0, 3)).get("08K")!.percent,
      1,
    );

    const report = await importFiles(db, files, { ...options, format: "ae-weekly" });
    expect(report).toMatchObject({ committed: true, rejected: 0, format: "ae-weekly" });
    const text = describeReport(report).join("\n");
    expect(text).toMatch(
      /Weeks summed into 2014-12 by their week-ending dates: 2014-12-07, 2014-12-14, 2014-12-21, 2014-12-28\./,
    );
    // rows of the four files: four England rows, RQM's one empty row, RVR's four weeks with no shares
    expect(report.setAsideBy).toEqual({
      "England (the total row)": 4,
      "providers with no attendances reported": 1,
      "providers with no attribution to CCGs": 4,
    });
    expect(text).toMatch(/Providers with no attribution to CCGs \(set aside\): RVR\./);
    const expected = expectedByCcg(weeks);
    const values = await stored("ae_4hr", "2014-12");
    for (const [ccg, e] of expected) expect(values.get(ccg)!.value).toBeCloseTo(e.percent, 1);
    // the whole month replaced the partial one: no week counted twice
    expect(values.get("08K")!.denominator).toBeCloseTo(
      weeks.reduce(
        (s, w) =>
          s +
          0.5 * (w[0]!.attend[0] as number) +
          0.5 * (w[0]!.attend[2] as number) +
          0.35 * ((w[1]!.attend[0] as number) + (w[1]!.attend[1] as number)),
        0,
      ),
      1,
    );
    const twice = await importFiles(db, [files[0]!, files[0]!], { ...options, format: "ae-weekly" });
    expect(twice.fatal?.message).toMatch(/are both the week ending 2014-12-07/);
  });

  it("refuses a file with no over-4-hours columns, or no readable period, and stores nothing", async () => {
    const noOver = await writeXls(
      dir,
      "June-2015-AE-noover.xls",
      aeSheet(PROVIDERS, { period: "June 2015", withoutOver: true }),
    );
    const report = await importFile(db, noOver, options);
    expect(report.committed).toBe(false);
    expect(report.fatal?.message).toMatch(/The table has no column of attendances over 4 hours/);
    const noPeriod = await writeXls(dir, "ae-data.xls", aeSheet(PROVIDERS, { period: "sometime" }));
    const unread = await importFile(db, noPeriod, options);
    expect(unread.fatal?.message).toMatch(/I can't read the period "sometime"/);
    expect(await db.prisma.indicatorValue.count()).toBe(0);
  });
});

describe.skipIf(testDatabaseKind() === "postgres")("npm run import with A&E files", () => {
  it("imports the attribution table, then a monthly file, printing what it read", async () => {
    const cli = (...args: string[]) => importCli(dir, args, 90_000);
    const shares = path.join(dir, "cli-shares.csv");
    await writeFile(shares, sharesCsv("2014-04-01"));
    const first = await cli(shares, "--format", "provider-attribution");
    expect(first.stdout).toMatch(/^Imported provider attribution from cli-shares\.csv: 15 rows read, 15 new/m);
    const file = await writeXls(dir, "June-2015-AE-by-provider-cli.xls", aeSheet(MONTH, { period: "June 2015" }));
    const second = await cli(file);
    expect(second.stdout).toMatch(/^Read as A&E attendances and emergency admissions, monthly, by provider/m);
    expect(second.stdout).toMatch(/Imported values from June-2015-AE-by-provider-cli\.xls: .* 18 new/);
  }, 180_000);
});
