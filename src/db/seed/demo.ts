// Demo figures, so a new user sees a working status at first start. Generated deterministically
// (a seeded generator per CCG and indicator, never Math.random), stored with isDemo = true and
// source "demo", and labelled "demo data" in every reply that shows them.
import type { PrismaClient } from "../generated/client";

/** A small, well-known deterministic generator (mulberry32) seeded from a string (FNV-1a). */
export function seededRandom(key: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = { MONTH: 1, QUARTER: 3, YEAR: 12 } as const;

/** Period starts (UTC dates) of the last `count` periods published by `now`, oldest first. */
export function publishedPeriods(now: Date, kind: keyof typeof MONTHS, lagDays: number, count: number): Date[] {
  const step = MONTHS[kind];
  // The first day of the current period, aligned to quarters (Jan/Apr/Jul/Oct) or years (April) as needed.
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  if (kind === "QUARTER") d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3));
  if (kind === "YEAR") d.setUTCMonth(3 - (d.getUTCMonth() < 3 ? 12 : 0));
  // Step back until the period's end plus the publication lag has passed.
  for (;;) {
    const end = new Date(d);
    end.setUTCMonth(end.getUTCMonth() + step);
    if (end.getTime() + lagDays * 86_400_000 <= now.getTime()) break;
    d.setUTCMonth(d.getUTCMonth() - step);
  }
  const periods: Date[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const p = new Date(d);
    p.setUTCMonth(p.getUTCMonth() - i * step);
    periods.push(p);
  }
  return periods;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function seedDemo(prisma: PrismaClient, options: { now: Date; months?: number }) {
  const count = options.months ?? 12;
  const [ccgs, indicators] = await Promise.all([
    prisma.organisation.findMany({ where: { kind: "CCG" }, select: { code: true }, orderBy: { code: "asc" } }),
    prisma.indicator.findMany({ where: { ownerCode: null, standard: { not: null } }, orderBy: { code: "asc" } }),
  ]);
  const values: {
    organisationCode: string;
    indicatorCode: string;
    periodStart: Date;
    value: number;
    source: string;
    isDemo: boolean;
  }[] = [];
  const plans: typeof values = [];
  for (const indicator of indicators) {
    const periods = publishedPeriods(options.now, indicator.period, indicator.publicationLagDays, count);
    const target = indicator.standard!;
    const higher = indicator.direction === "HIGHER_IS_BETTER";
    const isCount = indicator.unit === "count";
    for (const { code } of ccgs) {
      const random = seededRandom(`${code}:${indicator.code}`);
      // Where this CCG starts against the standard, and how it moves over the year.
      const start = isCount
        ? Math.floor(random() * 4)
        : higher
          ? Math.min(100, target + (random() * 8 - 4.5))
          : Math.max(0, target * (0.4 + random() * 1.8));
      const drift = (random() - 0.4) * (isCount ? 0.1 : higher ? 0.3 : target * 0.05);
      periods.forEach((periodStart, i) => {
        const noise = (random() - 0.5) * (isCount ? 1 : higher ? 1.2 : target * 0.2);
        const raw = start + drift * i + noise;
        const value = isCount ? Math.max(0, Math.round(raw)) : round1(Math.min(100, Math.max(0, raw)));
        values.push({
          organisationCode: code,
          indicatorCode: indicator.code,
          periodStart,
          value,
          source: "demo",
          isDemo: true,
        });
        // The CCG's plan: from where it started, reaching the standard half a year after the last period shown.
        const plan = start + (target - start) * ((i + 1) / (periods.length + 6));
        plans.push({
          organisationCode: code,
          indicatorCode: indicator.code,
          periodStart,
          value: isCount ? Math.round(plan) : round1(plan),
          source: "demo",
          isDemo: true,
        });
      });
    }
  }
  // One JSON parameter per batch, unpacked in the database: far faster than binding every value
  // (Prisma's createMany), which matters for the embedded database at first start.
  const BATCH = 20_000;
  for (const [table, rows] of [
    ["IndicatorValue", values],
    ["PlanTrajectory", plans],
  ] as const) {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((r) => ({
        o: r.organisationCode,
        i: r.indicatorCode,
        p: r.periodStart.toISOString().slice(0, 10),
        v: r.value,
      }));
      await prisma.$executeRawUnsafe(
        `INSERT INTO "${table}" (id, "organisationCode", "indicatorCode", "periodStart", value, source, "isDemo")
         SELECT '${table === "IndicatorValue" ? "dv" : "dp"}-' || md5(r.o || ':' || r.i || ':' || r.p), r.o, r.i, r.p::date, r.v, 'demo', true
         FROM json_to_recordset($1::json) AS r(o text, i text, p text, v float8)
         ON CONFLICT DO NOTHING`,
        JSON.stringify(batch),
      );
    }
  }
  return { values: values.length, plans: plans.length };
}
