// `npm run import -- shares.csv --format provider-attribution`: the table of providers' shares by CCG that turns
// provider-level figures (A&E) into CCG figures. Every row is checked; nothing is stored unless all are good.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { describeAttributionReport, importFile } from "../../../src/sources/published";
import { validFromOf } from "../../../src/sources/published/attribution";
import { attributionInForce } from "../../../src/sources/published/attribution-shares";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";
import { SHARES, sharesCsv } from "./ae-fixtures";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("shares", { demo: false }));
});
afterAll(() => cleanup());
beforeEach(async () => {
  await db.prisma.providerAttribution.deleteMany();
  await db.prisma.provider.deleteMany();
});

let n = 0;
async function run(text: string, name = `shares-${++n}.csv`, source?: string) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return importFile(db, file, {
    kind: "values",
    mode: "all-or-nothing",
    format: "provider-attribution",
    now: TEST_SEED_NOW,
    ...(source && { source }),
  });
}
const HEADER = "Provider code,Provider name,CCG code,Share,Valid from";

describe("importing the provider attribution table", () => {
  it("stores every provider and share, and importing it again changes nothing", async () => {
    const report = await run(sharesCsv(), "shares-2014.csv");
    expect(report).toMatchObject({ committed: true, rejected: 0, rowsRead: SHARES.length, inserted: SHARES.length });
    const text = describeAttributionReport(report);
    expect(text[0]).toMatch(
      /^Imported provider attribution from shares-2014\.csv: 15 rows read, 15 new, 0 changed, 0 unchanged/,
    );
    expect(text).toContain("5 providers, 9 CCGs, valid from 2014-04-01.");
    const rj1 = await db.prisma.provider.findUniqueOrThrow({ where: { code: "RJ1" } });
    expect(rj1).toMatchObject({
      name: "Guy's And St Thomas' NHS Foundation Trust",
      kind: "acute",
      source: "shares-2014.csv",
    });
    const stored = await db.prisma.providerAttribution.findMany({
      where: { providerCode: "RJ1" },
      orderBy: { ccgCode: "asc" },
    });
    expect(stored.map((s) => [s.ccgCode, s.share, s.validFrom.toISOString().slice(0, 10)])).toEqual([
      ["07Q", 0.02, "2014-04-01"],
      ["08K", 0.5, "2014-04-01"],
      ["08Q", 0.46, "2014-04-01"],
    ]);
    const again = await run(sharesCsv(), "shares-2014.csv");
    expect(again).toMatchObject({ committed: true, inserted: 0, updated: 0, unchanged: SHARES.length });
    const after = await db.prisma.providerAttribution.findFirstOrThrow({
      where: { providerCode: "RJ1", ccgCode: "08K" },
    });
    expect(after.importedAt).toEqual(stored[1]!.importedAt);
  });

  it("reads shares given as percentages, and says so", async () => {
    const report = await run(sharesCsv("01/04/2014", { percent: true }));
    expect(report).toMatchObject({ committed: true, inserted: SHARES.length });
    expect(report.notes.join(" ")).toMatch(/Shares read as percentages \(they carry %\), divided by 100\./);
    const share = await db.prisma.providerAttribution.findFirstOrThrow({
      where: { providerCode: "RYJ", ccgCode: "09A" },
    });
    expect(share.share).toBeCloseTo(0.4, 10);
    // a column of plain numbers, some over 1: the whole column is percentages
    const plain = await run([HEADER, "RJ1,Guy's,08K,60,2015-04-01", "RJ1,Guy's,08Q,0.5,2015-04-01"].join("\n"));
    expect(plain.notes.join(" ")).toMatch(/percentages \(some are over 1\)/);
    expect(plain.notes.join(" ")).toMatch(/less than 95%.*RJ1 60\.5%/);
  });

  it("checks every row and stores nothing when one is wrong", async () => {
    const report = await run(
      [
        HEADER,
        "RJ1,Guy's,08K,0.5,2014-04-01", // 2 good
        "XYZ,Somewhere,08K,0.5,2014-04-01", // 3 not a trust code
        "RYJ,Imperial,ZZZ,0.5,2014-04-01", // 4 unknown CCG
        "RYJ,Imperial,Q62,0.3,2014-04-01", // 5 an area team
        "RAL,Royal Free,07R,1.5%,2014-04-01", // 6 fine as a percentage… (the file is percentages: see row 7)
        "RAL,Royal Free,07M,0,2014-04-01", // 7 zero
        "RRV,UCLH,07R,0.45,someday", // 8 not a date
        "RJ1,Guy's,08K,0.4,2014-04-01", // 9 the same key twice
        "RJ1,Guy's Hospital,08Q,0.4,2014-04-01", // 10 another name
        "RJ1,Guy's,,0.4,2014-04-01", // 11 no CCG
      ].join("\n"),
    );
    expect(report.committed).toBe(false);
    expect(report.rejections.map((r) => [r.line, r.kind])).toEqual([
      [3, "field"],
      [4, "organisation"],
      [5, "organisation"],
      [7, "range"],
      [8, "field"],
      [9, "duplicate"],
      [10, "field"],
      [11, "organisation"],
    ]);
    const messages = report.rejections.map((r) => r.message);
    expect(messages).toContain(
      'provider code "XYZ" is not an ODS trust code (3 characters starting with R or T, such as RJ1) or site code (5)',
    );
    expect(messages).toContain('CCG "ZZZ" is not a CCG we know');
    expect(messages).toContain("Q62 is an area team; shares are of CCGs");
    expect(messages).toContain("share 0 is not a percentage over 0 and up to 100");
    expect(messages).toContain("RJ1's share for 08K from 2014-04-01 is also on row 2");
    expect(report.rejections[0]!.at).toBe("line 3 column A");
    expect(await db.prisma.providerAttribution.count()).toBe(0);
    expect(await db.prisma.provider.count()).toBe(0);
    expect(describeAttributionReport(report)[0]).toBe(
      "Nothing imported: 8 rows of 10 rejected; the attribution table is stored only when every row is good.",
    );
  });

  it("rejects a provider whose shares add up to more than all of its activity", async () => {
    const report = await run(
      [HEADER, "RJ1,Guy's,08K,0.6,2014-04-01", "RJ1,Guy's,08Q,0.5,2014-04-01", "RJZ,King's,08Q,0.9,2014-04-01"].join(
        "\n",
      ),
    );
    expect(report.committed).toBe(false);
    expect(report.rejections.map((r) => r.message)).toEqual([
      "RJ1's shares from 2014-04-01 add up to 110.0% (rows 2, 3): a provider's shares are of its own activity and add up to at most 100%",
    ]);
    expect(await db.prisma.providerAttribution.count()).toBe(0);
  });

  it("replaces that source's earlier shares from the same date, and keeps other dates", async () => {
    await run(sharesCsv("2014-04-01"), "shares.csv", "CSU shares");
    await run(sharesCsv("2013-04-01"), "shares.csv", "CSU shares");
    const revised = await run(
      [
        HEADER,
        "RJ1,Guy's And St Thomas' NHS Foundation Trust,08K,0.52,2014-04-01",
        "RJ1,Guy's And St Thomas' NHS Foundation Trust,08Q,0.46,2014-04-01",
      ].join("\n"),
      "shares.csv",
      "CSU shares",
    );
    expect(revised).toMatchObject({ committed: true, inserted: 0, updated: 1, unchanged: 1 });
    expect(revised.notes.join(" ")).toMatch(/13 earlier shares with the same valid-from date removed/);
    const from2014 = await db.prisma.providerAttribution.findMany({ where: { validFrom: new Date("2014-04-01") } });
    expect(from2014.map((s) => [s.ccgCode, s.share]).sort()).toEqual([
      ["08K", 0.52],
      ["08Q", 0.46],
    ]);
    expect(await db.prisma.providerAttribution.count({ where: { validFrom: new Date("2013-04-01") } })).toBe(
      SHARES.length,
    );
    // the shares in force in a month: each provider's newest table from before it
    const dec2013 = await attributionInForce(db.prisma, "2013-12-01");
    expect(dec2013.get("RJ1")).toHaveLength(3);
    const dec2014 = await attributionInForce(db.prisma, "2014-12-01");
    expect(dec2014.get("RJ1")?.map((s) => [s.ccg, s.share, s.source, s.validFrom])).toEqual([
      ["08K", 0.52, "CSU shares", "2014-04-01"],
      ["08Q", 0.46, "CSU shares", "2014-04-01"],
    ]);
    expect(dec2014.get("RYJ")?.[0]?.validFrom).toBe("2013-04-01");
  });

  it("refuses a table without its columns, and says which", async () => {
    const report = await run("Provider code,CCG code,Share\nRJ1,08K,0.5\n");
    expect(report.fatal?.message).toBe("The table has no column provider name and no column valid from.");
    const none = await run("Trust,Where\nRJ1,Lambeth\n");
    expect(none.fatal?.message).toMatch(/^I can't find the attribution table's header/);
  });

  it("reads valid-from dates as written", () => {
    expect(validFromOf("2014-04-01")).toBe("2014-04-01");
    expect(validFromOf("01/04/2014")).toBe("2014-04-01");
    expect(validFromOf("Apr 2014")).toBe("2014-04-01");
    expect(validFromOf("2014/15")).toBe("2014-04-01");
    expect(validFromOf("2014/16")).toBeUndefined();
    expect(validFromOf("31/02/2014")).toBeUndefined();
  });
});
