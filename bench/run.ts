// `npm run bench`: every performance figure of the project in one table, each next to its
// baseline (measured in the same run) and its target. docs/PERFORMANCE.md records a run.
import os from "node:os";
import { openDatabase, type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { logger } from "../src/logging/logger";
import { type Figure, printTable } from "./measure";
import { benchDataVersion } from "./data-version";
import { benchFanout } from "./fanout";
import { benchImport } from "./import";
import { benchPosition } from "./position";
import { benchSlack } from "./slack";
import { benchStart } from "./start";
import { benchStatus } from "./status";
import { benchTeams } from "./teams";

const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** PostgreSQL in a schema of its own, dropped afterwards, so the bench never touches real data. */
async function withPostgres<T>(fn: (db: Database) => Promise<T>): Promise<T | null> {
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

async function postgresReachable(): Promise<boolean> {
  return (await withPostgres(async () => true)) ?? false;
}

async function withPGlite<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: "pglite" });
  try {
    await migrate(db.sql);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function main() {
  // Benchmarks print figures; the app's request logs would bury them (LOG_LEVEL=info brings them back).
  logger.level = process.env.LOG_LEVEL ?? "silent";
  console.log(
    `Plan Dialogue benchmarks — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  // `npm run bench -- import fanout` runs only the benchmarks named; no names runs them all.
  const only = process.argv.slice(2);
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  const figures: Figure[] = [];
  if (wanted("status")) {
    figures.push(...((await withPostgres((db) => benchStatus(db, "PostgreSQL"))) ?? []));
    figures.push(...(await withPGlite((db) => benchStatus(db, "PGlite"))));
  }
  if (wanted("version")) {
    figures.push(...((await withPostgres((db) => benchDataVersion(db, "PostgreSQL"))) ?? []));
    figures.push(...(await withPGlite((db) => benchDataVersion(db, "PGlite"))));
  }
  if (wanted("position")) {
    figures.push(...((await withPostgres((db) => benchPosition(db, "PostgreSQL"))) ?? []));
    figures.push(...(await withPGlite((db) => benchPosition(db, "PGlite"))));
  }
  if (wanted("slack")) {
    figures.push(
      ...((await withPostgres((db) => benchSlack(db, "PostgreSQL"))) ??
        (await withPGlite((db) => benchSlack(db, "PGlite")))),
    );
  }
  if (wanted("teams")) {
    figures.push(
      ...((await withPostgres((db) => benchTeams(db, "PostgreSQL"))) ??
        (await withPGlite((db) => benchTeams(db, "PGlite")))),
    );
  }
  if (wanted("fanout")) {
    figures.push(
      ...((await withPostgres((db) => benchFanout(db, "PostgreSQL"))) ??
        (await withPGlite((db) => benchFanout(db, "PGlite")))),
    );
  }
  if (wanted("import")) figures.push(...(await benchImport((await postgresReachable()) ? PG_URL : null)));
  if (wanted("start")) figures.push(...(await benchStart()));
  console.log("");
  printTable(figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
