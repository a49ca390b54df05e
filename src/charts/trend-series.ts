// A CCG's trend for one indicator, as data and in words: the last values with their plans, and the alt text that
// says what the chart shows. No drawing here, so commands can describe a chart without loading the renderer.
import type { Indicator, PrismaClient } from "../core/db";
import { notFound } from "../core/errors";
import { lastPeriodBy, type AsOf } from "../core/indicators/as-of";
import { formatValue } from "../core/indicators/format";
import { ragFor, trendOf } from "../core/indicators/rag";
import type { OrganisationSummary } from "../core/organisations/directory";
import { formatPeriod } from "../core/time";
import type { Rag } from "../reply/model";

export const CHART_PERIODS = 24;

export interface TrendPoint {
  periodStart: Date;
  value: number;
  plan: number | null;
  isDemo: boolean;
}

export interface TrendSeries {
  ccg: Pick<OrganisationSummary, "code" | "name">;
  indicator: Pick<Indicator, "code" | "name" | "unit" | "direction" | "standard" | "amberTolerance" | "period">;
  /** oldest first; suppressed figures are not points (there is no value to draw) */
  points: TrendPoint[];
  /** the periods in the same span whose figures the publisher suppressed, oldest first */
  suppressed?: Date[];
  /** the newest period with a figure, suppressed or not: what a link to this chart is pinned to */
  latestPeriod?: Date | undefined;
  /**
   * When the CCG has submitted its plan more than once: the version before the current one, its planned values for
   * the points' periods (oldest first), drawn dashed beside the current plan.
   */
  previousPlan?: { version: number; points: { periodStart: Date; value: number }[] } | undefined;
}

export interface TrendSeriesOptions {
  periods?: number;
  /** the last period to include (a chart link made for a message shows what the message showed, not later figures) */
  until?: Date | undefined;
  /** status as of a period: up to the indicator's last period that ended by then (as status shows it) */
  asOf?: Pick<AsOf, "end"> | undefined;
}

/**
 * The last `periods` figures of one CCG and indicator, with the plan for each period; with `until`, the last ones up
 * to and including that period; with `asOf`, the last ones up to the indicator's last period ended by then.
 */
export async function trendSeries(
  prisma: PrismaClient,
  ccg: Pick<OrganisationSummary, "code" | "name">,
  indicatorCode: string,
  { periods = CHART_PERIODS, until, asOf }: TrendSeriesOptions = {},
): Promise<TrendSeries> {
  const indicator = await prisma.indicator.findUnique({ where: { code: indicatorCode } });
  if (!indicator || (indicator.ownerCode !== null && indicator.ownerCode !== ccg.code)) {
    throw notFound(`I don't know an indicator ${indicatorCode} for ${ccg.code}.`);
  }
  const bounds = [until, asOf ? lastPeriodBy(asOf, indicator.period) : undefined].filter((d) => d !== undefined);
  const last = bounds.length ? new Date(Math.min(...bounds.map((d) => d.getTime()))) : undefined;
  const [values, plans, versions] = await Promise.all([
    prisma.indicatorValue.findMany({
      where: {
        organisationCode: ccg.code,
        indicatorCode: indicator.code,
        ...(last ? { periodStart: { lte: last } } : {}),
      },
      orderBy: { periodStart: "desc" },
      take: periods,
      select: { periodStart: true, value: true, suppressed: true, isDemo: true },
    }),
    prisma.planTrajectory.findMany({
      where: {
        organisationCode: ccg.code,
        indicatorCode: indicator.code,
        ...(last ? { periodStart: { lte: last } } : {}),
      },
      orderBy: { periodStart: "desc" },
      take: periods * 2,
      select: { periodStart: true, value: true },
    }),
    // The two newest versions of the CCG's plan, with this indicator's lines: the older one is the earlier plan.
    prisma.planVersion.findMany({
      where: { organisationCode: ccg.code },
      orderBy: { number: "desc" },
      take: 2,
      select: {
        number: true,
        lines: {
          where: { indicatorCode: indicator.code, ...(last ? { periodStart: { lte: last } } : {}) },
          select: { periodStart: true, value: true },
        },
      },
    }),
  ]);
  const planOf = new Map(plans.map((p) => [p.periodStart.getTime(), p.value]));
  const oldestFirst = values.reverse();
  const earlier = versions.length === 2 ? versions[1]! : undefined;
  const earlierOf = new Map(earlier?.lines.map((l) => [l.periodStart.getTime(), l.value]));
  const shown = oldestFirst.filter((v) => v.value !== null);
  const previousPoints = shown.flatMap(({ periodStart }) => {
    const value = earlierOf.get(periodStart.getTime());
    return value === undefined ? [] : [{ periodStart, value }];
  });
  return {
    ccg,
    indicator,
    points: oldestFirst.flatMap(({ periodStart, value, isDemo }) =>
      value === null ? [] : [{ periodStart, value, isDemo, plan: planOf.get(periodStart.getTime()) ?? null }],
    ),
    suppressed: oldestFirst.filter((v) => v.value === null).map((v) => v.periodStart),
    latestPeriod: oldestFirst.at(-1)?.periodStart,
    ...(earlier && previousPoints.length ? { previousPlan: { version: earlier.number, points: previousPoints } } : {}),
  };
}

export const ragOf = (s: TrendSeries, p: Pick<TrendPoint, "value" | "plan">): Rag =>
  ragFor({
    value: p.value,
    standard: s.indicator.standard,
    tolerance: s.indicator.amberTolerance,
    plan: p.plan,
    higherIsBetter: s.indicator.direction === "HIGHER_IS_BETTER",
    stale: false,
  }).rag;

/** The chart in words: the period covered, the latest figure against standard and plan, its RAG, the trend, the range. */
export function trendAltText(s: TrendSeries): string {
  const { indicator, ccg, points } = s;
  const f = (v: number | null) => formatValue(v, indicator.unit) ?? "none";
  const period = (d: Date) => formatPeriod(d, indicator.period);
  const subject = `${indicator.name}, ${ccg.code} ${ccg.name}`;
  const suppressed = s.suppressed?.length
    ? ` Suppressed by the publisher, so not drawn: ${s.suppressed.map(period).join(", ")}.`
    : "";
  if (!points.length) {
    return `${subject}: no figures ${suppressed ? "to draw" : "yet"}. Standard ${f(indicator.standard)}.${suppressed}`;
  }
  const latest = points.at(-1)!;
  const low = points.reduce((a, b) => (b.value < a.value ? b : a));
  const high = points.reduce((a, b) => (b.value > a.value ? b : a));
  const trend = trendOf(
    points.slice(-6).map((p) => p.value),
    indicator.direction === "HIGHER_IS_BETTER",
    indicator.amberTolerance,
  );
  const plans = points.filter((p) => p.plan !== null);
  return (
    [
      `${subject}, ${period(points[0]!.periodStart)} to ${period(latest.periodStart)}, ${points.length} periods` +
        `${points.some((p) => p.isDemo) ? " (demo data)" : ""}.`,
      `Latest ${f(latest.value)} in ${period(latest.periodStart)}: ${ragOf(s, latest).toUpperCase()} against a standard of ` +
        `${f(indicator.standard)} (${indicator.direction === "HIGHER_IS_BETTER" ? "higher" : "lower"} is better)` +
        `${latest.plan !== null ? ` and a plan of ${f(latest.plan)}` : ""}.`,
      `Trend ${trend === "unknown" ? "not known" : trend}. Lowest ${f(low.value)} (${period(low.periodStart)}), highest ` +
        `${f(high.value)} (${period(high.periodStart)}).`,
      plans.length ? `The dashed line is the plan for ${plans.length} of the periods.` : "No plan for these periods.",
      ...(s.previousPlan ? [previousPlanText(s, f)] : []),
    ].join(" ") + suppressed
  );
}

/** The earlier plan version in words: which version, and in how many periods it differs from the current plan. */
function previousPlanText(s: TrendSeries, f: (v: number | null) => string): string {
  const { version, points } = s.previousPlan!;
  const current = new Map(s.points.map((p) => [p.periodStart.getTime(), p.plan]));
  const moved = points.filter((p) => current.get(p.periodStart.getTime()) !== p.value);
  const last = points.at(-1)!;
  return (
    `The grey short-dashed line is the earlier plan (version ${version}), ${f(last.value)} in ` +
    `${formatPeriod(last.periodStart, s.indicator.period)}; it differs from the current plan in ${moved.length} of ` +
    `${points.length} periods.`
  );
}

/** The chart's title, the same in the image's caption and wherever only the words are shown. */
export const trendTitle = (s: Pick<TrendSeries, "ccg" | "indicator">) => `${s.indicator.name}: ${s.ccg.code}`;
