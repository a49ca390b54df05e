// The collective position: how an area team's CCGs (or all of England's) stand together on an indicator of the
// national ask, and what each CCG's plan contributes. Together means weighted by activity: the patients seen within
// 4 hours of all who attended, not an average of percentages, so a CCG counts by its size. Where the figures carry
// no denominator, the reply says so and shows the plain mean instead.
import type { Indicator, PrismaClient } from "../db";
import { notFound } from "../errors";
import { formatValue } from "../indicators/format";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { formatPeriod } from "../time";

export interface Contribution {
  ccg: string;
  /** the CCG's share of the gap, in people (counts: its own count); negative where it does better than the standard */
  people: number;
  value: number;
}

export interface IndicatorPosition {
  indicator: PositionIndicator;
  /** the newest period any of the CCGs has a figure for */
  periodStart: Date;
  period: string;
  /** weighted by numerator and denominator where every CCG's figure has them */
  weighted: boolean;
  actual: number;
  /** the plans of the same period, weighted by the same denominators; null when no CCG has a plan for it */
  planned: number | null;
  /** CCGs with a figure for the period, and those without (or suppressed) */
  counted: number;
  missing: string[];
  /** people short of the standard across the CCGs together (0 when met); counts: the count above the standard */
  gap: number | null;
  /** each CCG's part of the gap, largest first; they sum to the gap (before it is floored at 0) */
  contributions: Contribution[];
  meetsStandard: boolean | null;
  /** of the figures counted, how many are demo data (generated at first start, not published) */
  demoFigures: number;
  /** England only: each area team's CCGs together, in the same period, weighted the same way (code order) */
  areaTeams?: { areaTeam: Pick<OrganisationSummary, "code" | "name">; position: IndicatorPosition }[];
}

export interface Position {
  /** the area team, or null for England */
  scope: OrganisationSummary | null;
  ccgs: number;
  indicators: IndicatorPosition[];
}

/** "england", "national" or "X24" (NHS England's own code): the national view rather than an area team. */
export const isEngland = (text: string) => /^(england|national|x24)$/i.test(text.trim());

export type Figure = {
  o: string;
  v: number;
  n: number | null;
  d: number | null;
  plan: number | null;
  /** a demo figure, not a published one */
  demo?: boolean;
};

export class PositionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** `scopeText`: an area team, or "england"; `indicatorText`: one indicator, or every one of the national ask. */
  async positionOf(scopeText: string, indicatorText?: string): Promise<Position> {
    const england = isEngland(scopeText);
    const scope = england ? null : await this.organisations.resolve(scopeText, "AREA_TEAM");
    const ccgs = scope ? await this.organisations.ccgsOf(scope.code) : await this.organisations.list("CCG");
    const codes = ccgs.map((c) => c.code);
    let indicators = await this.prisma.indicator.findMany({
      where: { ownerCode: null, standard: { not: null } },
      orderBy: { code: "asc" },
    });
    if (indicatorText) {
      const wanted = indicatorText.trim().toLowerCase();
      indicators = indicators.filter((i) => i.code.toLowerCase() === wanted);
      if (!indicators.length)
        throw notFound(
          `"${indicatorText}" is not an indicator of the national ask with a standard.`,
          "Give its code, e.g. `position Q52 ae_4hr`; `status 02N` lists them.",
        );
    }
    const byIndicator = await this.latestFigures(
      indicators.map((i) => i.code),
      codes,
    );
    // England: every area team on the same footing, from the same figures (no more reads): each indicator's newest
    // national period, each team's CCGs weighted as England's are.
    const teams = england
      ? (await this.organisations.list("AREA_TEAM")).sort((a, b) => a.code.localeCompare(b.code))
      : [];
    const teamOf = new Map(ccgs.map((c) => [c.code, c.areaTeamCode]));
    const positions = indicators.flatMap((indicator) => {
      const latest = byIndicator.get(indicator.code);
      if (!latest) return [];
      const position = positionFrom(indicator, latest.periodStart, latest.figures, codes);
      if (england)
        position.areaTeams = teams.flatMap((team) => {
          const own = latest.figures.filter((f) => teamOf.get(f.o) === team.code);
          const members = ccgs.filter((c) => c.areaTeamCode === team.code).map((c) => c.code);
          return own.length
            ? [
                {
                  areaTeam: { code: team.code, name: team.name },
                  position: positionFrom(indicator, latest.periodStart, own, members),
                },
              ]
            : [];
        });
      return [position];
    });
    return { scope, ccgs: codes.length, indicators: positions };
  }

  /**
   * For every indicator at once, the newest period any of these CCGs has a figure for, and every CCG's figure and
   * plan for that period: one read, however many indicators (it used to be two an indicator).
   */
  async latestFigures(indicatorCodes: string[], codes: string[]): Promise<Map<string, LatestFigures>> {
    const rows = await this.prisma.$queryRaw<(Figure & { i: string; ps: Date | string })[]>`
      WITH latest AS (
        SELECT "indicatorCode" AS i, max("periodStart") AS ps FROM "IndicatorValue"
        WHERE "indicatorCode" = ANY(${indicatorCodes}) AND "organisationCode" = ANY(${codes}) AND NOT "suppressed"
        GROUP BY "indicatorCode"
      )
      SELECT l.i, l.ps, v."organisationCode" AS o, v.value AS v, v.numerator AS n, v.denominator AS d, p.value AS plan,
        v."isDemo" AS demo
      FROM latest l
      JOIN "IndicatorValue" v ON v."indicatorCode" = l.i AND v."periodStart" = l.ps
      LEFT JOIN "PlanTrajectory" p ON p."organisationCode" = v."organisationCode"
        AND p."indicatorCode" = v."indicatorCode" AND p."periodStart" = v."periodStart"
      WHERE v."organisationCode" = ANY(${codes}) AND NOT v."suppressed"
      ORDER BY l.i, v."organisationCode"`;
    const out = new Map<string, LatestFigures>();
    for (const r of rows) {
      let entry = out.get(r.i);
      if (!entry) out.set(r.i, (entry = { periodStart: new Date(r.ps), figures: [] }));
      entry.figures.push({
        o: r.o,
        v: Number(r.v),
        n: r.n === null ? null : Number(r.n),
        d: r.d === null ? null : Number(r.d),
        plan: r.plan === null ? null : Number(r.plan),
        ...(r.demo ? { demo: true } : {}),
      });
    }
    return out;
  }
}

export interface LatestFigures {
  periodStart: Date;
  figures: Figure[];
}

export type PositionIndicator = Pick<
  Indicator,
  "code" | "name" | "unit" | "standard" | "direction" | "period" | "amberTolerance"
>;

/**
 * The position of `codes` (the CCGs counted) on one indicator in one period, from their figures for it: weighted
 * actual and plan, the gap in people and each CCG's part. Pure, so the national view can apply it to each area team.
 */
export function positionFrom(
  indicator: PositionIndicator,
  periodStart: Date,
  figures: Figure[],
  codes: string[],
): IndicatorPosition {
  const have = new Set(figures.map((f) => f.o));
  const missing = codes.filter((c) => !have.has(c));
  const standard = indicator.standard!;
  const higher = indicator.direction === "HIGHER_IS_BETTER";
  const isCount = indicator.unit === "count";
  const weighted = indicator.unit === "%" && figures.every((f) => f.n !== null && f.d !== null && f.d > 0);
  let actual: number;
  let planned: number | null;
  let contributions: Contribution[];
  if (isCount) {
    actual = sum(figures.map((f) => f.v));
    const plans = figures.filter((f) => f.plan !== null);
    planned = plans.length ? sum(plans.map((f) => f.plan!)) : null;
    // A count's standard is for each CCG (0 waits over 52 weeks): each CCG's part is its count above it.
    contributions = figures.map((f) => ({ ccg: f.o, value: f.v, people: higher ? standard - f.v : f.v - standard }));
  } else if (weighted) {
    const d = sum(figures.map((f) => f.d!));
    actual = (sum(figures.map((f) => f.n!)) / d) * 100;
    const plans = figures.filter((f) => f.plan !== null);
    planned = plans.length ? sum(plans.map((f) => f.plan! * f.d!)) / sum(plans.map((f) => f.d!)) : null;
    // People short of the standard: higher is better, those who must be seen in time beyond those who were.
    contributions = figures.map((f) => ({
      ccg: f.o,
      value: f.v,
      people: higher ? (standard / 100) * f.d! - f.n! : f.n! - (standard / 100) * f.d!,
    }));
  } else {
    actual = sum(figures.map((f) => f.v)) / figures.length;
    const plans = figures.filter((f) => f.plan !== null);
    planned = plans.length ? sum(plans.map((f) => f.plan!)) / plans.length : null;
    contributions = [];
  }
  contributions.sort((a, b) => b.people - a.people || a.ccg.localeCompare(b.ccg));
  const rawGap = contributions.length ? sum(contributions.map((c) => c.people)) : null;
  const meetsStandard = higher ? actual >= standard : actual <= standard;
  return {
    indicator,
    periodStart,
    period: formatPeriod(periodStart, indicator.period),
    weighted,
    actual,
    planned,
    counted: figures.length,
    missing,
    gap: rawGap === null ? null : Math.max(0, rawGap),
    contributions,
    meetsStandard,
    demoFigures: figures.filter((f) => f.demo).length,
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** "93.1%", as the indicator reads. */
export const shownValue = (p: IndicatorPosition, v: number | null) =>
  v === null ? "—" : (formatValue(v, p.indicator.unit) ?? "—");
