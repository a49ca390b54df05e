// Where the figures came from and when: every source (a file name, "fingertips:90365", "demo") with how many rows,
// CCGs, indicators and periods it gave, and when it last changed anything. Each value and plan row carries its
// source and importedAt (the time its figures last changed), so this is read from the data itself.
import type { PrismaClient } from "../core/db";

export interface SourceSummary {
  kind: "values" | "plans";
  source: string;
  rows: number;
  ccgs: number;
  indicators: number;
  firstPeriod: Date;
  lastPeriod: Date;
  lastImportedAt: Date;
}

const summary = (table: string, kind: SourceSummary["kind"]) => `
  SELECT '${kind}' AS kind, source, count(*)::int AS rows, count(DISTINCT "organisationCode")::int AS ccgs,
    count(DISTINCT "indicatorCode")::int AS indicators, min("periodStart") AS "firstPeriod",
    max("periodStart") AS "lastPeriod", max("importedAt") AS "lastImportedAt"
  FROM "${table}" GROUP BY source`;

export async function listSources(prisma: PrismaClient): Promise<SourceSummary[]> {
  const rows = await prisma.$queryRawUnsafe<SourceSummary[]>(
    `${summary("IndicatorValue", "values")} UNION ALL ${summary("PlanTrajectory", "plans")} ORDER BY "lastImportedAt" DESC, kind`,
  );
  return rows.map((r) => ({
    ...r,
    firstPeriod: new Date(r.firstPeriod),
    lastPeriod: new Date(r.lastPeriod),
    lastImportedAt: new Date(r.lastImportedAt),
  }));
}
