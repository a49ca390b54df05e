// Demo figures, so a new user sees a working status at first start: a value and a plan per CCG, national
// indicator with a standard, and published period. Generated deterministically (seeded generators keyed by CCG,
// indicator and period, never Math.random), so a period's figures are the same whenever the seed runs; stored
// with isDemo = true and source "demo", and labelled "demo data" in every reply that shows them.
import { recordPlanVersions } from "../../core/plans/versions";
import type { Prisma, PrismaClient } from "../generated/client";
import type { PeriodKind } from "../generated/enums";
import { startMark } from "../start-timing";

export const DEMO_SOURCE = "demo";

/**
 * 02N, the CCG the docs and examples use, always shows all three colours: these indicators are held in one band
 * each instead of drawn at random.
 */
export const DEMO_SHOWCASE = {
  ccg: "02N",
  bands: { rtt_incomplete_18wk: "green", ae_4hr: "amber", cancer_62d_gp: "red" },
} as const satisfies { ccg: string; bands: Record<string, "green" | "amber" | "red"> };

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

const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };
const DAY_MS = 86_400_000;

/**
 * Period starts (UTC midnight on the first day) of the last `count` periods published by `now`, oldest first: the
 * newest is the last whole period that ended at least `lagDays` before `now`. Quarters start in January, April,
 * July and October; years in April (the NHS financial year).
 */
export function publishedPeriods(now: Date, kind: PeriodKind, lagDays: number, count: number): Date[] {
  const step = MONTHS[kind];
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  if (kind === "QUARTER") d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3));
  if (kind === "YEAR") d.setUTCMonth(d.getUTCMonth() - ((d.getUTCMonth() + 9) % 12));
  // Step back until the period's end plus the publication lag has passed.
  for (;;) {
    const end = new Date(d);
    end.setUTCMonth(end.getUTCMonth() + step);
    if (end.getTime() + lagDays * DAY_MS <= now.getTime()) break;
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

export interface DemoIndicator {
  code: string;
  unit: string;
  direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER";
  standard: number;
  amberTolerance: number | null;
  period: PeriodKind;
}

export interface DemoRow {
  periodStart: Date;
  value: number;
  plan: number;
}

const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** A Poisson draw (Knuth's method): how many cases a CCG with `mean` expected cases has in a period. */
function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

/**
 * One CCG's figures for one indicator. Each CCG sits somewhere around the standard (some better, some within
 * the amber band, some well short) and drifts slowly along a multi-year wave; each period adds noise. Its plan,
 * per financial year, moves from where it stood in April to the standard by March, or holds where it already meets
 * the standard.
 */
export function demoSeries(ccg: string, indicator: DemoIndicator, periods: Date[]): DemoRow[] {
  const random = seededRandom(`${ccg}:${indicator.code}`);
  const { standard, amberTolerance } = indicator;
  const higher = indicator.direction === "HIGHER_IS_BETTER";
  const better = higher ? 1 : -1;
  const meets = (v: number) => (higher ? v >= standard : v <= standard);
  const position = random();
  const phase = random() * 2 * Math.PI;
  const swingDraw = random();
  const pinned =
    ccg === DEMO_SHOWCASE.ccg && amberTolerance !== null
      ? (DEMO_SHOWCASE.bands as Record<string, "green" | "amber" | "red">)[indicator.code]
      : undefined;

  // Above a high standard, percentages bunch up below 100% rather than reach it: the room left shrinks smoothly.
  const headroom = 100 - standard;
  const percent = (v: number) =>
    round1(
      clamp(
        higher && v > standard && headroom > 0 ? standard + headroom * (1 - Math.exp((standard - v) / headroom)) : v,
        0,
        100,
      ),
    );

  // level(month): where the CCG stands, before noise; scatter: how far one period's figure strays from it.
  let level: (month: number) => number;
  let scatter = 0;
  let finish: (raw: number) => number = percent;
  if (indicator.unit === "count") {
    // Cases against a standard of (nearly always) zero: most CCGs have none in most periods, the rest a few,
    // and a quarter collects more than a month.
    const mean = position < 0.45 ? 0 : (position - 0.45) * 3 * (indicator.period === "QUARTER" ? 2 : 1);
    level = (m) => Math.max(0, standard + mean * (1 + 0.4 * Math.sin((2 * Math.PI * m) / 36 + phase)));
    finish = Math.round;
  } else if (indicator.unit !== "%") {
    // Rates and money: within about 6% either side of the standard.
    const base = standard * (1 + better * (-0.06 + 0.1 * position));
    const swing = Math.abs(standard) * 0.02 * swingDraw;
    level = (m) => base + swing * Math.sin((2 * Math.PI * m) / 30 + phase);
    scatter = Math.abs(standard) * 0.01;
    finish = (v) => round1(Math.max(0, v));
  } else if (pinned) {
    const tolerance = amberTolerance!;
    const offset = { green: 0.75, amber: -0.5, red: -2.5 }[pinned] * tolerance;
    level = () => standard + better * offset;
    scatter = 0.3 * tolerance;
  } else if (higher) {
    // Less room above a high standard (98%) means a narrower spread.
    const spread = clamp(headroom / 5, 0.4, 1);
    const base = standard + (-4.5 + 8 * position) * spread;
    const swing = (0.5 + 1.5 * swingDraw) * spread;
    level = (m) => base + swing * Math.sin((2 * Math.PI * m) / 30 + phase);
    scatter = 1.2 * spread;
  } else {
    // A small lower-is-better percentage (diagnostics: 1%): from a third of it to a few times it.
    const base = standard * (0.3 + 2 * position);
    const swing = standard * 0.3 * swingDraw;
    level = (m) => Math.max(0, base + swing * Math.sin((2 * Math.PI * m) / 30 + phase));
    scatter = standard * 0.3;
  }

  const step = MONTHS[indicator.period];
  return periods.map((periodStart) => {
    const month = monthIndex(periodStart);
    const noise = seededRandom(`${ccg}:${indicator.code}:${periodStart.toISOString().slice(0, 10)}`);
    const value =
      indicator.unit === "count"
        ? poisson(level(month), noise)
        : finish(level(month) + (noise() + noise() - 1) * scatter);
    // The plan of the financial year this period falls in (years start in April).
    const intoYear = (periodStart.getUTCMonth() + 9) % 12;
    const april = level(month - intoYear);
    const share = Math.min(1, (intoYear + step) / 12);
    const planned = meets(april) ? april : april + (standard - april) * share;
    return { periodStart, value, plan: finish(planned) };
  });
}

export interface DemoCounts {
  /** demo values and plans the seed stands for (already present ones included) */
  values: number;
  plans: number;
  /** rows this run added */
  inserted: number;
}

const BATCH = 20_000;
// One JSON parameter per batch, unpacked in the database, and ON CONFLICT DO NOTHING on the
// (organisation, indicator, period) key: what createMany({ skipDuplicates }) does, but binding 8 parameters a
// row through Prisma took 21 s for both tables on the embedded database, this 4 s.
const INSERT = {
  IndicatorValue: `INSERT INTO "IndicatorValue" ("organisationCode", "indicatorCode", "periodStart", value, source, "isDemo")
    SELECT r.o, r.i, r.p::date, r.v, $2, true
    FROM json_to_recordset($1::json) AS r(o text, i text, p text, v float8)
    ON CONFLICT DO NOTHING`,
  PlanTrajectory: `INSERT INTO "PlanTrajectory" ("organisationCode", "indicatorCode", "periodStart", value, source, "isDemo")
    SELECT r.o, r.i, r.p::date, r.v, $2, true
    FROM json_to_recordset($1::json) AS r(o text, i text, p text, v float8)
    ON CONFLICT DO NOTHING`,
} as const;

/** The tables the demo fills, whose foreign keys a first start's load checks once a table (withKeysCheckedAfter). */
const LOADED = ["IndicatorValue", "PlanTrajectory", "PlanLine"] as const;

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Demo values and plans for every CCG and every national indicator with a standard, for the last `months`
 * periods published by `now`. Rows that exist (demo or imported) are left as they are.
 *
 * On a database with no figures and no plans yet (a first start), the load is one transaction in which the
 * foreign keys of the tables it fills are dropped and then added back as they were (their own definitions, from
 * pg_constraint): PostgreSQL then checks every row against Organisation, Indicator and PlanVersion in one join a
 * key instead of one lookup a row, which was half the demo's time on the embedded database (PostgreSQL's manual,
 * "Populating a Database"). Adding a key back checks every row, so nothing unchecked is ever committed.
 */
export async function seedDemo(prisma: PrismaClient, options: { now: Date; months?: number }): Promise<DemoCounts> {
  const [{ empty }] = await prisma.$queryRawUnsafe<[{ empty: boolean }]>(
    `SELECT NOT EXISTS (SELECT 1 FROM "IndicatorValue") AND NOT EXISTS (SELECT 1 FROM "PlanTrajectory") AS empty`,
  );
  if (!empty) return loadDemo(prisma, options);
  return prisma.$transaction((tx) => withKeysCheckedAfter(tx, () => loadDemo(tx, options)), {
    maxWait: 60_000,
    timeout: 600_000,
  });
}

async function withKeysCheckedAfter<T>(tx: Prisma.TransactionClient, load: () => Promise<T>): Promise<T> {
  const keys = await tx.$queryRawUnsafe<{ tbl: string; name: string; def: string }[]>(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY ($1::text[]::regclass[]) ORDER BY 1, 2`,
    LOADED.map((t) => `"${t}"`),
  );
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const k of keys) await tx.$executeRawUnsafe(`ALTER TABLE ${k.tbl} DROP CONSTRAINT ${quote(k.name)}`);
  const result = await load();
  for (const k of keys) await tx.$executeRawUnsafe(`ALTER TABLE ${k.tbl} ADD CONSTRAINT ${quote(k.name)} ${k.def}`);
  return result;
}

async function loadDemo(prisma: Db, options: { now: Date; months?: number }): Promise<DemoCounts> {
  const count = options.months ?? 12;
  const [ccgs, indicators] = await Promise.all([
    prisma.organisation.findMany({ where: { kind: "CCG" }, select: { code: true }, orderBy: { code: "asc" } }),
    prisma.indicator.findMany({ where: { ownerCode: null, standard: { not: null } }, orderBy: { code: "asc" } }),
  ]);
  type Row = { o: string; i: string; p: string; v: number };
  const values: Row[] = [];
  const plans: Row[] = [];
  for (const indicator of indicators) {
    const periods = publishedPeriods(options.now, indicator.period, indicator.publicationLagDays, count);
    const demo: DemoIndicator = { ...indicator, standard: indicator.standard! };
    for (const { code } of ccgs) {
      for (const row of demoSeries(code, demo, periods)) {
        const p = row.periodStart.toISOString().slice(0, 10);
        values.push({ o: code, i: indicator.code, p, v: row.value });
        plans.push({ o: code, i: indicator.code, p, v: row.plan });
      }
    }
  }
  startMark("demo figures generated");
  let inserted = 0;
  for (const [table, rows] of [
    ["IndicatorValue", values],
    ["PlanTrajectory", plans],
  ] as const) {
    for (let i = 0; i < rows.length; i += BATCH) {
      inserted += await prisma.$executeRawUnsafe(INSERT[table], JSON.stringify(rows.slice(i, i + BATCH)), DEMO_SOURCE);
    }
  }
  startMark("demo figures inserted");
  // The demo plans are each CCG's plan version, like any submission (none is made when nothing changed).
  await recordPlanVersions(
    (sql, ...params) => prisma.$queryRawUnsafe(sql, ...params),
    ccgs.map((c) => c.code),
    { source: DEMO_SOURCE, now: options.now },
  );
  return { values: values.length, plans: plans.length, inserted };
}
