// `npm run import` as a person runs it: the report on stdout, plain progress lines on stderr (not a terminal), and
// the exit code scripts rely on. Runs the real CLI in a child process on an embedded database of its own.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseImportArgs, USAGE } from "../../src/sources/import-args";
import { importCli as runImportCli } from "../support/import-cli";
import { testDatabaseKind } from "../support/test-database";

let dir: string;
const EXAMPLES = path.join(import.meta.dirname, "../../docs/examples");

async function importCli(...args: string[]) {
  try {
    const { stdout, stderr } = await runImportCli(dir, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "plan-dialogue-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.skipIf(testDatabaseKind() === "postgres")("npm run import", () => {
  it("imports, reports, and exits 0; 1 when nothing was imported; 2 when rows were rejected in valid-rows mode", async () => {
    const good = path.join(dir, "good.csv");
    const bad = path.join(dir, "bad.csv");
    await writeFile(good, "organisation,indicator,period,value\r\n02N,ae_4hr,2013-09,93.1\r\n");
    await writeFile(bad, "organisation,indicator,period,value\n02N,ae_4hr,2013-10,93.1\n02N,ae_4hr,2013-11,140\n");

    const ok = await importCli(good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^Imported values from good\.csv: 1 row read, 1 new, 0 changed, 0 unchanged in \d+\.\d s\.$/m,
    );
    expect(ok.stderr).toMatch(/^Importing .*good\.csv: done, 1 row \(100% of the file\), .* rows\/s$/m);

    const refused = await importCli(bad);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^Nothing imported: 1 row of 2 rejected/);
    expect(refused.stdout).toMatch(/^ {2}line 3: value 140 is not a percentage \(0 to 100\)$/m);

    const partly = await importCli(bad, "--mode", "valid-rows", "--source", "A&E return", "--json");
    expect(partly.code).toBe(2);
    expect(JSON.parse(partly.stdout)).toMatchObject({
      source: "A&E return",
      inserted: 1,
      rejected: 1,
      committed: true,
    });

    const wrong = await importCli(good, "--kind", "targets");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/--kind is values, plans, successors or objectives\nUsage: npm run import --/);
  }, 600_000);

  it("takes --kind successors and --kind objectives as --format ccg-successors and ccg-objectives (the example files)", async () => {
    const successors = await importCli(path.join(EXAMPLES, "ccg-successors.example.csv"), "--kind", "successors");
    expect(successors.stderr).toBe("");
    expect(successors.code).toBe(0);
    expect(successors.stdout).toMatch(/^3 old codes, 1 successor\.$/m);
    const objectives = await importCli(path.join(EXAMPLES, "ccg-objectives.example.csv"), "--kind", "objectives");
    expect(objectives.code).toBe(0);
    expect(objectives.stdout).toMatch(/^2 CCGs' objectives for c_difficile, mrsa_bacteraemia, 2014\/15\.$/m);
  }, 600_000);
});

describe("the import's arguments", () => {
  const file = "f.csv";
  it("--kind successors and --kind objectives are the tables' formats, read as values", () => {
    expect(parseImportArgs([file, "--kind", "successors"])).toMatchObject({ kind: "values", format: "ccg-successors" });
    expect(parseImportArgs([file, "--kind", "objectives", "--indicator", "c_difficile"])).toMatchObject({
      kind: "values",
      format: "ccg-objectives",
      indicator: "c_difficile",
    });
    expect(parseImportArgs([file, "--kind", "successors", "--format", "ccg-successors"])).toMatchObject({
      format: "ccg-successors",
    });
    expect(parseImportArgs([file, "--kind", "successors", "--format", "rtt-commissioner"])).toEqual({
      error: "--kind successors is --format ccg-successors, not --format rtt-commissioner: give one of them",
    });
    expect(USAGE).toMatch(/--kind values\|plans\|successors\|objectives/);
  });

  it("--kind values and plans are as before", () => {
    expect(parseImportArgs([file])).toMatchObject({ kind: "values", format: undefined, mode: "all-or-nothing" });
    expect(parseImportArgs([file, "--kind", "plans"])).toMatchObject({ kind: "plans", format: undefined });
    expect(parseImportArgs([file, "--kind", "values", "--format", "rtt-commissioner"])).toMatchObject({
      kind: "values",
      format: "rtt-commissioner",
    });
    expect(parseImportArgs([file, "--kind", "targets"])).toEqual({
      error: "--kind is values, plans, successors or objectives",
    });
  });
});
