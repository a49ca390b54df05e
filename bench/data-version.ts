// What the caches' "has anything changed" check costs: reading the data version (src/core/indicators/data-version.ts)
// through Prisma's $queryRaw, against the same SQL where the app sends it (db.versionSql: a pg pool of its own, or
// PGlite itself), alternating in rounds so both see the same machine.
import type { Database } from "../src/db/database";
import { readDataVersion, STATUS_SCOPES } from "../src/core/indicators/data-version";
import { type Figure, ms, percentile, timeRuns } from "./measure";

const RUNS = Number(process.env.BENCH_VERSION_RUNS ?? 1000);
const ROUND = 100;

export async function benchDataVersion(db: Database, label: string): Promise<Figure[]> {
  const sql = `SELECT string_agg("scope" || ':' || "version", ',' ORDER BY "scope") AS v FROM "DataVersion"
    WHERE "scope" = ANY($1::text[])`;
  const scopes = [...STATUS_SCOPES];
  const viaPrisma = () => readDataVersion(db.prisma, scopes);
  const viaRaw = async () => (await db.versionSql.query<{ v: string | null }>(sql, [scopes]))[0]?.v ?? "";
  if ((await viaPrisma()) !== (await viaRaw())) throw new Error("the two reads disagree");
  for (let i = 0; i < 50; i++) await Promise.all([viaPrisma(), viaRaw()]); // warm both
  const prisma: number[] = [];
  const raw: number[] = [];
  for (let done = 0; done < RUNS; done += ROUND) {
    prisma.push(...(await timeRuns(ROUND, viaPrisma)));
    raw.push(...(await timeRuns(ROUND, viaRaw)));
  }
  const fig = (what: string, p: number): Figure => ({
    name: `data version read ${what}, ${label}: Prisma $queryRaw (raw query as baseline)`,
    value: ms(percentile(prisma, p)),
    baseline: `${ms(percentile(raw, p))} raw query`,
    ratio: `${(percentile(prisma, p) / percentile(raw, p)).toFixed(2)}×`,
  });
  return [fig("median", 50), fig("p99", 99)];
}
