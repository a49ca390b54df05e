// Driver adapters: embedded PGlite by default, PostgreSQL when a URL is given.
// One place decides, so the app, the Prisma CLI and the tests open databases the same way.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { countWrite, isWriteStatement } from "./write-tracking";

export type DatabaseTarget =
  | { kind: "postgres"; url: string; /** a schema other than public (tests, benchmarks) */ schema?: string }
  | { kind: "pglite"; dataDir?: string };

/** Where the embedded database keeps its files unless told otherwise. */
export const DEFAULT_PGLITE_DIR = "./data/pglite";

/**
 * DATABASE_URL to a target. `?schema=name` (Prisma's own URL convention) puts the tables in that schema instead of
 * public; it is taken off the URL, since the PostgreSQL driver does not know it.
 */
export function targetFromUrl(url: string | undefined, dataDir = DEFAULT_PGLITE_DIR): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  if (!schema) return { kind: "postgres", url };
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`DATABASE_URL's schema "${schema}" is not a plain name`);
  parsed.searchParams.delete("schema");
  return { kind: "postgres", url: parsed.toString(), schema };
}

/** Opens an embedded Postgres. No dataDir means in memory (tests). */
export async function openPGlite(dataDir?: string): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return db;
}

/**
 * A connection pool to PostgreSQL. search_path serves raw SQL ($queryRaw, migrations) when the tables live in a
 * schema other than public. A server that stops answering (not refusing) would otherwise make a command wait for
 * ever for a connection: connecting gives up after CONNECT_TIMEOUT_MS and the user is told.
 */
export function postgresPool(url: string, schema: string | undefined, max: number): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
}
const CONNECT_TIMEOUT_MS = 5_000;

export function postgresAdapter(urlOrPool: string | pg.Pool, schema?: string): PrismaPg {
  // `schema` qualifies Prisma's generated queries.
  const pool = typeof urlOrPool === "string" ? postgresPool(urlOrPool, schema, 10) : urlOrPool;
  return new PrismaPgReleasingDeadTransactions(pool, schema ? { schema } : undefined);
}

/** What a driver adapter's connect() gives Prisma (both adapters' share this shape). */
type SqlAdapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;
type SqlTransaction = Awaited<ReturnType<SqlAdapter["startTransaction"]>>;

/**
 * Reports each COMMIT of a transaction that wrote, and each lone write statement, to write-tracking, so a command
 * that fails can say truthfully whether anything may have been saved. `onFailedEnd` runs when a COMMIT or ROLLBACK
 * itself fails.
 */
function countingWrites<A extends SqlAdapter>(
  adapter: A,
  options: {
    /** the adapter commits in tx.commit() (PGlite's own transaction API), not by sending COMMIT through Prisma */
    commitsInCommit?: boolean;
    onFailedEnd?: (tx: SqlTransaction, error: unknown) => Promise<void>;
  } = {},
): A {
  for (const method of ["executeRaw", "queryRaw"] as const) {
    const run = adapter[method].bind(adapter) as (q: { sql: string }) => Promise<never>;
    adapter[method] = (query) => (isWriteStatement(query.sql) ? countWrite(() => run(query)) : run(query));
  }
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const tx = await startTransaction(isolationLevel);
    let wrote = false; // a read-only transaction's COMMIT saves nothing
    const queryRaw = tx.queryRaw.bind(tx);
    tx.queryRaw = (query) => {
      wrote ||= isWriteStatement(query.sql);
      return queryRaw(query);
    };
    const executeRaw = tx.executeRaw.bind(tx);
    tx.executeRaw = async (query) => {
      const ending = /^\s*(COMMIT|ROLLBACK)\s*$/i.exec(query.sql)?.[1]?.toUpperCase();
      wrote ||= isWriteStatement(query.sql);
      try {
        return ending === "COMMIT" && wrote ? await countWrite(() => executeRaw(query)) : await executeRaw(query);
      } catch (error) {
        if (ending) await options.onFailedEnd?.(tx, error);
        throw error;
      }
    };
    if (options.commitsInCommit) {
      const commit = tx.commit.bind(tx);
      tx.commit = () => (wrote ? countWrite(commit) : commit());
    }
    return tx;
  };
  return adapter;
}

/**
 * PrismaPg, with writes counted (above) and connections that die mid-command given back.
 *
 * Prisma 6.19's transaction manager sends COMMIT or ROLLBACK itself and only afterwards asks the adapter to give the
 * connection back. When that statement fails because the connection has died (the database restarted, the network
 * dropped), the give-back never happens: the pool loses a slot for good, and after a few outages every command
 * waits for a connection that never comes (test/reliability/database-outage.test.ts counted 6 of 10 lost after
 * six). Here a failed COMMIT or ROLLBACK hands the connection back at once, to be destroyed: after a failed COMMIT
 * PostgreSQL has ended the transaction, after a failed ROLLBACK the link is gone, and a connection the server ended
 * with a message (57P01 on a fast shutdown) still looks usable to pg-pool and would go to the next command.
 */
class PrismaPgReleasingDeadTransactions extends PrismaPg {
  override async connect() {
    return countingWrites(await super.connect(), { onFailedEnd: releaseBroken });
  }
}

/** PGlite runs in this process and its link cannot break, but a command can still fail after a write it made. */
class PrismaPGliteCountingWrites extends PrismaPGlite {
  override async connect() {
    return countingWrites(await super.connect(), { commitsInCommit: true });
  }
}

/**
 * Gives a transaction's connection back to the pool for destruction. PgTransaction's own commit/rollback release it
 * as healthy; should a later adapter-pg no longer expose `client`, fall back to that rather than keep it.
 */
async function releaseBroken(tx: SqlTransaction, error: unknown) {
  const pgTx = tx as { cleanup?: () => void; client?: { release(error?: Error | boolean): void } };
  try {
    if (!pgTx.client) return await tx.rollback();
    pgTx.cleanup?.();
    pgTx.client.release(error instanceof Error ? error : true);
  } catch {
    // Already released: nothing more to give back.
  }
}

export function pgliteAdapter(db: PGlite): PrismaPGlite {
  return new PrismaPGliteCountingWrites(db);
}

/**
 * For prisma.config.ts: the CLI (migrate diff, migrate status, db push) uses this. The embedded database is
 * opened only when the CLI connects: an open PGlite keeps Node running, so commands that need no database
 * (`migrate diff --from-empty`) would never exit.
 */
export async function createMigrationAdapter(url: string | undefined) {
  if (url) return postgresAdapter(url);
  // PGlite has no advisory locks across processes; the CLI would wait on one for ever.
  process.env.PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK = "1";
  let inner: PrismaPGlite | undefined;
  const open = async () => (inner ??= pgliteAdapter(await openPGlite(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR)));
  return {
    provider: "postgres" as const,
    adapterName: "pglite",
    connect: async () => (await open()).connect(),
    connectToShadowDb: async () => (await open()).connectToShadowDb(),
  };
}
