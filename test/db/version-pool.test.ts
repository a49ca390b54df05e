// The data version read every command starts with, on PostgreSQL: sent on a small pool of its own (the raw query,
// not Prisma's $queryRaw), with the app's query time limit, and not behind the raw pool's migrations and imports.
// Started as the app starts (openRuntime). PostgreSQL only (TEST_DATABASE_URL).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type Runtime } from "../../src/bootstrap";
import { openDatabase, type Database } from "../../src/db/database";
import { fixedClock } from "../../src/core/time";
import { countStatements } from "../support/statements";
import { TEST_SEED_NOW, testDatabaseKind } from "../support/test-database";

describe.skipIf(testDatabaseKind() !== "postgres")("the data version read's own pool (PostgreSQL)", () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const LIMIT_MS = 1_000;
  const APP = `plan-versions-${process.pid}`;
  let admin: Database;
  let app: Runtime;
  const inUse = () => app.db.connections!().total - app.db.connections!().idle;
  const status = () => app.core.indicators.statusOf("02N", TEST_SEED_NOW);

  beforeAll(async () => {
    admin = await openDatabase({ kind: "postgres", url });
    const config = { DATABASE_URL: url, PGLITE_DIR: "unused", SEED_DEMO: false };
    const named = new URL(url);
    named.searchParams.set("application_name", APP);
    app = await openRuntime(config, fixedClock(TEST_SEED_NOW), {
      kind: "postgres",
      url: named.toString(),
      schema,
      queryTimeoutMs: LIMIT_MS,
    });
  });
  afterAll(async () => {
    await app?.db.close();
    await admin?.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  });

  async function timed<T>(fn: () => Promise<T>) {
    const started = performance.now();
    const outcome = await fn().then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    return { ...outcome, ms: performance.now() - started };
  }

  it("a command reads the version with the raw query, not through Prisma, and nothing else once cached", async () => {
    const first = await status(); // computed and kept
    const counted = countStatements();
    try {
      expect(await status()).toEqual(first);
    } finally {
      counted.restore();
    }
    // rawVersionReader's `= ANY($1::text[])`, where Prisma's readDataVersion sends `IN ($1,$2,…)`. The cached
    // answer needs that one statement only.
    expect(counted.seen).toHaveLength(1);
    expect(counted.seen[0]).toMatch(/FROM "DataVersion" WHERE "scope" = ANY\(\$1::text\[\]\)/);
    expect(inUse()).toBe(0);
  });

  it("is answered while long transactions hold both of the raw pool's connections", async () => {
    await status();
    const holding = Array.from({ length: 2 }, () =>
      app.db.sql.withConnection(async (conn) => {
        await conn.exec("BEGIN");
        await conn.query("SELECT pg_sleep(2)");
        await conn.exec("COMMIT");
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // both raw connections are now checked out, asleep
    const { error, ms } = await timed(status);
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(1_000); // not the 2 s the raw pool is busy for
    await Promise.all(holding);
  });

  it("has the query time limit: a read that outlives it fails at the limit, and the next is answered", async () => {
    const { error, ms } = await timed(() => app.db.versionSql.query("SELECT pg_sleep(3)"));
    expect(String(error)).toMatch(/Query read timeout/);
    expect(ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(ms).toBeLessThan(LIMIT_MS + 1_000);
    expect(inUse()).toBe(0); // the connection that timed out is counted, given back and dropped
    expect(await app.db.versionSql.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    expect((await status()).ccg.code).toBe("02N");
  });

  it("outlives the server ending its idle connections (a restart), and the next command is answered", async () => {
    await status();
    await app.db.sql.query("SELECT 1"); // the raw pool holds an idle connection too
    const ended = await admin.sql.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1",
      [APP],
    );
    expect(ended.length).toBeGreaterThanOrEqual(2);
    // Each pool hears of it: an 'error' on a pool with no listener would end this process.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await status()).ccg.code).toBe("02N");
    expect(await app.db.sql.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("is closed with the database", async () => {
    const db = await openDatabase({ kind: "postgres", url, schema });
    await db.versionSql.query("SELECT 1");
    expect(db.connections!().total).toBeGreaterThan(0);
    await db.close();
    expect(db.connections!().total).toBe(0);
    await expect(db.versionSql.query("SELECT 1")).rejects.toThrow(/after calling end/);
  });
});
