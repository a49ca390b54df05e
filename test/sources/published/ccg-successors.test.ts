// `npm run import -- successors.csv --format ccg-successors`: old CCG codes and the codes that replaced them, from a
// date. A file of figures under an old code is then stored under its successor, and the report names each mapping;
// a code that is no CCG here is still named. The Manchester rows are NHS England's April 2017 merger (00W, 01M and
// 01N into 14L, NHS Manchester CCG); 99X → 02N is invented, to show a mapping onto a CCG this database holds.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database";
import { describeReport } from "../../../src/sources/import";
import { importFile } from "../../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../../support/test-database";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("successors", { demo: false }));
});
afterAll(() => cleanup());

let n = 0;
async function run(text: string, format?: string, mode: "all-or-nothing" | "valid-rows" = "all-or-nothing") {
  const file = path.join(dir, `file-${++n}.csv`);
  await writeFile(file, text);
  return importFile(db, file, { kind: "values", mode, now: TEST_SEED_NOW, ...(format && { format }) });
}

const TABLE = [
  "Old code,Old name,Successor code,Successor name,Valid from",
  "00W,NHS Central Manchester CCG,14L,NHS Manchester CCG,01/04/2017",
  "01M,NHS North Manchester CCG,14L,NHS Manchester CCG,01/04/2017",
  "01N,NHS South Manchester CCG,14L,NHS Manchester CCG,01/04/2017",
  "99X,An invented old code,02N,NHS Airedale Wharfedale and Craven CCG,2014-04-01",
].join("\n");

describe("the successor table", () => {
  it("is stored whole, says which successors are not organisations here, and a second import changes nothing", async () => {
    const report = await run(TABLE, "ccg-successors");
    expect(report).toMatchObject({ committed: true, rowsRead: 4, inserted: 4, rejected: 0 });
    expect(report.notes).toContain("4 old codes, 2 successors.");
    expect(report.notes.join(" ")).toMatch(/Successors that are not organisations here: 14L\./);
    const stored = await db.prisma.ccgSuccessor.findUniqueOrThrow({ where: { oldCode: "01M" } });
    expect(stored).toMatchObject({ successorCode: "14L", oldName: "NHS North Manchester CCG" });
    expect(stored.validFrom.toISOString().slice(0, 10)).toBe("2017-04-01");
    expect(await run(TABLE, "ccg-successors")).toMatchObject({ committed: true, inserted: 0, unchanged: 4 });
  });

  it("refuses a table with a bad row, naming each, and stores none of it", async () => {
    const report = await run(
      [
        "Old code,Successor code,Valid from",
        "02N,02N,2015-04-01",
        "02W,03A,soon",
        "02X,03B,2015-04-01",
        "02X,03C,2015-04-01",
      ].join("\n"),
      "ccg-successors",
    );
    expect(report.committed).toBe(false);
    expect(report.rejections.map((r) => r.message)).toEqual([
      "02N is its own successor",
      'valid from "soon" is not a date (2018-04-01, 01/04/2018)',
      "02X has a successor on line 4 too: a CCG split between several can't be mapped",
    ]);
    expect(await db.prisma.ccgSuccessor.count({ where: { oldCode: { in: ["02W", "02X"] } } })).toBe(0);
  });

  it("is recognised by its header, and named as a table to import with --format", async () => {
    const report = await run(TABLE);
    expect(report.fatal?.message).toMatch(
      /a table of CCG successors, not figures: import it with --format ccg-successors/,
    );
  });
});

describe("figures under old codes", () => {
  it("are stored under the successor and the report names each mapping; an unknown code is still named", async () => {
    const figures = [
      "organisation,indicator,period,value",
      "99X,rtt_incomplete_18wk,2014-12,90.5", // → 02N (from 2014-04-01, and 99X is no CCG here)
      "99X,rtt_incomplete_18wk,2014-11,91", // → 02N
      "00W,rtt_incomplete_18wk,2014-12,93", // 00W itself: before the merger
      "00W,rtt_incomplete_18wk,2018-01,92", // 14L's by then, and 14L is no CCG here
      "14L,rtt_incomplete_18wk,2018-01,92", // the merged CCG itself
      "ZZZ,rtt_incomplete_18wk,2014-12,90",
    ].join("\n");
    const report = await run(figures, undefined, "valid-rows");
    expect(report).toMatchObject({ committed: true, inserted: 3, rejected: 3 });
    expect(report.successorMappings).toEqual({ "99X → 02N from 2014-04-01": 2 });
    expect(report.notes).toContain(
      "CCG codes mapped to their successors (table CcgSuccessor): 99X → 02N from 2014-04-01 (2 rows).",
    );
    expect(report.rejections.map((r) => [r.line, r.message])).toEqual([
      [5, 'organisation "00W" is 14L\'s from then (00W → 14L from 2017-04-01), and 14L is not a CCG we know'],
      [
        6,
        "organisation \"14L\" is not a CCG we know (the successor of 00W, 01M, 01N: a merged CCG's figures can't be divided among the CCGs it replaced)",
      ],
      [7, 'organisation "ZZZ" is not a CCG we know'],
    ]);
    const stored = await db.prisma.indicatorValue.findMany({
      where: { indicatorCode: "rtt_incomplete_18wk", organisationCode: { in: ["02N", "00W"] } },
      orderBy: [{ organisationCode: "asc" }, { periodStart: "asc" }],
      select: { organisationCode: true, periodStart: true, value: true },
    });
    expect(stored.map((s) => [s.organisationCode, s.periodStart.toISOString().slice(0, 7), s.value])).toEqual([
      ["00W", "2014-12", 93],
      ["02N", "2014-11", 91],
      ["02N", "2014-12", 90.5],
    ]);
    expect(describeReport(report).join("\n")).toMatch(/99X → 02N from 2014-04-01 \(2 rows\)/);
  });
});
