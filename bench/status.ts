// One CCG's status summary on national-scale synthetic data: 211 CCGs × 40 indicators × 60 months.
// Baseline, in the same run: the bare read of the same CCG's values with Prisma (no RAG, no trend). Measured
// three ways: the summary computed (the status service itself, no cache), the summary when nothing changed since
// the last request (the cached service core.indicators: one version query, then memory), and the bare read.
import { createCore } from "../src/core";
import { IndicatorStatusService } from "../src/core/indicators/status";
import { fixedClock } from "../src/core/time";
import { plainSqlOf, type Database } from "../src/db/database";
import { seedReference } from "../src/db/seed/reference";
import { type Figure, ms, percentile, timeRuns } from "./measure";

const INDICATORS = 40;
const MONTHS = 60;
/** BENCH_STATUS_RUNS: fewer runs on a busy machine */
const RUNS = Number(process.env.BENCH_STATUS_RUNS ?? 300);

/** Fills the database: the real 211 CCGs, the seeded national indicators topped up to 40, 60 months each. */
async function fill(db: Database) {
  await seedReference(db.prisma);
  const existing = await db.prisma.indicator.count({ where: { ownerCode: null } });
  for (let i = existing; i < INDICATORS; i++) {
    await db.prisma.indicator.create({
      data: {
        code: `bench_${i}`,
        name: `Synthetic indicator ${i}`,
        framework: "OUTCOMES_FRAMEWORK",
        unit: "%",
        direction: "HIGHER_IS_BETTER",
        standard: 90,
        amberTolerance: 2,
        period: "MONTH",
        publicationLagDays: 45,
      },
    });
  }
  // Generated in the database itself: half a million rows in seconds rather than minutes.
  await db.sql.exec(`
    INSERT INTO "IndicatorValue" ("organisationCode", "indicatorCode", "periodStart", value, source, "isDemo")
    SELECT o.code, i.code, (date '2009-01-01' + make_interval(months => m))::date,
           80 + 20 * abs(sin(hashtext(o.code || i.code || m::text))), 'bench', true
    FROM "Organisation" o, (SELECT code FROM "Indicator" WHERE "ownerCode" IS NULL ORDER BY code LIMIT ${INDICATORS}) i,
         generate_series(0, ${MONTHS - 1}) m
    WHERE o.kind = 'CCG'
    ON CONFLICT DO NOTHING;
    INSERT INTO "PlanTrajectory" ("organisationCode", "indicatorCode", "periodStart", value, source, "isDemo")
    SELECT o.code, i.code, (date '2009-01-01' + make_interval(months => m))::date, 90, 'bench', true
    FROM "Organisation" o, (SELECT code FROM "Indicator" WHERE "ownerCode" IS NULL ORDER BY code LIMIT ${INDICATORS}) i,
         generate_series(${MONTHS - 12}, ${MONTHS - 1}) m
    WHERE o.kind = 'CCG'
    ON CONFLICT DO NOTHING;
    ANALYZE;`);
  return db.prisma.indicatorValue.count();
}

export async function benchStatus(db: Database, label: string): Promise<Figure[]> {
  const rows = await fill(db);
  const core = createCore(db.prisma, fixedClock("2014-01-20T10:00:00Z"), plainSqlOf(db)); // as the app
  const uncached = new IndicatorStatusService(db.prisma, core.organisations);
  const ccgs = (await core.organisations.list("CCG")).map((o) => o.code);
  const pick = (i: number) => ccgs[(i * 37) % ccgs.length]!;
  const at = new Date("2014-01-20T10:00:00Z");
  // warm up every path (connections, caches, query plans); the cached service then holds every CCG's summary
  await timeRuns(20, (i) => uncached.statusOf(pick(i), at));
  await timeRuns(ccgs.length, (i) => core.indicators.statusOf(pick(i), at));
  await timeRuns(20, (i) => db.prisma.indicatorValue.findMany({ where: { organisationCode: pick(i) }, take: 240 }));

  // alternating rounds, so that a busy spell on the machine falls on all three alike
  const status: number[] = [];
  const cached: number[] = [];
  const bare: number[] = [];
  const ROUND = 25;
  for (let done = 0; done < RUNS; done += ROUND) {
    const n = Math.min(ROUND, RUNS - done);
    status.push(...(await timeRuns(n, (i) => uncached.statusOf(pick(done + i), at))));
    cached.push(...(await timeRuns(n, (i) => core.indicators.statusOf(pick(done + i), at))));
    bare.push(
      ...(await timeRuns(n, (i) =>
        db.prisma.indicatorValue.findMany({
          where: { organisationCode: pick(done + i) },
          orderBy: { periodStart: "desc" },
          take: 240,
        }),
      )),
    );
  }
  const median = percentile(status, 50);
  const p99 = percentile(status, 99);
  const bareMedian = percentile(bare, 50);
  const cachedMedian = percentile(cached, 50);
  const cachedP99 = percentile(cached, 99);
  return [
    {
      name: `status summary median, ${label} (${rows.toLocaleString("en-GB")} values)`,
      value: ms(median),
      baseline: `${ms(bareMedian)} bare read`,
      ratio: `${(median / bareMedian).toFixed(2)}×`,
      ...(label === "PostgreSQL" ? { target: "≤ 5 ms", ok: median <= 5 } : {}),
    },
    {
      name: `status summary p99, ${label}`,
      value: ms(p99),
      baseline: `${ms(percentile(bare, 99))} bare read`,
      ratio: `${(p99 / percentile(bare, 99)).toFixed(2)}×`,
    },
    {
      name: `status summary median, nothing changed since last request, ${label}`,
      value: ms(cachedMedian),
      baseline: `${ms(bareMedian)} bare read`,
      ratio: `${(cachedMedian / bareMedian).toFixed(2)}×`,
      target: "< 1 ms, ≤ 1.2× bare read",
      ok: cachedMedian < 1 && cachedMedian <= 1.2 * bareMedian,
    },
    {
      name: `status summary p99, nothing changed since last request, ${label}`,
      value: ms(cachedP99),
      baseline: `${ms(percentile(bare, 99))} bare read`,
      ratio: `${(cachedP99 / percentile(bare, 99)).toFixed(2)}×`,
    },
  ];
}
