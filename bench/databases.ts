// The databases a benchmark runs on: PostgreSQL in a schema of its own (dropped afterwards), or in-memory PGlite.
import { openDatabase, type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";

export const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** PostgreSQL in a schema of its own, dropped afterwards, so the bench never touches real data. */
export async function withPostgres<T>(fn: (db: Database) => Promise<T>): Promise<T | null> {
  const schema = `bench_${process.pid}`;
  let admin: Database | undefined;
  try {
    admin = await openDatabase({ kind: "postgres", url: PG_URL });
    await admin.sql.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    console.log(`(PostgreSQL at ${PG_URL} unavailable: ${(error as Error).message}; skipping its figures)`);
    await admin?.close();
    return null;
  }
  const db = await openDatabase({ kind: "postgres", url: PG_URL, schema });
  try {
    await migrate(db.sql);
    return await fn(db);
  } finally {
    await db.close();
    await admin.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}

export async function postgresReachable(): Promise<boolean> {
  return (await withPostgres(async () => true)) ?? false;
}

export async function withPGlite<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: "pglite" });
  try {
    await migrate(db.sql);
    return await fn(db);
  } finally {
    await db.close();
  }
}
