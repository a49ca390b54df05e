// The version of the data a cached answer is computed from, as every replica sees it. Nothing here bumps it: the
// database does, in the writing transaction, with a trigger on each table a cache reads (migrations
// 20261203160000_data_version, 20261203170000_objective_data_version and 20261204160000_identity_data_version), so
// no write path (an import's raw SQL, a plan version, a priority, a seed, psql) can forget to.
import { Prisma, type PrismaClient } from "../db";

/** The tables a status summary is computed from. */
export const STATUS_SCOPES = [
  "CcgObjective",
  "Indicator",
  "IndicatorValue",
  "LocalPriority",
  "Organisation",
  "PlanTrajectory",
] as const;

/**
 * One string that changes whenever any of the given tables has changed, read in one query: each scope's version,
 * e.g. "Indicator:3,IndicatorValue:17,LocalPriority:2,PlanTrajectory:5". The versions only grow. Each cache names
 * only the tables it reads, so a new person does not throw away every status summary.
 */
export async function readDataVersion(
  prisma: PrismaClient,
  scopes: readonly string[] = STATUS_SCOPES,
): Promise<string> {
  const rows = await prisma.$queryRaw<{ v: string | null }[]>`
    SELECT string_agg("scope" || ':' || "version", ',' ORDER BY "scope") AS v FROM "DataVersion"
    WHERE "scope" IN (${Prisma.join([...scopes])})`;
  return rows[0]?.v ?? "";
}

/** Reads the version of the given tables; the caches take one, so the cheapest path can be chosen per database. */
export type DataVersionReader = (scopes: readonly string[]) => Promise<string>;

/** Through Prisma: works everywhere. */
export const prismaVersionReader =
  (prisma: PrismaClient): DataVersionReader =>
  (scopes) =>
    readDataVersion(prisma, scopes);

/** Plain SQL on the database's own connections (its SqlRunner), without Prisma's per-query cost. */
export interface PlainSql {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The same query on the raw connection: measured 2.6× cheaper at the median than through Prisma (docs/PERFORMANCE.md,
 * `npm run bench -- version`). Used on both engines (`Database.versionSql`): on embedded PGlite the one in-process
 * connection; on PostgreSQL a small pool of its own with the query time limit, so it never queues behind an import.
 */
export const rawVersionReader =
  (sql: PlainSql): DataVersionReader =>
  async (scopes) =>
    (
      await sql.query<{ v: string | null }>(
        `SELECT string_agg("scope" || ':' || "version", ',' ORDER BY "scope") AS v FROM "DataVersion"
         WHERE "scope" = ANY($1::text[])`,
        [[...scopes]],
      )
    )[0]?.v ?? "";
