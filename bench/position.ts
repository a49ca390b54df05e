// The position of England on one indicator: 211 CCGs × the national ask × 12 months of actuals (with numerators and
// denominators) and plans. Baseline, in the same run: the bare read of the same rows (the newest period's figures of
// every CCG for the indicator, joined to their plans), with no weighting, gap or contributions.
import { createCore } from "../src/core";
import { PositionService } from "../src/core/position/position";
import { fixedClock } from "../src/core/time";
import type { Database } from "../src/db/database";
import { seedReference } from "../src/db/seed/reference";
import { type Figure, ms, percentile, timeRuns } from "./measure";

const MONTHS = 12;
const RUNS = 200;

async function fill(db: Database) {
  await seedReference(db.prisma);
  await db.sql.exec(`
    INSERT INTO "IndicatorValue" ("organisationCode", "indicatorCode", "periodStart", value, numerator, denominator, source)
    SELECT o.code, i.code, (date '2013-04-01' + make_interval(months => m))::date,
           100.0 * n / d, n, d, 'bench'
    FROM "Organisation" o,
         (SELECT code FROM "Indicator" WHERE "ownerCode" IS NULL AND unit = '%' AND standard IS NOT NULL) i,
         generate_series(0, ${MONTHS - 1}) m,
         LATERAL (SELECT 5000 + abs(hashtext(o.code || i.code || m::text)) % 20000 AS d) dd,
         LATERAL (SELECT round(dd.d * (0.85 + (abs(hashtext(i.code || o.code || m::text)) % 150) / 1000.0)) AS n) nn
    WHERE o.kind = 'CCG'
    ON CONFLICT DO NOTHING;
    INSERT INTO "PlanTrajectory" ("organisationCode", "indicatorCode", "periodStart", value, source)
    SELECT o.code, i.code, (date '2013-04-01' + make_interval(months => m))::date, 93, 'bench'
    FROM "Organisation" o, (SELECT code FROM "Indicator" WHERE "ownerCode" IS NULL AND standard IS NOT NULL) i,
         generate_series(0, ${MONTHS - 1}) m
    WHERE o.kind = 'CCG'
    ON CONFLICT DO NOTHING;
    ANALYZE;`);
  return db.prisma.indicatorValue.count();
}

export async function benchPosition(db: Database, label: string): Promise<Figure[]> {
  const rows = await fill(db);
  const core = createCore(db.prisma, fixedClock("2014-04-20T10:00:00Z"));
  const indicator = "ae_4hr";
  const bareRead = () =>
    db.prisma.$queryRaw`
      SELECT v."organisationCode", v.value, v.numerator, v.denominator, p.value AS plan
      FROM "IndicatorValue" v LEFT JOIN "PlanTrajectory" p USING ("organisationCode", "indicatorCode", "periodStart")
      WHERE v."indicatorCode" = ${indicator}
        AND v."periodStart" = (SELECT max("periodStart") FROM "IndicatorValue" WHERE "indicatorCode" = ${indicator})`;
  // computed every time (the uncached service: issue 16's target), and answered from the cache when nothing changed
  const computed = new PositionService(db.prisma, core.organisations);
  await timeRuns(20, () => computed.positionOf("england", indicator));
  await timeRuns(20, bareRead);
  await timeRuns(20, () => core.positions.positionOf("england", indicator));
  const position = await timeRuns(RUNS, () => computed.positionOf("england", indicator));
  const bare = await timeRuns(RUNS, bareRead);
  const cached = await timeRuns(RUNS, () => core.positions.positionOf("england", indicator));
  const [median, p99, bareMedian, bareP99, cachedMedian] = [
    percentile(position, 50),
    percentile(position, 99),
    percentile(bare, 50),
    percentile(bare, 99),
    percentile(cached, 50),
  ];
  return [
    {
      name: `position england ae_4hr median, ${label} (${rows.toLocaleString("en-GB")} values), computed`,
      value: ms(median),
      baseline: `${ms(bareMedian)} bare read`,
      ratio: `${(median / bareMedian).toFixed(2)}×`,
      ...(label === "PostgreSQL" ? { target: "≤ 50 ms", ok: median <= 50 } : {}),
    },
    {
      name: `position england ae_4hr p99, ${label}, computed`,
      value: ms(p99),
      baseline: `${ms(bareP99)} bare read`,
      ratio: `${(p99 / bareP99).toFixed(2)}×`,
    },
    {
      name: `position england ae_4hr median, ${label}, nothing changed since the last request`,
      value: ms(cachedMedian),
      baseline: `${ms(bareMedian)} bare read`,
      ratio: `${(cachedMedian / bareMedian).toFixed(2)}×`,
    },
  ];
}
