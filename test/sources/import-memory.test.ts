// What keeps a big import's memory bounded (issue 18, docs/PERFORMANCE.md): on PGlite the import runs in PGlite's own
// transaction, so Prisma's debug history (its last 100 calls' arguments, kept even with logging off) never holds a
// staged batch; and the garbage of rows already staged is collected as the import goes.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database";
import { importCsvFile } from "../../src/sources/import";
import { collectEvery, ROWS_PER_COLLECTION } from "../../src/sources/import/heap";
import { seededDatabaseWithDir, TEST_SEED_NOW } from "../support/test-database";

let db: Database;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, dir, cleanup } = await seededDatabaseWithDir("import-memory", { demo: false }));
});
afterAll(() => cleanup());

/** The app's database, but a Prisma transaction fails the test: the import must not stage its rows through Prisma. */
function withoutPrismaTransactions(database: Database): Database {
  const prisma = new Proxy(database.prisma, {
    get(target, prop, receiver) {
      if (prop === "$transaction") throw new Error("the import opened a Prisma transaction");
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { ...database, prisma };
}

describe("an import's memory", () => {
  it("on PGlite stages and writes in PGlite's own transaction, all or nothing", async (context) => {
    if (db.kind !== "pglite") context.skip();
    const file = path.join(dir, "values.csv");
    const options = { kind: "values", mode: "all-or-nothing", now: TEST_SEED_NOW, batchSize: 1 } as const;
    await writeFile(file, "organisation,indicator,period,value\n02N,ae_4hr,2013-09,93.1\n00C,ae_4hr,2013-09,90\n");
    const report = await importCsvFile(withoutPrismaTransactions(db), file, options);
    expect(report).toMatchObject({ committed: true, inserted: 2, rejected: 0 });
    expect(await db.prisma.indicatorValue.count({ where: { indicatorCode: "ae_4hr" } })).toBe(2);

    // a duplicate with another figure after both rows were staged: rejected, and nothing of the file is written
    const clash = path.join(dir, "clash.csv");
    await writeFile(clash, "organisation,indicator,period,value\n02N,ae_4hr,2013-10,93.1\n02N,ae_4hr,2013-10,94\n");
    const refused = await importCsvFile(withoutPrismaTransactions(db), clash, options);
    expect(refused).toMatchObject({ committed: false, rejected: 2, rejectedByKind: { duplicate: 2 } });
    expect(await db.prisma.indicatorValue.count({ where: { indicatorCode: "ae_4hr" } })).toBe(2);
  });

  it("collects garbage once every ROWS_PER_COLLECTION rows", async () => {
    // A WeakRef's target is kept to the end of the job that made or read it: each check waits for the next one.
    const nextJob = () => new Promise((resolve) => setImmediate(resolve));
    const dead = new WeakRef({ rows: new Array(1_000).fill("row") });
    const last = { at: 0 };
    await nextJob();
    collectEvery(ROWS_PER_COLLECTION - 1, last);
    expect(dead.deref()).toBeDefined(); // too few rows since the last collection
    await nextJob();
    collectEvery(ROWS_PER_COLLECTION, last);
    expect(dead.deref()).toBeUndefined();
    expect(last.at).toBe(ROWS_PER_COLLECTION);
  });
});
