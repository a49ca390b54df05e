// Plan versions: every submission of a CCG's plan is kept whole. After anything writes plan trajectories (an
// import, a submission from chat), each CCG whose trajectory now differs from its latest version gets a new
// version holding the whole trajectory as it stands. Set-based SQL, so it runs inside the writer's own transaction
// on whichever connection that is (the import's raw connection, or Prisma).
import type { Party } from "../db";

/** Runs one statement with positional parameters and returns its rows. */
export type QueryRunner = <T>(sql: string, ...params: unknown[]) => Promise<T[]>;

export interface VersionMeta {
  source: string;
  submittedById?: string | null;
  submittedByParty?: Party | null;
  note?: string | null;
  now: Date;
}

// $1: the CCGs written, as a JSON array of codes. The latest version of each, and the CCGs whose trajectory differs
// from it (a line added, removed or changed), in one statement.
const CHANGED = `
  WITH ccgs AS (SELECT value #>> '{}' AS o FROM json_array_elements($1::json)),
  latest AS (
    SELECT DISTINCT ON (v."organisationCode") v."organisationCode" AS o, v.id, v.number
    FROM "PlanVersion" v JOIN ccgs ON ccgs.o = v."organisationCode"
    ORDER BY v."organisationCode", v.number DESC
  ),
  now_lines AS (
    SELECT t."organisationCode" AS o, t."indicatorCode" AS i, t."periodStart" AS p, t.value AS v
    FROM "PlanTrajectory" t JOIN ccgs ON ccgs.o = t."organisationCode"
  ),
  old_lines AS (
    SELECT latest.o, l."indicatorCode" AS i, l."periodStart" AS p, l.value AS v
    FROM latest JOIN "PlanLine" l ON l."versionId" = latest.id
  ),
  diff AS ((SELECT * FROM now_lines EXCEPT SELECT * FROM old_lines) UNION (SELECT * FROM old_lines EXCEPT SELECT * FROM now_lines))
  SELECT DISTINCT diff.o, coalesce(latest.number, 0)::int AS number FROM diff LEFT JOIN latest USING (o) ORDER BY diff.o`;

const INSERT_VERSION = `
  INSERT INTO "PlanVersion" ("organisationCode", number, source, note, "submittedById", "submittedByParty", "createdAt")
  VALUES ($1, $2, $3, $4, $5, $6::"Party", $7::timestamp(3)) RETURNING id`;

const COPY_LINES = `
  INSERT INTO "PlanLine" ("versionId", "indicatorCode", "periodStart", value)
  SELECT $1, "indicatorCode", "periodStart", value FROM "PlanTrajectory" WHERE "organisationCode" = $2`;

/** New versions for the CCGs whose trajectory changed; returns each new version as { ccg, number }. */
export async function recordPlanVersions(
  query: QueryRunner,
  ccgs: string[],
  meta: VersionMeta,
): Promise<{ ccg: string; number: number }[]> {
  if (!ccgs.length) return [];
  const changed = await query<{ o: string; number: number }>(CHANGED, JSON.stringify([...new Set(ccgs)]));
  const made: { ccg: string; number: number }[] = [];
  for (const { o, number } of changed) {
    const [row] = await query<{ id: number }>(
      INSERT_VERSION,
      o,
      number + 1,
      meta.source,
      meta.note ?? null,
      meta.submittedById ?? null,
      meta.submittedByParty ?? null,
      meta.now.toISOString(),
    );
    await query(COPY_LINES, row!.id, o);
    made.push({ ccg: o, number: number + 1 });
  }
  return made;
}
