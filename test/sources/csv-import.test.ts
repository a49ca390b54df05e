// `npm run import` behaviour: what a planning analyst sees when they load published figures or their plans, good
// files and bad ones. Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { ConsoleChannel } from "../../src/console/console-channel";
import type { Database } from "../../src/db/database";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import {
  csvRecords,
  describeReport,
  importCsvFile,
  importRows,
  readRowsCsv,
  type FileImportOptions,
  type ImportReport,
} from "../../src/sources/import";
import { copyField } from "../../src/sources/import/stage";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../support/test-database";
import { writeSampleCsv } from "./support/sample-csv";

let db: Database;
let core: Core;
let cleanup: () => Promise<void>;
let dir: string;
const NOW = TEST_SEED_NOW;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("import", { demo: false }));
  core = createCore(db.prisma, fixedClock(NOW));
});
afterAll(() => cleanup());
beforeEach(async () => {
  await db.prisma.indicatorValue.deleteMany();
  await db.prisma.planTrajectory.deleteMany();
});

let fileNumber = 0;
async function file(text: string | Buffer, name = `f${++fileNumber}.csv`): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
}
const csv = (...lines: string[]) => `${lines.join("\n")}\n`;
const HEADER = "organisation,indicator,period,value,numerator,denominator";

async function run(text: string | Buffer, options: Partial<FileImportOptions> = {}): Promise<ImportReport> {
  return importCsvFile(db, await file(text), { kind: "values", mode: "all-or-nothing", now: NOW, ...options });
}
const lines = (r: ImportReport) => r.rejections.map((x) => [x.line, x.kind]);
const valueCount = () => db.prisma.indicatorValue.count();

describe("importing values", () => {
  it("loads a good file and status shows the figures, not labelled demo data", async () => {
    const report = await run(
      csv(
        HEADER,
        "02N,ae_4hr,2013-09,93.1,9310,10000",
        "02N,ae_4hr,2013-10-01,94.2,,",
        "02N,cancer_62d_gp,2013/14 Q2,84.0,84,100",
      ),
    );
    expect(report).toMatchObject({ committed: true, rowsRead: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    const row = await db.prisma.indicatorValue.findFirstOrThrow({ where: { indicatorCode: "ae_4hr", value: 93.1 } });
    expect(row).toMatchObject({ organisationCode: "02N", numerator: 9310, denominator: 10000, isDemo: false });
    expect(row.periodStart.toISOString()).toBe("2013-09-01T00:00:00.000Z");
    expect(row.source).toMatch(/^f\d+\.csv$/);
    const quarter = await db.prisma.indicatorValue.findFirstOrThrow({ where: { indicatorCode: "cancer_62d_gp" } });
    expect(quarter.periodStart.toISOString().slice(0, 10)).toBe("2013-07-01");

    const { text } = await new ConsoleChannel(core).run("status 02N ae_4hr");
    expect(text).toMatch(/A&E: 4-hour wait.*94\.2%\s+95%.*Oct 2013/);
    expect(text).not.toMatch(/Demo data/);
  });

  it("changes nothing when the same file is imported again", async () => {
    const p = await file(csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", "00C,ae_4hr,2013-09,90,,"));
    const options = { kind: "values", mode: "all-or-nothing", now: NOW } as const;
    const first = await importCsvFile(db, p, options);
    const before = await db.prisma.indicatorValue.findMany({
      orderBy: [{ organisationCode: "asc" }, { indicatorCode: "asc" }, { periodStart: "asc" }],
    });
    const again = await importCsvFile(db, p, { ...options, now: new Date(NOW.getTime() + 86_400_000) });
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    expect(again).toMatchObject({ committed: true, inserted: 0, updated: 0, unchanged: 2 });
    expect(
      await db.prisma.indicatorValue.findMany({
        orderBy: [{ organisationCode: "asc" }, { indicatorCode: "asc" }, { periodStart: "asc" }],
      }),
    ).toEqual(before);
  });

  it("updates a figure that was revised, and replaces demo figures with published ones", async () => {
    await run(csv(HEADER, "02N,ae_4hr,2013-09,93.1,,"));
    await db.prisma.indicatorValue.create({
      data: {
        organisationCode: "00C",
        indicatorCode: "ae_4hr",
        periodStart: new Date("2013-09-01"),
        value: 1,
        source: "demo",
        isDemo: true,
      },
    });
    const report = await run(csv(HEADER, "02N,ae_4hr,2013-09,93.4,,", "00C,ae_4hr,2013-09,1,,"));
    expect(report).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    expect(await db.prisma.indicatorValue.count({ where: { isDemo: true } })).toBe(0);
  });

  it("reads a byte-order mark, Windows line endings, quoted fields, header names in any order and case", async () => {
    const text =
      '\uFEFFValue,Period,Indicator Code,Organisation Code\r\n"93.1",2013-09,ae_4hr,02n\r\n\r\n"1,234",2013-09,ae_12hr_trolley,02N\r\n';
    const report = await run(text);
    expect(report).toMatchObject({ committed: true, inserted: 2, rejected: 0 });
    expect(await db.prisma.indicatorValue.findFirst({ where: { indicatorCode: "ae_12hr_trolley" } })).toMatchObject({
      value: 1234,
    });
  });

  it("reports every bad row with its line and reason, and writes nothing in all-or-nothing mode", async () => {
    const report = await run(
      csv(
        HEADER,
        "02N,ae_4hr,2013-09,93.1,,", // 2 good
        "02N,ae_4hr,2013-08,140,,", // 3 a percentage of 140
        "ZZZ,ae_4hr,2013-08,90,,", // 4 unknown organisation
        "Q51,ae_4hr,2013-08,90,,", // 5 an area team: set aside, not rejected
        "02N,no_such_thing,2013-08,90,,", // 6 unknown indicator
        "02N,ae_4hr,2013/14 Q2,90,,", // 7 a quarter for a monthly indicator
        "02N,ae_4hr,2013-13,90,,", // 8 not a date
        "02N,ae_4hr,2013-07,ninety,,", // 9 not a number
        "02N,ae_4hr,2013-06,,,", // 10 no value
        "02N,ae_4hr,2013-05,90", // 11 too few fields
        "02N,ae_4hr,2013-04,90,95,90", // 12 numerator above denominator
        "02N,rtt_52wk,2013-04,-3,,", // 13 a negative count
        ",ae_4hr,2013-04,90,,", // 14 no organisation
        "02N,rtt_52wk,2013-03,1e999,,", // 15 not a finite number
      ),
    );
    expect(report.committed).toBe(false);
    expect(lines(report)).toEqual([
      [3, "range"],
      [4, "organisation"],
      [6, "indicator"],
      [7, "period"],
      [8, "period"],
      [9, "field"],
      [10, "field"],
      [11, "fields"],
      [12, "range"],
      [13, "range"],
      [14, "field"],
      [15, "range"],
    ]);
    const messages = report.rejections.map((r) => r.message);
    expect(messages).toContain("value 140 is not a percentage (0 to 100)");
    expect(messages).toContain('organisation "ZZZ" is not a CCG we know');
    expect(messages).toContain('period "2013/14 Q2" is a quarter, but the indicator is monthly');
    expect(messages).toContain('value "ninety" is not a number');
    expect(messages).toContain("has 4 fields; the header has 6");
    expect(await valueCount()).toBe(0);
    const text = describeReport(report).join("\n");
    expect(text).toMatch(/^Nothing imported: 12 rows of 13 rejected/);
    expect(text).toMatch(/line 3: value 140 is not a percentage/);
  });

  it("sets aside England (X24) and area team values, counted by reason; an unknown code is still rejected", async () => {
    const good = await run(
      csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", "X24,ae_4hr,2013-09,95.0,,", "q51,ae_4hr,2013-09,94.0,,"),
    );
    expect(good.committed).toBe(true);
    expect(good.rejected).toBe(0);
    expect(good.rowsRead).toBe(1);
    expect(good.rowsSkipped).toBe(2);
    expect(good.inserted).toBe(1);
    expect(good.setAsideBy).toEqual({ "England (X24)": 1, "area team rows (Q44–Q71; London as Q71)": 1 });
    expect(await db.prisma.indicatorValue.findMany({ select: { organisationCode: true } })).toEqual([
      { organisationCode: "02N" },
    ]);
    const text = describeReport(good).join("\n");
    expect(text).toMatch(/3 rows read, 1 new.*2 rows set aside/);
    expect(text).toContain("Set aside: 1 England (X24); 1 area team rows (Q44–Q71; London as Q71).");

    const bad = await run(
      csv(HEADER, "02N,ae_4hr,2013-10,93.1,,", "X24,ae_4hr,2013-10,95.0,,", "ZZZ,ae_4hr,2013-10,90,,"),
    );
    expect(bad.committed).toBe(false);
    expect(lines(bad)).toEqual([[4, "organisation"]]);
    expect(bad.setAsideBy).toEqual({ "England (X24)": 1 });

    // Plans are per CCG: an area team's plan row is still a mistake to fix.
    const plans = await run(csv("organisation,indicator,period,value", "Q51,ae_4hr,2014-04,95"), { kind: "plans" });
    expect(plans.committed).toBe(false);
    expect(plans.rejections.map((r) => r.message)).toEqual(["Q51 is an area team; plans are per CCG"]);
  });

  it("keeps a suppressed cell as a suppressed figure, so a real file still imports all-or-nothing", async () => {
    const report = await run(
      csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", "02W,ae_4hr,2013-09,*,*,*", "00C,ae_4hr,2013-09,-,,"),
    );
    expect(report).toMatchObject({ committed: true, rejected: 0, inserted: 3, suppressed: 2 });
    const stored = await db.prisma.indicatorValue.findMany({
      where: { suppressed: true },
      orderBy: { organisationCode: "asc" },
    });
    expect(stored.map((v) => [v.organisationCode, v.value])).toEqual([
      ["00C", null],
      ["02W", null],
    ]);
    expect(describeReport(report)[0]).toMatch(/2 suppressed figures kept as suppressed/);
    // a plan is the CCG's own figure: it cannot be suppressed
    const plans = await run(csv("organisation,indicator,period,value", "02N,ae_4hr,2013-09,*"), { kind: "plans" });
    expect(plans.rejections[0]?.message).toBe('value "*" is suppressed or missing');
  });

  it("refuses percentages given as fractions, naming the fix, and scales them with --scale 100", async () => {
    const fractions = csv(HEADER, "02N,ae_4hr,2013-09,0.931,,", "02W,ae_4hr,2013-09,0.95,,");
    const refused = await run(fractions);
    expect(refused.committed).toBe(false);
    expect(refused.fatal?.message).toBe(
      "Every value of ae_4hr (2 rows, at most 0.95) is between 0 and 1: these are fractions, not percentages. " +
        "Multiply them by 100, or run again with --scale 100.",
    );
    expect(await valueCount()).toBe(0);
    const scaled = await run(fractions, { scale: 100 });
    expect(scaled).toMatchObject({ committed: true, inserted: 2 });
    const stored = await db.prisma.indicatorValue.findFirstOrThrow({ where: { organisationCode: "02N" } });
    expect(stored.value).toBeCloseTo(93.1, 10);
    // diagnostics' standard is 1%: values below 1 are ordinary there, and never taken for fractions
    expect(await run(csv(HEADER, "02N,diagnostics_6wk,2013-09,0.4,,"))).toMatchObject({ committed: true });
  });

  it("checks a percentage against its numerator and denominator", async () => {
    const report = await run(
      csv(
        HEADER,
        "02N,ae_4hr,2013-09,93.1,931,1000",
        "02W,ae_4hr,2013-09,0.931,931,1000",
        "00C,ae_4hr,2013-09,95,931,1000",
      ),
      { mode: "valid-rows" },
    );
    expect(report.rejections.map((r) => [r.line, r.message])).toEqual([
      [
        3,
        "value 0.931 is a fraction: 931 of 1000 is 93.1%. Give percentages (0 to 100), or run again with --scale 100",
      ],
      [4, "value 95 does not match its counts: 931 of 1000 is 93.1%"],
    ]);
  });

  it("in valid-rows mode writes the good rows and reports the rest", async () => {
    const report = await run(
      csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", "02N,ae_4hr,2013-08,140,,", "00C,ae_4hr,2013-09,90,,"),
      {
        mode: "valid-rows",
      },
    );
    expect(report).toMatchObject({ committed: true, inserted: 2, rejected: 1 });
    expect(lines(report)).toEqual([[3, "range"]]);
    expect(await valueCount()).toBe(2);
    expect(describeReport(report)[0]).toMatch(/2 new.*1 row rejected \(mode valid-rows\)/);
  });

  it("rejects every row of a figure the file gives twice with different values, naming the other line", async () => {
    const text = csv(
      HEADER,
      "02N,ae_4hr,2013-09,93.1,,",
      "00C,ae_4hr,2013-09,90,,",
      "02N,ae_4hr,2013-09-15,93.4,,",
      "00C,ae_4hr,2013-09,90,,",
    );
    const strict = await run(text);
    expect(strict.committed).toBe(false);
    expect(lines(strict)).toEqual([
      [2, "duplicate"],
      [4, "duplicate"],
    ]);
    expect(strict.rejections[0]!.message).toBe("02N ae_4hr 2013-09-01 is 93.1 here but 93.4 on line 4");
    expect(await valueCount()).toBe(0);

    const lenient = await run(text, { mode: "valid-rows" });
    // the repeated 00C row has the same value: written once, not a conflict
    expect(lenient).toMatchObject({ committed: true, inserted: 1, repeatedRows: 1, rejected: 2 });
    expect(await db.prisma.indicatorValue.findMany({ select: { organisationCode: true } })).toEqual([
      { organisationCode: "00C" },
    ]);
  });

  it("refuses a file with the wrong columns, naming what is missing and what it found", async () => {
    const report = await run(csv("Area Code,Indicator ID,Time period,Value", "E38000001,90365,2013/14,4"));
    expect(report.committed).toBe(false);
    expect(report.fatal?.line).toBe(1);
    expect(report.fatal?.message).toMatch(
      /missing columns organisation, indicator, period\. Expected organisation, indicator, period, value/,
    );
    expect(report.fatal?.message).toMatch(/found "Area Code", "Indicator ID", "Time period", "Value"/);
  });

  it("notes columns it ignores", async () => {
    const report = await run(
      csv("organisation,indicator,period,value,comment", "02N,ae_4hr,2013-09,93.1,published 14 Nov"),
    );
    expect(report).toMatchObject({ committed: true, inserted: 1 });
    expect(report.notes).toEqual(['Ignored column "comment".']);
  });

  it("refuses an empty file, a file with only a byte-order mark, and one with a header and no rows", async () => {
    for (const text of ["", "\uFEFF", "\n\n"]) {
      const report = await run(text);
      expect(report.committed).toBe(false);
      expect(report.fatal?.message).toMatch(/The file is empty/);
    }
    const headerOnly = await run(csv(HEADER));
    expect(headerOnly.fatal?.message).toBe("The file has a header but no rows.");
    const missing = await importCsvFile(db, path.join(dir, "no-such-file.csv"), {
      kind: "values",
      mode: "valid-rows",
      now: NOW,
    });
    expect(missing.fatal?.message).toMatch(/can't read the file/);
  });

  it("reports a line with a stray quote; a quote left open (the rest of the file unreadable) writes nothing in either mode", async () => {
    const stray = await run(
      csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", '02N,ae_4hr,2013-08,9"3",,', "00C,ae_4hr,2013-09,90,,"),
      {
        mode: "valid-rows",
      },
    );
    expect(stray).toMatchObject({ committed: true, inserted: 2, rowsRead: 3 });
    expect(lines(stray)).toEqual([[3, "csv"]]);
    expect(stray.rejections[0]!.message).toMatch(/Invalid Opening Quote/);
    await db.prisma.indicatorValue.deleteMany();
    const open = await run(
      csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", '02N,ae_4hr,2013-08,"93,,', "00C,ae_4hr,2013-09,90,,"),
      {
        mode: "valid-rows",
      },
    );
    expect(open.committed).toBe(false);
    expect(open.fatal?.message).toMatch(/^Line 3: a quote opened on this line \(or soon after\) is never closed/);
    expect(await valueCount()).toBe(0);
  });

  it("streams a large file in batches, and a second import of it changes nothing", async () => {
    const p = path.join(dir, "large.csv");
    await writeSampleCsv(p, 30_000, { eol: "\r\n", bom: true });
    const options = { kind: "values", mode: "all-or-nothing", now: NOW, batchSize: 4_000 } as const;
    const first = await importCsvFile(db, p, options);
    expect(first).toMatchObject({ committed: true, rowsRead: 30_000, inserted: 30_000, rejected: 0 });
    const again = await importCsvFile(db, p, options);
    expect(again).toMatchObject({ committed: true, inserted: 0, updated: 0, unchanged: 30_000 });
    expect(await valueCount()).toBe(30_000);
  });

  it("keeps the first rejections in detail and counts the rest", async () => {
    const bad = Array.from({ length: 50 }, (_, i) => `02N,ae_4hr,2013-09,${200 + i},,`);
    const report = await importCsvFile(db, await file(csv(HEADER, ...bad)), {
      kind: "values",
      mode: "valid-rows",
      now: NOW,
      maxReported: 10,
    });
    expect(report.rejected).toBe(50);
    expect(report.rejections).toHaveLength(10);
    expect(describeReport(report, 5).join("\n")).toMatch(/… and 45 more\./);
  });
});

describe("importing plans", () => {
  it("writes plan trajectories, and status shows plan and variance next to the value", async () => {
    await run(csv(HEADER, "02N,ae_4hr,2013-09,93.1,,", "02N,ae_4hr,2013-10,94.2,,"));
    const plans = await run(
      csv("organisation,indicator,period,plan", "02N,ae_4hr,2013-09,93.5", "02N,ae_4hr,2013-10,94.0"),
      {
        kind: "plans",
        source: "02N plan 2013/14",
      },
    );
    expect(plans).toMatchObject({ committed: true, kind: "plans", inserted: 2 });
    expect(await db.prisma.planTrajectory.findFirst({ where: { periodStart: new Date("2013-10-01") } })).toMatchObject({
      value: 94,
      source: "02N plan 2013/14",
      isDemo: false,
    });
    const { text } = await new ConsoleChannel(core).run("status 02N ae_4hr");
    // 94.2% against a 95% standard, above the plan of 94%: amber, +0.2 pts against plan
    expect(text).toMatch(/^AMBER\s+A&E: 4-hour wait .*\s+94\.2%\s+95%\s+94%\s+\+0\.2 pts/m);
  });

  it("ignores numerator and denominator columns in a plan file, saying so, and checks plans like values", async () => {
    const report = await run(csv(HEADER, "02N,ae_4hr,2013-09,93.5,1,2", "02N,ae_4hr,2013-10,101,,"), {
      kind: "plans",
      mode: "valid-rows",
    });
    expect(report.notes).toContain("Plans have no numerator or denominator: those columns were ignored.");
    expect(lines(report)).toEqual([[3, "range"]]);
    expect(await db.prisma.planTrajectory.count()).toBe(1);
  });
});

describe("reading a stream that fails", () => {
  it("raises an input's error even when it came before reading began (a download cut off while a transaction opened)", async () => {
    const input = new Readable({ read() {} });
    input.on("error", () => undefined);
    input.push("organisation,indicator,period,value\n");
    input.destroy(new Error("terminated"));
    await new Promise((resolve) => setImmediate(resolve));
    const read = async () => {
      for await (const _ of csvRecords(input, () => undefined)) void _;
    };
    await expect(read()).rejects.toThrow("terminated");
  });

  it("writes nothing when the input fails after several batches were staged, and the next import works", async () => {
    // On PostgreSQL the batches are already in the database's COPY when the error comes: it must be abandoned,
    // the transaction rolled back and the connection left fit for the next import.
    const p = path.join(dir, "cut.csv");
    await writeSampleCsv(p, 9_000);
    const text = await readFile(p, "utf8");
    const input = new Readable({ read() {} });
    // The header and 6,000 rows (three batches), then nothing more until the error.
    input.push(`${text.split("\n").slice(0, 6_001).join("\n")}\n`);
    const options = { kind: "values", mode: "all-or-nothing", now: NOW, source: "cut.csv", batchSize: 2_000 } as const;
    const reading = importRows(
      db,
      readRowsCsv(input, () => undefined, [], "values"),
      options,
    );
    setTimeout(() => input.destroy(new Error("connection reset while downloading")), 500);
    await expect(reading).rejects.toThrow("connection reset while downloading");
    expect(await valueCount()).toBe(0);
    const again = await importCsvFile(db, p, options);
    expect(again).toMatchObject({ committed: true, inserted: 9_000 });
  });
});

describe("staging rows for COPY", () => {
  it("escapes what would break COPY's text format and leaves plain codes alone", () => {
    expect(copyField("02N")).toBe("02N");
    expect(copyField("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
  });
});
