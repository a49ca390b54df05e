// Opens the database the app runs on: embedded PGlite by default, PostgreSQL when DATABASE_URL is set.
// Both get the same Prisma client and a raw SQL runner (for migrations and health checks).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { PrismaClient } from "./generated/client";
import {
  DEFAULT_QUERY_TIMEOUT_MS,
  openPGlite,
  pgliteAdapter,
  postgresAdapter,
  postgresPool,
  type DatabaseTarget,
} from "./adapter";
import { countWrite, isWriteStatement } from "./write-tracking";

/**
 * Plain SQL, for what Prisma's client does not do: multi-statement migrations, advisory locks, bulk imports. On
 * PostgreSQL it has a pool of its own with no time limit on queries: a migration, a wait for another replica's
 * lock or an import's statement may rightly take minutes.
 */
export interface SqlRunner {
  /** Runs one or more statements with no parameters. */
  exec(sql: string): Promise<void>;
  /**
   * `timeoutMs` bounds the wait for this one answer (PostgreSQL only): for the readiness probe, which must say "not
   * ready" while the database is silent rather than wait with it. A connection whose query timed out is destroyed.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: { timeoutMs?: number }): Promise<T[]>;
  /** Runs fn on one connection (advisory locks are per connection). */
  withConnection<R>(fn: (sql: SqlRunner) => Promise<R>): Promise<R>;
  /**
   * Streams text into a `COPY … FROM STDIN` statement, with backpressure (PostgreSQL only, and only on the
   * connection withConnection gives). A bulk import's fastest way in: the database parses rows while the next ones
   * are read. If `chunks` throws, the COPY is abandoned (and so is the transaction around it).
   */
  copyIn?(sql: string, chunks: AsyncIterable<string>): Promise<void>;
  /**
   * PGlite only: fn in PGlite's own transaction (committed when fn resolves, rolled back when it throws), which holds
   * every other query of this process, Prisma's included, until it ends. For bulk imports: Prisma's client and its
   * adapter each keep the arguments of their last 100 debug calls, multi-megabyte parameters included, even with
   * logging off (docs/PERFORMANCE.md).
   */
  transaction?<R>(fn: (sql: SqlRunner) => Promise<R>): Promise<R>;
}

export interface Database {
  prisma: PrismaClient;
  sql: SqlRunner;
  kind: DatabaseTarget["kind"];
  /**
   * Where commands read the data version without Prisma (src/core/indicators/data-version.ts): on PGlite `sql`, its
   * one in-process connection; on PostgreSQL a small pool of its own with the query time limit, so the read neither
   * queues behind an import on `sql`'s two connections nor waits on a silent database for ever.
   */
  versionSql: Pick<SqlRunner, "query">;
  /**
   * Plain SQL on the commands' own connections (Prisma's pool on PostgreSQL, with the same query time limit; PGlite's
   * one connection), for a hot single statement where Prisma's per-query cost shows: the inbound claim every command
   * makes (src/core/inbound/deliveries.ts). A write through it is counted for the command's outcome, as Prisma's are
   * (write-tracking.ts).
   */
  commandSql: Pick<SqlRunner, "query">;
  /**
   * Connections held by the pools commands use, Prisma's and the version reads' (PostgreSQL only): for /metrics and
   * for tests that break the network.
   */
  connections?(): { total: number; idle: number; waiting: number };
  /** The whole database as an uncompressed tarball, after a checkpoint (PGlite only): src/db/snapshot.ts. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/** What createCore takes from a database to send its hot statements without Prisma (CoreOptions), as the app does. */
export const plainSqlOf = (db: Pick<Database, "versionSql" | "commandSql">) => ({
  versionSql: db.versionSql,
  commandSql: db.commandSql,
});

export async function openDatabase(
  target: DatabaseTarget,
  /** PGlite only: create the database from this tarball (see openPGlite) */
  loadDataDir?: Blob,
): Promise<Database> {
  if (target.kind === "postgres") return openPostgres(target.url, target.schema, target.queryTimeoutMs);
  return openEmbedded(await openPGlite(target.dataDir, loadDataDir));
}

function openEmbedded(db: PGlite): Database {
  const runnerFor = (client: PGlite | Transaction): SqlRunner => {
    const runner: SqlRunner = {
      async exec(text) {
        await client.exec(text);
      },
      async query<T>(text: string, params: unknown[] = []) {
        return (await client.query<T>(text, params)).rows;
      },
      withConnection: (fn) => fn(runner), // one connection only
      ...(client === db && { transaction: (fn) => db.transaction((tx) => fn(runnerFor(tx))) }),
    };
    return runner;
  };
  const sql = runnerFor(db);
  const prisma = new PrismaClient({ adapter: pgliteAdapter(db) });
  return {
    prisma,
    sql,
    versionSql: sql,
    commandSql: sql,
    kind: "pglite",
    async dumpDataDir() {
      await db.exec("CHECKPOINT");
      return db.dumpDataDir("none");
    },
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

function openPostgres(url: string, schema?: string, queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Database {
  // Raw SQL (migrations) finds its tables through search_path; Prisma qualifies names with `schema` itself.
  const pool = postgresPool(url, schema, 2);
  const runnerFor = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async exec(text) {
      await client.query(text);
    },
    async query<T>(text: string, params: unknown[] = [], options: { timeoutMs?: number } = {}) {
      // pg's per-query query_timeout; through pool.query a timed-out connection is given back with the error and
      // destroyed, so it cannot hold one of this pool's two connections after the database answers again.
      const config = { text, values: params, ...(options.timeoutMs ? { query_timeout: options.timeoutMs } : {}) };
      return (await client.query(config)).rows as T[];
    },
    ...(client !== pool && {
      async copyIn(text: string, chunks: AsyncIterable<string>) {
        await pipeline(Readable.from(chunks), (client as pg.PoolClient).query(copyFrom(text)));
      },
    }),
    async withConnection(fn) {
      if (client !== pool) return fn(runnerFor(client));
      const conn = await pool.connect();
      try {
        return await fn(runnerFor(conn));
      } finally {
        conn.release();
      }
    },
  });
  // Commands' queries, through Prisma: each has queryTimeoutMs to be answered (see postgresPool).
  const queries = postgresPool(url, schema, 10, queryTimeoutMs);
  const prisma = new PrismaClient({ adapter: postgresAdapter(queries, schema) });
  // The data version read every command starts with, without Prisma's cost (2.65× at the median, docs/PERFORMANCE.md).
  // Same limit as Prisma's; through pool.query a timed-out connection is destroyed. Few connections: one statement
  // each, shared by concurrent commands (src/core/caching/shared-version-reads.ts).
  const versions = postgresPool(url, schema, VERSION_CONNECTIONS, queryTimeoutMs);
  // An idle connection the server ends (a restart's 57P01, a cut link) is an 'error' on its pool: with no listener
  // the process would exit. pg-pool has already dropped it and the next query connects anew (Prisma's pool has one).
  for (const p of [versions, pool]) p.on("error", () => undefined);
  const commandPools = [queries, versions];
  const sum = (count: (p: pg.Pool) => number) => commandPools.reduce((n, p) => n + count(p), 0);
  return {
    prisma,
    sql: runnerFor(pool),
    versionSql: {
      async query<T>(text: string, params: unknown[] = []) {
        return (await versions.query(text, params)).rows as T[];
      },
    },
    commandSql: {
      async query<T>(text: string, params: unknown[] = []) {
        const send = async () => (await queries.query(text, params)).rows as T[];
        return isWriteStatement(text) ? countWrite(send) : send();
      },
    },
    kind: "postgres",
    connections: () => ({
      total: sum((p) => p.totalCount),
      idle: sum((p) => p.idleCount),
      waiting: sum((p) => p.waitingCount),
    }),
    async close() {
      await prisma.$disconnect();
      await Promise.all([queries.end(), versions.end(), pool.end()]);
    },
  };
}

const VERSION_CONNECTIONS = 3;
