// A merger in the figures: several old CCG codes that map onto one successor for the same indicator and period are
// combined into one figure for the successor (issue 15). The successor table is the example file in docs/examples
// (invented old codes 90A, 90B and 90C merged into 02N from 2014-04-01), so the example is shown to import too.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database";
import { describeReport, type ImportReport } from "../../src/sources/import";
import { importFile } from "../../src/sources/published";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../support/test-database";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;
const EXAMPLES = path.join(import.meta.dirname, "../../docs/examples");

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("merge", { demo: false }));
});
afterAll(() => cleanup());
beforeEach(async () => {
  await db.prisma.indicatorValue.deleteMany();
});

let n = 0;
async function run(lines: string[], mode: "all-or-nothing" | "valid-rows" = "all-or-nothing"): Promise<ImportReport> {
  const file = path.join(dir, `figures-${++n}.csv`);
  await writeFile(file, `organisation,indicator,period,value,numerator,denominator\n${lines.join("\n")}\n`);
  return importFile(db, file, { kind: "values", mode, now: TEST_SEED_NOW });
}
const stored = (indicatorCode: string) =>
  db.prisma.indicatorValue.findMany({
    where: { indicatorCode },
    orderBy: [{ organisationCode: "asc" }, { periodStart: "asc" }],
    select: {
      organisationCode: true,
      periodStart: true,
      value: true,
      numerator: true,
      denominator: true,
      suppressed: true,
    },
  });

describe("the example files", () => {
  it("import: the successor table (made-up codes) and the objectives table", async () => {
    const successors = await importFile(db, path.join(EXAMPLES, "ccg-successors.example.csv"), {
      kind: "values",
      mode: "all-or-nothing",
      format: "ccg-successors",
      now: TEST_SEED_NOW,
    });
    expect(successors).toMatchObject({ committed: true, rowsRead: 3, rejected: 0 });
    expect(successors.notes).toContain("3 old codes, 1 successor.");
    const objectives = await importFile(db, path.join(EXAMPLES, "ccg-objectives.example.csv"), {
      kind: "values",
      mode: "all-or-nothing",
      format: "ccg-objectives",
      now: TEST_SEED_NOW,
    });
    expect(objectives).toMatchObject({ committed: true, rowsRead: 4, rejected: 0 });
    expect(await db.prisma.ccgObjective.count({ where: { organisationCode: "02N" } })).toBe(2);
  });
});

describe("figures of a merger", () => {
  beforeAll(async () => {
    await importFile(db, path.join(EXAMPLES, "ccg-successors.example.csv"), {
      kind: "values",
      mode: "all-or-nothing",
      format: "ccg-successors",
      now: TEST_SEED_NOW,
    });
  });

  it("three old codes onto one successor: counts summed and the percentage recomputed; a count indicator summed", async () => {
    // By hand: ae_4hr 90A 930 of 1,000 + 90B 1,880 of 2,000 + 90C 2,790 of 3,000 = 5,600 of 6,000 = 93.333…%
    // (not the mean of 93, 94 and 93). c_difficile (a count of cases): 2 + 0 + 5 = 7.
    const report = await run([
      "90A,ae_4hr,2014-12,93,930,1000",
      "90B,ae_4hr,2014-12,94,1880,2000",
      "90C,ae_4hr,2014-12,93,2790,3000",
      "90A,c_difficile,2014-12,2,,",
      "90B,c_difficile,2014-12,0,,",
      "90C,c_difficile,2014-12,5,,",
      "90A,ae_4hr,2015-01,92,920,1000", // one part alone: stored under 02N as it is
    ]);
    expect(report).toMatchObject({ committed: true, rowsRead: 7, rejected: 0, inserted: 3, repeatedRows: 0 });
    expect(await stored("ae_4hr")).toEqual([
      {
        organisationCode: "02N",
        periodStart: new Date("2014-12-01"),
        value: (5600 / 6000) * 100,
        numerator: 5600,
        denominator: 6000,
        suppressed: false,
      },
      {
        organisationCode: "02N",
        periodStart: new Date("2015-01-01"),
        value: 92,
        numerator: 920,
        denominator: 1000,
        suppressed: false,
      },
    ]);
    expect((await stored("c_difficile")).map((r) => r.value)).toEqual([7]);
    expect(report.successorCombinations).toEqual({ "90A + 90B + 90C → 02N for 2014-12: summed": 2 });
    const text = describeReport(report).join("\n");
    expect(text).toMatch(
      /^Merged CCGs' figures combined: 90A \+ 90B \+ 90C → 02N for 2014-12: summed \(2 figures\)\.$/m,
    );
    expect(text).toMatch(/90A → 02N from 2014-04-01 \(3 rows\)/);
  });

  it("refuses a percentage part without numerator and denominator, naming the codes and why; nothing is stored", async () => {
    const report = await run([
      "90A,ae_4hr,2014-12,93,930,1000",
      "90B,ae_4hr,2014-12,94,,",
      "90C,ae_4hr,2014-12,93,2790,3000",
      "02N,ae_4hr,2014-11,95,950,1000",
    ]);
    expect(report.committed).toBe(false);
    expect(report.rejectedByKind).toEqual({ merge: 3 });
    const why =
      "90A + 90B + 90C → 02N for 2014-12 (ae_4hr): a merged CCG's percentage needs each part's numerator and " +
      "denominator, and 90B (line 3) gives none";
    expect(report.rejections.map((r) => [r.line, r.kind, r.message])).toEqual([
      [2, "merge", why],
      [3, "merge", why],
      [4, "merge", why],
    ]);
    expect(await db.prisma.indicatorValue.count()).toBe(0);
    expect(describeReport(report).join("\n")).toMatch(/Rejected rows: 3 parts of a merger not combined\./);

    // valid-rows: the rest is stored, and no partial sum of the two good parts
    const partly = await run(
      ["90A,ae_4hr,2014-12,93,930,1000", "90B,ae_4hr,2014-12,94,,", "02N,ae_4hr,2014-11,95,950,1000"],
      "valid-rows",
    );
    expect(partly).toMatchObject({ committed: true, rejected: 2, inserted: 1 });
    expect((await stored("ae_4hr")).map((r) => r.periodStart.toISOString().slice(0, 7))).toEqual(["2014-11"]);
  });

  it("a part rejected for its own figure leaves the others refused in valid-rows mode, not summed without it", async () => {
    const report = await run(
      ["90A,ae_4hr,2014-12,93,930,1000", "90B,ae_4hr,2014-12,140,1880,2000", "90C,ae_4hr,2014-12,93,2790,3000"],
      "valid-rows",
    );
    expect(report.rejections.map((r) => [r.line, r.kind])).toEqual([
      [2, "merge"],
      [3, "range"],
      [4, "merge"],
    ]);
    expect(report.rejections[0]!.message).toBe(
      "90A + 90B + 90C → 02N for 2014-12 (ae_4hr): 90B's row (line 3) is rejected, and the figure can't be made without it",
    );
    expect(await db.prisma.indicatorValue.count()).toBe(0);
  });

  it("a suppressed part makes the combined figure suppressed, and the report says so", async () => {
    const report = await run([
      "90A,ae_4hr,2014-12,93,930,1000",
      "90B,ae_4hr,2014-12,*,,",
      "90C,ae_4hr,2014-12,93,2790,3000",
    ]);
    expect(report).toMatchObject({ committed: true, rejected: 0, inserted: 1, suppressed: 1 });
    expect(await stored("ae_4hr")).toEqual([
      {
        organisationCode: "02N",
        periodStart: new Date("2014-12-01"),
        value: null,
        numerator: null,
        denominator: null,
        suppressed: true,
      },
    ]);
    expect(report.successorCombinations).toEqual({
      "90A + 90B + 90C → 02N for 2014-12: suppressed, as 90B's part is": 1,
    });
    expect(describeReport(report).join("\n")).toMatch(/1 suppressed figure kept as suppressed/);
  });

  it("a genuine duplicate stays a duplicate: the same old code twice, or the successor's own row beside mapped ones", async () => {
    // The same old code twice with different figures: every row of the key is rejected, nothing is summed.
    const twice = await run([
      "90A,ae_4hr,2014-12,93,930,1000",
      "90A,ae_4hr,2014-12,94,940,1000",
      "90B,ae_4hr,2014-12,94,1880,2000",
    ]);
    expect(twice.committed).toBe(false);
    expect(twice.rejectedByKind).toEqual({ duplicate: 3 });
    // The same old code twice with the same figures: one row, written once, then combined.
    const repeated = await run([
      "90A,ae_4hr,2014-12,93,930,1000",
      "90A,ae_4hr,2014-12,93,930,1000",
      "90B,ae_4hr,2014-12,94,1880,2000",
    ]);
    expect(repeated).toMatchObject({ committed: true, inserted: 1, repeatedRows: 1 });
    expect((await stored("ae_4hr"))[0]).toMatchObject({ numerator: 2810, denominator: 3000 });
    // The successor's own row and the combined parts for the same period: a duplicate, each part rejected too.
    const own = await run([
      "90A,ae_4hr,2014-12,93,930,1000",
      "90B,ae_4hr,2014-12,94,1880,2000",
      "02N,ae_4hr,2014-12,95,950,1000",
    ]);
    expect(own.committed).toBe(false);
    expect(own.rejectedByKind).toEqual({ duplicate: 3 });
    expect(own.rejections.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(own.rejections[0]!.message).toMatch(
      /^02N ae_4hr 2014-12-01 is 93\.6\d*\/2810\/3000 here \(90A \+ 90B → 02N, lines 2, 3\) but 95\/950\/1000 on line 4$/,
    );
  });
});
