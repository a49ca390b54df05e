// The import's SQL: the temporary tables rows are staged and grouped in, the conflict queries, and the set-based
// write into IndicatorValue or PlanTrajectory.
import type { ImportKind } from "./report";

const STAGE = "plan_dialogue_import_rows";
const GROUPED = "plan_dialogue_import_keys";

export const SQL = {
  // Sorts and hashes of a few million staged rows stay in memory (this transaction only) on PostgreSQL. PGlite's memory
  // is this process's WebAssembly heap, which grows to the most it ever held and never shrinks: there a sort or hash
  // past a few megabytes spills to the data directory instead (peak memory: docs/PERFORMANCE.md).
  workMem: (kind: "pglite" | "postgres" | undefined) =>
    `SET LOCAL work_mem = '${kind === "pglite" ? "16MB" : "128MB"}'`,
  // The planner cannot estimate the groups of a temporary table it has not analysed, so it hashes (spilling to disk)
  // and then sorts the million groups anyway; one sort that groups as it goes took a quarter less time.
  noHashAgg: `SET LOCAL enable_hashagg = off`,
  createStage: `CREATE TEMP TABLE ${STAGE} (line integer NOT NULL, o text NOT NULL, i text NOT NULL, p date NOT NULL,
    v float8, n float8, d float8, s boolean NOT NULL) ON COMMIT DROP`,
  copyStage: `COPY ${STAGE} (line, o, i, p, v, n, d, s) FROM STDIN`,
  stage: `INSERT INTO ${STAGE} (line, o, i, p, v, n, d, s)
    SELECT r.l, r.o, r.i, r.p::date, r.v, r.n, r.d, r.s
    FROM json_to_recordset($1::json) AS r(l integer, o text, i text, p text, v float8, n float8, d float8, s boolean)`,
  // One row per key, in key order (so the writes walk the indexes in order; unordered they took half as long
  // again), flagged when the file gives the key different figures: every row of such a key is rejected. Codes are
  // ASCII, so sorting them bytewise (COLLATE "C") gives the index's order at a third less cost than the database's
  // collation.
  group: `CREATE TEMP TABLE ${GROUPED} ON COMMIT DROP AS
    SELECT o COLLATE "C" AS o, i COLLATE "C" AS i, p, min(v) AS v, min(n) AS n, min(d) AS d, bool_or(s) AS s,
      count(*)::int AS rows,
      (min(v) IS DISTINCT FROM max(v) OR count(v) NOT IN (0, count(*))
        OR min(n) IS DISTINCT FROM max(n) OR count(n) NOT IN (0, count(*))
        OR min(d) IS DISTINCT FROM max(d) OR count(d) NOT IN (0, count(*))) AS conflict
    FROM ${STAGE} GROUP BY o COLLATE "C", i COLLATE "C", p ORDER BY 1, 2, 3`,
  counts: `SELECT count(*) FILTER (WHERE NOT conflict)::int AS keys,
      coalesce(sum(rows) FILTER (WHERE conflict), 0)::int AS "conflictRows"
    FROM ${GROUPED}`,
  // Percentages that are all between 0 and 1 where the standard is well above 1 (92%, not diagnostics' 1%): the
  // file gives fractions. Refused for the whole file, with the fix, rather than stored as 0.9%.
  fractions: `SELECT i, count(*)::int AS rows, max(v) AS max FROM ${STAGE}
    WHERE i IN (SELECT code FROM json_to_recordset($1::json) AS k(code text)) AND v IS NOT NULL
    GROUP BY i HAVING max(v) <= 1 ORDER BY i`,
  // Real figures replace demo ones: once an indicator has imported figures, its demo figures (every CCG's) go.
  removeDemo: (table: string) => `WITH gone AS (
      DELETE FROM ${table} t WHERE t."isDemo" AND t."indicatorCode" IN (SELECT DISTINCT i FROM ${GROUPED} WHERE NOT conflict)
      RETURNING 1
    ) SELECT count(*)::int AS n FROM gone`,
  written: `SELECT DISTINCT o FROM ${GROUPED} WHERE NOT conflict ORDER BY o`,
  conflictRows: `SELECT s.line, s.o, s.i, s.p::text AS p, s.v, s.n, s.d
    FROM ${STAGE} s JOIN ${GROUPED} g USING (o, i, p) WHERE g.conflict ORDER BY s.line LIMIT $1`,
  // Of the lines given (combined figures'), those in a key with different figures.
  conflictLines: `SELECT s.line FROM ${STAGE} s JOIN ${GROUPED} g USING (o, i, p)
    WHERE g.conflict AND s.line IN (SELECT value::int FROM json_array_elements_text($1::json))`,
  conflictPeers: `SELECT s.line, s.o, s.i, s.p::text AS p, s.v, s.n, s.d FROM ${STAGE} s
    WHERE (s.o, s.i, s.p) IN (SELECT o, i, p::date FROM json_to_recordset($1::json) AS k(o text, i text, p text))
    ORDER BY s.line`,
} as const;

/**
 * The set-based write of the grouped rows into one table, as two statements: update the keys that exist and differ,
 * then insert the keys that don't exist. Measured on 1,000,000 new rows this took three quarters of the time of one
 * INSERT … ON CONFLICT DO UPDATE, whose speculative insertion costs extra for every row. The two statements are
 * only safe with no other writer in between, so the table is locked against writes (readers carry on) until the
 * import commits. The tables are keyed by (organisation, indicator, period) itself, so the sorted insert walks the
 * primary key in order; a surrogate id was one more index to maintain per row.
 */
export function writeSql(kind: ImportKind): { lock: string; update: string; insert: string; removeDemo: string } {
  const table = kind === "values" ? `"IndicatorValue"` : `"PlanTrajectory"`;
  const figures = kind === "values" ? ["value", "numerator", "denominator", "suppressed"] : ["value"];
  const staged: Record<string, string> = { value: "g.v", numerator: "g.n", denominator: "g.d", suppressed: "g.s" };
  // The grouped codes carry collation "C" (sorting); compared in the columns' own collation, the primary key serves
  // the lookup. Compared in "C", only its period part could, and every import read the whole index.
  const key = `t."organisationCode" = g.o COLLATE "default" AND t."indicatorCode" = g.i COLLATE "default"
    AND t."periodStart" = g.p`;
  const compared = [...figures, "source", `"isDemo"`];
  return {
    lock: `LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`,
    removeDemo: SQL.removeDemo(table),
    update: `WITH up AS (
      UPDATE ${table} AS t SET ${figures.map((c) => `${c} = ${staged[c]}`).join(", ")}, source = $1, "isDemo" = false,
        "importedAt" = $2::timestamp(3)
      FROM ${GROUPED} g WHERE NOT g.conflict AND ${key}
        AND (${compared.map((c) => `t.${c}`).join(", ")})
          IS DISTINCT FROM (${compared.map((c) => (c === "source" ? "$1" : c === `"isDemo"` ? "false" : staged[c])).join(", ")})
      RETURNING 1
    ) SELECT count(*)::int AS n FROM up`,
    insert: `WITH ins AS (
      INSERT INTO ${table} ("organisationCode", "indicatorCode", "periodStart", ${figures.join(", ")}, source, "isDemo", "importedAt")
      SELECT g.o, g.i, g.p, ${figures.map((c) => staged[c]).join(", ")}, $1, false, $2::timestamp(3)
      FROM ${GROUPED} g WHERE NOT g.conflict AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${key})
      RETURNING 1
    ) SELECT count(*)::int AS n FROM ins`,
  };
}
