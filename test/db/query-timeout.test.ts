// The time limit on the app's queries (DATABASE_QUERY_TIMEOUT_MS): set from the environment, applied to Prisma's
// pool only, and what a query that outlives it leaves behind. Here the server is alive but slow (pg_sleep, and a
// deferred trigger that makes COMMIT slow); test/reliability/database-pause.test.ts has a server that stops
// answering altogether. The PostgreSQL cases run when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { DEFAULT_QUERY_TIMEOUT_MS, targetFromUrl } from "../../src/db/adapter";
import { openDatabase, type Database } from "../../src/db/database";
import { isConnectionLoss, trackWrites, type WriteOutcome } from "../../src/db/write-tracking";
import { testDatabaseKind } from "../support/test-database";

describe("the query time limit's setting", () => {
  it("is 15 s unless DATABASE_QUERY_TIMEOUT_MS says otherwise, and reaches the database target", () => {
    expect(loadConfig({}).DATABASE_QUERY_TIMEOUT_MS).toBe(DEFAULT_QUERY_TIMEOUT_MS);
    expect(DEFAULT_QUERY_TIMEOUT_MS).toBe(15_000);
    expect(loadConfig({ DATABASE_QUERY_TIMEOUT_MS: "30000" }).DATABASE_QUERY_TIMEOUT_MS).toBe(30_000);
    expect(() => loadConfig({ DATABASE_QUERY_TIMEOUT_MS: "15s" })).toThrow(/DATABASE_QUERY_TIMEOUT_MS expected/);
    expect(() => loadConfig({ DATABASE_QUERY_TIMEOUT_MS: "50" })).toThrow(/at least a second/);
    expect(targetFromUrl("postgresql://h/db?schema=s", "unused", 2_000)).toEqual({
      kind: "postgres",
      url: "postgresql://h/db",
      schema: "s",
      queryTimeoutMs: 2_000,
    });
    expect(targetFromUrl(undefined, "dir", 2_000)).toEqual({ kind: "pglite", dataDir: "dir" });
  });

  it("counts a write whose answer timed out as in doubt, and a connection never had as nothing sent", () => {
    expect(isConnectionLoss(new Error("Query read timeout"))).toBe(true);
    expect(isConnectionLoss(new Error("timeout exceeded when trying to connect"))).toBe(false);
    expect(isConnectionLoss(new Error("Connection terminated due to connection timeout"))).toBe(false);
    expect(isConnectionLoss(new Error("Connection terminated unexpectedly"))).toBe(true);
  });
});

describe.skipIf(testDatabaseKind() !== "postgres")("a query that outlives the limit (PostgreSQL)", () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const LIMIT_MS = 1_000;
  let admin: Database;
  let db: Database;
  const inUse = () => db.connections!().total - db.connections!().idle;

  beforeAll(async () => {
    admin = await openDatabase({ kind: "postgres", url });
    await admin.sql.exec(`
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.slow (id int);
      -- Runs at COMMIT: a COMMIT that takes 3 s to answer.
      CREATE FUNCTION ${schema}.sleep_at_commit() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON ${schema}.slow
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${schema}.sleep_at_commit();`);
    db = await openDatabase({ kind: "postgres", url, schema, queryTimeoutMs: LIMIT_MS });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  });

  async function timed(fn: () => Promise<unknown>) {
    const started = performance.now();
    const error = await fn().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, ms: performance.now() - started };
  }

  it("a lone query fails at the limit; its connection is dropped, and the next query is answered", async () => {
    const { error, ms } = await timed(() => db.prisma.$queryRawUnsafe("SELECT pg_sleep(3)"));
    expect(String(error)).toMatch(/Query read timeout/);
    expect(ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(ms).toBeLessThan(LIMIT_MS + 1_000);
    expect(inUse()).toBe(0);
    expect(await db.prisma.$queryRawUnsafe("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    // The raw runner (migrations, locks, imports) has no limit.
    expect(await db.sql.query("SELECT pg_sleep(1.5), 2 AS two")).toEqual([{ pg_sleep: "", two: 2 }]);
  });

  it("in a transaction: fails at the limit (not twice it), nothing is saved, the connection is given back", async () => {
    const outcome: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    const { error, ms } = await timed(() =>
      trackWrites(outcome, () =>
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`INSERT INTO ${schema}.slow VALUES (1)`);
          await tx.$queryRawUnsafe("SELECT pg_sleep(3)");
        }),
      ),
    );
    expect(String(error)).toMatch(/Query read timeout/);
    expect(ms).toBeLessThan(LIMIT_MS + 800); // the ROLLBACK is not sent to wait behind the unanswered query
    expect(outcome).toEqual({ confirmed: 0, inDoubt: 0 });
    expect(inUse()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the server finishes sleeping, sees the client gone
    expect(await admin.sql.query(`SELECT count(*)::int AS n FROM ${schema}.slow`)).toEqual([{ n: 0 }]);
  });

  it("in a transaction whose own time limit (Prisma's, 5 s by default) ends first: the same", async () => {
    // Prisma sends ROLLBACK when its timer ends; it waits behind the unanswered query until the query limit ends both.
    // Prisma rethrows a ROLLBACK that fails there, unhandled (vitest fails the run on one; Node would exit).
    const { error, ms } = await timed(() =>
      db.prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`INSERT INTO ${schema}.slow VALUES (3)`);
          await tx.$queryRawUnsafe("SELECT pg_sleep(3)");
        },
        { timeout: 300 },
      ),
    );
    expect(error).toBeDefined();
    expect(ms).toBeLessThan(LIMIT_MS + 800);
    expect(inUse()).toBe(0);
    expect(await admin.sql.query(`SELECT count(*)::int AS n FROM ${schema}.slow WHERE id = 3`)).toEqual([{ n: 0 }]);
    expect(await db.prisma.$queryRawUnsafe("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("a COMMIT that outlives the limit is counted as in doubt (here it was saved)", async () => {
    const outcome: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    const { error, ms } = await timed(() =>
      trackWrites(outcome, () =>
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`INSERT INTO ${schema}.slow VALUES (2)`);
        }),
      ),
    );
    expect(String(error)).toMatch(/Query read timeout/);
    expect(ms).toBeLessThan(LIMIT_MS + 800);
    expect(outcome).toEqual({ confirmed: 0, inDoubt: 1 });
    expect(inUse()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await admin.sql.query(`SELECT id FROM ${schema}.slow`)).toEqual([{ id: 2 }]);
    expect(await db.prisma.$queryRawUnsafe("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });
});
