// A CCG's indicator status: each indicator's latest value against its standard and the CCG's plan,
// with RAG and trend, worst first; the CCG's local priorities apart.
import { distance } from "fastest-levenshtein";
import type { IndicatorRow } from "./status-types";
import type { Framework, Indicator, PrismaClient } from "../db";
import { badInput } from "../errors";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { formatLondonDate, formatPeriod } from "../time";
import { formatValue, formatVariance } from "./format";
import { staleSince } from "./periods";
import { RAG_ORDER, ragFor, trendOf } from "./rag";

/** How many recent periods the trend (and the sparkline) looks at. */
export const TREND_PERIODS = 6;

export interface IndicatorStatus {
  ccg: OrganisationSummary;
  /** the national ask, worst first */
  national: IndicatorRow[];
  /** the CCG's own priorities, worst first */
  local: IndicatorRow[];
  /** true when any figure shown is generated demo data */
  includesDemoData: boolean;
  /** the filter applied, as the user should read it */
  filter?: string;
}

const FRAMEWORK_WORDS: Record<string, Framework[]> = {
  constitution: ["NHS_CONSTITUTION"],
  outcomes: ["OUTCOMES_FRAMEWORK", "CCG_OUTCOMES"],
  "quality-premium": ["QUALITY_PREMIUM"],
  qp: ["QUALITY_PREMIUM"],
  finance: ["FINANCE"],
  local: ["LOCAL"],
};
export const FRAMEWORK_FILTERS = Object.keys(FRAMEWORK_WORDS);

interface RecentValue {
  indicatorCode: string;
  periodStart: Date;
  value: number;
  isDemo: boolean;
  plan: number | null;
}

export class IndicatorStatusService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async statusOf(ccgText: string, now: Date, filterText?: string): Promise<IndicatorStatus> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    // Three independent reads, in parallel: one round trip of waiting rather than two.
    const [indicators, priorities, recent] = await Promise.all([
      this.prisma.indicator.findMany({ where: { OR: [{ ownerCode: null }, { ownerCode: ccg.code }] } }),
      this.prisma.localPriority.findMany({ where: { organisationCode: ccg.code }, select: { indicatorCode: true } }),
      this.recentValues(ccg.code),
    ]);
    const localCodes = new Set(priorities.map((p) => p.indicatorCode));
    const chosen = filterText ? this.applyFilter(indicators, filterText) : indicators;

    const byIndicator = new Map<string, RecentValue[]>();
    for (const r of recent) {
      const list = byIndicator.get(r.indicatorCode) ?? [];
      list.push(r);
      byIndicator.set(r.indicatorCode, list);
    }
    const rows = chosen.map((indicator) => ({
      indicator,
      row: this.rowFor(indicator, (byIndicator.get(indicator.code) ?? []).reverse(), now),
    }));
    const sorted = (list: typeof rows) =>
      list.map((r) => r.row).sort((a, b) => RAG_ORDER[a.rag] - RAG_ORDER[b.rag] || a.name.localeCompare(b.name));
    const isLocal = (i: Indicator) => localCodes.has(i.code) || i.ownerCode === ccg.code;
    return {
      ccg,
      national: sorted(rows.filter((r) => r.indicator.ownerCode === null)),
      local: sorted(rows.filter((r) => isLocal(r.indicator))),
      includesDemoData: recent.some((r) => r.isDemo && chosen.some((i) => i.code === r.indicatorCode)),
      filter: filterText,
    };
  }

  /** One indicator's row from its recent values, oldest first. */
  private rowFor(indicator: Indicator, values: RecentValue[], now: Date): IndicatorRow {
    const latest = values.at(-1);
    const higherIsBetter = indicator.direction === "HIGHER_IS_BETTER";
    const staleFrom = latest ? staleSince(latest.periodStart, indicator.period, indicator.publicationLagDays) : null;
    const stale = staleFrom !== null && staleFrom <= now;
    const { rag, reason } = ragFor({
      value: latest?.value ?? null,
      standard: indicator.standard,
      tolerance: indicator.amberTolerance,
      plan: latest?.plan ?? null,
      higherIsBetter,
      stale,
    });
    const note =
      stale && staleFrom ? `stale since ${formatLondonDate(staleFrom)}` : rag === "grey" ? reason : undefined;
    return {
      code: indicator.code,
      name: indicator.name,
      value: formatValue(latest?.value ?? null, indicator.unit),
      standard: formatValue(indicator.standard, indicator.unit),
      plan: formatValue(latest?.plan ?? null, indicator.unit),
      variance: formatVariance(latest?.value ?? null, latest?.plan ?? null, indicator.unit),
      rag,
      trend: trendOf(
        values.map((v) => v.value),
        higherIsBetter,
        indicator.amberTolerance,
      ),
      period: latest ? formatPeriod(latest.periodStart, indicator.period) : null,
      ...(note ? { note } : {}),
      recent: values.map((v) => v.value),
    };
  }

  /** The last few values of every indicator for one CCG, with the plan for the same period, newest first. */
  private async recentValues(ccgCode: string): Promise<RecentValue[]> {
    const rows = await this.prisma.$queryRaw<
      { indicatorCode: string; periodStart: Date | string; value: number; isDemo: boolean; plan: number | null }[]
    >`
      SELECT v."indicatorCode", v."periodStart", v."value", v."isDemo", p."value" AS "plan"
      FROM "Indicator" i
      -- per indicator, the newest few periods straight off the (organisation, indicator, period) index
      CROSS JOIN LATERAL (
        SELECT "indicatorCode", "periodStart", "value", "isDemo" FROM "IndicatorValue"
        WHERE "organisationCode" = ${ccgCode} AND "indicatorCode" = i."code" AND NOT "suppressed"
        ORDER BY "periodStart" DESC LIMIT ${TREND_PERIODS}
      ) v
      LEFT JOIN "PlanTrajectory" p
        ON p."organisationCode" = ${ccgCode} AND p."indicatorCode" = v."indicatorCode" AND p."periodStart" = v."periodStart"
      WHERE i."ownerCode" IS NULL OR i."ownerCode" = ${ccgCode}
      ORDER BY v."indicatorCode", v."periodStart" DESC`;
    return rows.map((r) => ({
      ...r,
      periodStart: new Date(r.periodStart),
      value: Number(r.value),
      plan: r.plan === null ? null : Number(r.plan),
    }));
  }

  private applyFilter(indicators: Indicator[], text: string): Indicator[] {
    const wanted = text.trim().toLowerCase();
    const frameworks = FRAMEWORK_WORDS[wanted];
    if (frameworks) return indicators.filter((i) => frameworks.includes(i.framework));
    const exact = indicators.filter((i) => i.code.toLowerCase() === wanted);
    if (exact.length) return exact;
    const named = indicators.filter((i) => i.name.toLowerCase().includes(wanted));
    if (named.length) return named;
    const close = indicators
      .map((i) => ({ i, d: distance(wanted, i.code.toLowerCase()) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map(({ i }) => i.code);
    throw badInput(
      `I don't know an indicator or framework "${text}".`,
      `Try a framework (${FRAMEWORK_FILTERS.join(", ")}) or an indicator code${close.length ? ` such as ${close.join(", ")}` : ""}.`,
    );
  }
}
