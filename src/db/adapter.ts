// Driver adapters: embedded PGlite by default, PostgreSQL when a URL is given.
// One place decides, so the app, the Prisma CLI and the tests open databases the same way.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { countWrite, isQueryTimeout, isWriteStatement } from "./write-tracking";

export type DatabaseTarget =
  | {
      kind: "postgres";
      url: string;
      /** a schema other than public (tests, benchmarks) */
      schema?: string;
      /** how long any one of Prisma's queries may wait for its answer (DATABASE_QUERY_TIMEOUT_MS) */
      queryTimeoutMs?: number;
    }
  | { kind: "pglite"; dataDir?: string };

/** Where the embedded database keeps its files unless told otherwise. */
export const DEFAULT_PGLITE_DIR = "./data/pglite";

/** DATABASE_QUERY_TIMEOUT_MS's default: see postgresPool. */
export const DEFAULT_QUERY_TIMEOUT_MS = 15_000;

/**
 * DATABASE_URL to a target. `?schema=name` (Prisma's own URL convention) puts the tables in that schema instead of
 * public; it is taken off the URL, since the PostgreSQL driver does not know it.
 */
export function targetFromUrl(
  url: string | undefined,
  dataDir = DEFAULT_PGLITE_DIR,
  queryTimeoutMs?: number,
): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir };
  const limit = queryTimeoutMs ? { queryTimeoutMs } : {};
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  if (!schema) return { kind: "postgres", url, ...limit };
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`DATABASE_URL's schema "${schema}" is not a plain name`);
  parsed.searchParams.delete("schema");
  return { kind: "postgres", url: parsed.toString(), schema, ...limit };
}

/**
 * Opens an embedded Postgres. No dataDir means in memory (tests). `loadDataDir`: a tarball of a database (PGlite's
 * dumpDataDir) to create it from instead of running initdb (src/db/snapshot.ts); only for a folder with none yet.
 */
export async function openPGlite(dataDir?: string, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir, loadDataDir ? { loadDataDir } : {});
  await db.waitReady;
  return db;
}

/**
 * A connection pool to PostgreSQL. search_path serves raw SQL ($queryRaw, migrations) when the tables live in a
 * schema other than public. A server that stops answering (paused, or a network that silently drops packets) would
 * otherwise make a command wait for ever for a connection, and up to the operating system's TCP limit (about 15
 * minutes) for the answer to a query: connecting gives up after CONNECT_TIMEOUT_MS, and with `queryTimeoutMs` each
 * query gives up after that long (pg's query_timeout, timed here: PostgreSQL's statement_timeout is kept by the
 * server, which is the side that stopped). A connection is never waited for longer than a query is.
 *
 * On a timeout pg fails the query but leaves it the connection's active query, the connection still checked out
 * and, to pg-pool, healthy: later queries on it would queue behind the unanswered one. pg-pool's own `pool.query`
 * (Prisma's lone statements) hands it back with the error, which destroys it; a transaction's connection is given
 * back the same way by the adapter below. Either way PostgreSQL ends the session, so what was not committed is not.
 */
export function postgresPool(url: string, schema: string | undefined, max: number, queryTimeoutMs?: number): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: Math.min(CONNECT_TIMEOUT_MS, queryTimeoutMs || CONNECT_TIMEOUT_MS),
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
}
const CONNECT_TIMEOUT_MS = 5_000;

export function postgresAdapter(urlOrPool: string | pg.Pool, schema?: string): PrismaPg {
  // `schema` qualifies Prisma's generated queries. A URL (the Prisma CLI) gets a pool with no query time limit.
  const pool = typeof urlOrPool === "string" ? postgresPool(urlOrPool, schema, 10) : urlOrPool;
  return new PrismaPgReleasingDeadTransactions(pool, schema ? { schema } : undefined);
}

/** What a driver adapter's connect() gives Prisma (both adapters' share this shape). */
type SqlAdapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;
type SqlTransaction = Awaited<ReturnType<SqlAdapter["startTransaction"]>>;

/**
 * Reports each COMMIT of a transaction that wrote, and each lone write statement, to write-tracking, so a command
 * that fails can say truthfully whether anything may have been saved.
 */
function countingWrites<A extends SqlAdapter>(
  adapter: A,
  /** the adapter commits in tx.commit() (PGlite's own transaction API), not by sending COMMIT through Prisma */
  commitsInCommit = false,
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
    tx.executeRaw = (query) => {
      wrote ||= isWriteStatement(query.sql);
      return isEnd(query.sql) === "COMMIT" && wrote ? countWrite(() => executeRaw(query)) : executeRaw(query);
    };
    if (commitsInCommit) {
      const commit = tx.commit.bind(tx);
      tx.commit = () => (wrote ? countWrite(commit) : commit());
    }
    return tx;
  };
  return adapter;
}

const isEnd = (sql: string) => /^\s*(COMMIT|ROLLBACK)\s*$/i.exec(sql)?.[1]?.toUpperCase();

/**
 * PrismaPg, with writes counted (above) and transactions whose connection dies or stops answering given back.
 *
 * Prisma 6.19's transaction manager sends COMMIT or ROLLBACK itself and only afterwards asks the adapter to give the
 * connection back. When that statement fails because the connection has died (the database restarted, the network
 * dropped), the give-back never happens: the pool loses a slot for good, and after a few outages every command
 * waits for a connection that never comes (test/reliability/database-outage.test.ts counted 6 of 10 lost after
 * six). Here a failed COMMIT or ROLLBACK hands the connection back at once, to be destroyed: after a failed COMMIT
 * PostgreSQL has ended the transaction, after a failed ROLLBACK the link is gone, and a connection the server ended
 * with a message (57P01 on a fast shutdown) still looks usable to pg-pool and would go to the next command.
 *
 * A query that timed out (postgresPool's query limit) does the same at once, and the transaction's later
 * statements are not sent: they would queue behind the unanswered query and wait out the limit a second time.
 * PostgreSQL rolls back what was not committed when the connection goes, so a ROLLBACK that fails, or is not sent,
 * has done its work and reports success: Prisma rethrows a failed ROLLBACK, and from its own transaction timer
 * (5 s) that is an unhandled rejection, which ends the process. A COMMIT that fails is reported (countingWrites
 * counts one that timed out, or whose connection broke, as in doubt).
 */
class PrismaPgReleasingDeadTransactions extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => givingBackBroken(await startTransaction(isolationLevel));
    return countingWrites(adapter);
  }
}

function givingBackBroken(tx: SqlTransaction): SqlTransaction {
  let abandoned = false;
  const notSent = () => new Error("Not sent: an earlier query of this transaction had no answer in time");
  const giveBack = (error: unknown) => {
    abandoned ||= isQueryTimeout(error);
    return releaseBroken(tx, error);
  };
  const queryRaw = tx.queryRaw.bind(tx);
  tx.queryRaw = async (query) => {
    if (abandoned) throw notSent();
    try {
      return await queryRaw(query);
    } catch (error) {
      if (isQueryTimeout(error)) await giveBack(error);
      throw error;
    }
  };
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    const ending = isEnd(query.sql);
    if (abandoned) {
      if (ending === "ROLLBACK") return 0;
      throw notSent();
    }
    try {
      return await executeRaw(query);
    } catch (error) {
      if (ending || isQueryTimeout(error)) await giveBack(error);
      if (ending === "ROLLBACK") return 0;
      throw error;
    }
  };
  return tx;
}

/** PGlite runs in this process and its link cannot break, but a command can still fail after a write it made. */
class PrismaPGliteCountingWrites extends PrismaPGlite {
  override async connect() {
    return countingWrites(await super.connect(), true);
  }
}

const givenBack = async () => undefined;

/**
 * Gives a transaction's connection back to the pool for destruction, once; Prisma's later commit() or rollback()
 * (the healthy give-back) then does nothing. Should a later adapter-pg no longer expose `client`, falls back to that
 * rather than keep the connection. pg-pool ends a connection given back with an error, and ends one with a query
 * still unanswered by destroying its socket, so nothing more is read from it.
 */
async function releaseBroken(tx: SqlTransaction, error: unknown) {
  const pgTx = tx as { cleanup?: () => void; client?: { release(error?: Error | boolean): void } };
  if (tx.rollback === givenBack) return;
  const rollback = tx.rollback.bind(tx);
  tx.commit = tx.rollback = givenBack;
  try {
    if (!pgTx.client) return await rollback();
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
