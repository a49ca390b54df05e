// The version of the data a status is computed from, as every replica sees it. Nothing here bumps it: the
// database does, in the writing transaction, with a statement-level trigger on each table a status reads
// (Indicator, IndicatorValue, PlanTrajectory, LocalPriority, CcgObjective, Organisation; migrations
// 20261203160000_data_version and 20261203170000_objective_data_version), so no write
// path (an import's raw SQL, a plan version, a priority, a seed, psql) can forget to.
import type { PrismaClient } from "../db";

/**
 * One string that changes whenever any of those tables has changed, read in one query: each scope's version,
 * e.g. "Indicator:3,IndicatorValue:17,LocalPriority:2,PlanTrajectory:5". The versions only grow.
 */
export async function readDataVersion(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.$queryRaw<{ v: string | null }[]>`
    SELECT string_agg("scope" || ':' || "version", ',' ORDER BY "scope") AS v FROM "DataVersion"`;
  return rows[0]?.v ?? "";
}
