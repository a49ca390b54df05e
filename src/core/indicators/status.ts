// A CCG's indicator status: each indicator's latest value against its standard and the CCG's plan,
// with RAG and trend, worst first; the CCG's local priorities apart. As of a period, each indicator's latest figure up
// to that period instead (as-of.ts), judged stale against it rather than against today.
import { distance } from "fastest-levenshtein";
import type { IndicatorRow } from "./status-types";
import type { Framework, Indicator, PeriodKind, PrismaClient } from "../db";
import { badInput } from "../errors";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { formatLondonDate, formatPeriod } from "../time";
import { lastPeriodBy, latestStartBy, type AsOf } from "./as-of";
import { formatValue, formatVariance } from "./format";
import { ccgObjectiveFigures, objectiveRag, type CcgObjectiveFigure } from "./objectives";
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
  /** true when any figure shown (a latest figure or one of a trend) is generated demo data */
  includesDemoData: boolean;
  /** how many rows show a figure (suppressed ones included), and how many of those are demo data */
  figures: number;
  demoFigures: number;
  /** the filter applied, as the user should read it */
  filter?: string;
  /** the period asked for (`status 02N as of Dec 2014`); absent for the latest figures */
  asOf?: AsOf;
}

export interface StatusOptions {
  /** show the status as it stood in this period: figures up to it, staleness judged against it */
  asOf?: AsOf | undefined;
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

/**
 * Families of indicators, by the words people use: `status 02N cancer`, `status 02N rtt`, `status 02N mrsa`. Each
 * matches codes by prefix; the first word is the family's name in lists, the others say the same.
 */
export const INDICATOR_FAMILIES: { words: string[]; label: string; prefixes: string[] }[] = [
  { words: ["ae", "a&e", "emergency"], label: "A&E", prefixes: ["ae_"] },
  { words: ["rtt", "18wk", "18-weeks", "referral"], label: "Referral to treatment", prefixes: ["rtt_"] },
  { words: ["cancer"], label: "Cancer", prefixes: ["cancer_"] },
  { words: ["diagnostics", "diagnostic"], label: "Diagnostics", prefixes: ["diagnostics_"] },
  { words: ["ambulance", "amb"], label: "Ambulance", prefixes: ["amb_"] },
  {
    words: ["infections", "infection", "hcai"],
    label: "Healthcare-associated infection",
    prefixes: ["mrsa_", "c_difficile"],
  },
  { words: ["mrsa"], label: "MRSA", prefixes: ["mrsa_"] },
  { words: ["cdiff", "c-diff", "c.diff", "difficile"], label: "C. difficile", prefixes: ["c_difficile"] },
  { words: ["mixed-sex", "mixed"], label: "Mixed-sex accommodation", prefixes: ["mixed_sex"] },
  { words: ["cancelled", "cancelled-ops"], label: "Cancelled operations", prefixes: ["cancelled_ops"] },
  { words: ["mental-health", "mental", "mh"], label: "Mental health", prefixes: ["cpa_"] },
  { words: ["ois"], label: "CCG Outcomes Indicator Set", prefixes: ["ois_"] },
];
const familyOf = (word: string) => INDICATOR_FAMILIES.find((f) => f.words.includes(word));
/** The family an indicator code belongs to, for lists; null for a CCG's own or an unfamiliar code. */
export const familyOfCode = (code: string) =>
  INDICATOR_FAMILIES.find(
    (f) => f.words[0] !== "mrsa" && f.words[0] !== "cdiff" && f.prefixes.some((p) => code.startsWith(p)),
  ) ?? null;
/** Every word `status <ccg> <filter>` takes as a framework or family. */
export const FILTER_WORDS = [...FRAMEWORK_FILTERS, ...INDICATOR_FAMILIES.flatMap((f) => f.words)];
export const isFilterWord = (word: string) => FILTER_WORDS.includes(word.toLowerCase());

interface RecentValue {
  indicatorCode: string;
  periodStart: Date;
  /** null when suppressed */
  value: number | null;
  suppressed: boolean;
  isDemo: boolean;
  plan: number | null;
}

/** No period is after this one: the cut-off when no period is asked for. */
const NO_CUT_OFF = "9999-12-01";
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export class IndicatorStatusService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async statusOf(
    ccgText: string,
    now: Date,
    filterText?: string,
    { asOf }: StatusOptions = {},
  ): Promise<IndicatorStatus> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    // Three independent reads, in parallel: one round trip of waiting rather than two.
    const [indicators, priorities, recent] = await Promise.all([
      this.prisma.indicator.findMany({ where: { OR: [{ ownerCode: null }, { ownerCode: ccg.code }] } }),
      this.prisma.localPriority.findMany({ where: { organisationCode: ccg.code }, select: { indicatorCode: true } }),
      this.recentValues(ccg.code, asOf),
    ]);
    const localCodes = new Set(priorities.map((p) => p.indicatorCode));
    const chosen = filterText ? this.applyFilter(indicators, filterText) : indicators;

    const byIndicator = new Map<string, RecentValue[]>();
    for (const r of recent) {
      const list = byIndicator.get(r.indicatorCode) ?? [];
      list.push(r);
      byIndicator.set(r.indicatorCode, list);
    }
    // A CCG's own objectives (C. difficile, MRSA) for the year of each indicator's latest monthly figure.
    const latestMonthly = new Map(
      chosen.flatMap((i) => {
        const latest = i.period === "MONTH" ? byIndicator.get(i.code)?.[0] : undefined;
        return latest && latest.value !== null ? [[i.code, latest.periodStart] as const] : [];
      }),
    );
    const objectives = await ccgObjectiveFigures(this.prisma, ccg.code, latestMonthly);
    const rows = chosen.map((indicator) => ({
      indicator,
      row: this.rowFor(
        indicator,
        (byIndicator.get(indicator.code) ?? []).reverse(),
        now,
        asOf,
        objectives.get(indicator.code),
      ),
    }));
    const sorted = (list: typeof rows) =>
      list.map((r) => r.row).sort((a, b) => RAG_ORDER[a.rag] - RAG_ORDER[b.rag] || a.name.localeCompare(b.name));
    const isLocal = (i: Indicator) => localCodes.has(i.code) || i.ownerCode === ccg.code;
    const national = sorted(rows.filter((r) => r.indicator.ownerCode === null));
    const local = sorted(rows.filter((r) => isLocal(r.indicator)));
    // A national indicator the CCG chose as a priority is listed twice; its figure counts once.
    const shown = new Map([...national, ...local].map((r) => [r.code, r]));
    const withFigure = [...shown.values()].filter((r) => r.value !== null || r.suppressed);
    return {
      ccg,
      national,
      local,
      includesDemoData: recent.some((r) => r.isDemo && chosen.some((i) => i.code === r.indicatorCode)),
      figures: withFigure.length,
      demoFigures: withFigure.filter((r) => r.demo).length,
      filter: filterText,
      ...(asOf ? { asOf } : {}),
    };
  }

  /**
   * One indicator's row from its recent values, oldest first. The latest is the figure shown, even when it was
   * suppressed (then the row says so, with no value, rather than showing an older figure); the trend skips
   * suppressed figures. Stale: against today, once the next period's figures were due; as of a period, when a
   * later period of the indicator had ended by the end of the period asked for and has no figure.
   */
  private rowFor(
    indicator: Indicator,
    values: RecentValue[],
    now: Date,
    asOf: AsOf | undefined,
    objective?: CcgObjectiveFigure,
  ): IndicatorRow {
    const latest = values.at(-1);
    const higherIsBetter = indicator.direction === "HIGHER_IS_BETTER";
    const value = latest?.value ?? null;
    let staleNote: string | undefined;
    if (latest && asOf) {
      // a yearly figure of a calendar year (stored from 1 January) is due by calendar years
      const calendarYear = indicator.period === "YEAR" && latest.periodStart.getUTCMonth() === 0;
      const due = calendarYear
        ? new Date(Date.UTC(latestStartBy(asOf, "YEAR").getUTCFullYear(), 0, 1))
        : lastPeriodBy(asOf, indicator.period);
      if (latest.periodStart < due) staleNote = `stale: no figure for ${formatPeriod(due, indicator.period)}`;
    } else if (latest) {
      const staleFrom = staleSince(latest.periodStart, indicator.period, indicator.publicationLagDays);
      if (staleFrom <= now) staleNote = `stale since ${formatLondonDate(staleFrom)}`;
    }
    let { rag, reason } = ragFor({
      value,
      suppressed: latest?.suppressed ?? false,
      standard: indicator.standard,
      tolerance: indicator.amberTolerance,
      plan: latest?.plan ?? null,
      higherIsBetter,
      stale: staleNote !== undefined,
    });
    // The CCG's own objective, where it has one for the year, instead of the standard (objectives.ts).
    const judged = objective && value !== null && staleNote === undefined ? objectiveRag(objective) : undefined;
    if (judged) [rag, reason] = [judged.rag, judged.note];
    // A suppressed figure says so where its value would be (renderers read `suppressed`), not again in the note.
    const note = staleNote ?? judged?.note ?? (rag === "grey" && !latest?.suppressed ? reason : undefined);
    const figures = values.flatMap((v) => (v.value === null ? [] : [v.value]));
    return {
      code: indicator.code,
      name: indicator.name,
      value: formatValue(value, indicator.unit),
      ...(latest?.suppressed ? { suppressed: true } : {}),
      ...(latest?.isDemo ? { demo: true } : {}),
      standard: judged ? `${objective!.objective} a year` : formatValue(indicator.standard, indicator.unit),
      plan: formatValue(latest?.plan ?? null, indicator.unit),
      variance: formatVariance(value, latest?.plan ?? null, indicator.unit),
      rag,
      trend: trendOf(figures, higherIsBetter, indicator.amberTolerance),
      period: latest ? formatPeriod(latest.periodStart, indicator.period) : null,
      ...(note ? { note } : {}),
      recent: figures,
    };
  }

  /**
   * The last few figures of every indicator for one CCG (suppressed ones too), with the plan for the same period,
   * newest first; as of a period, the last few for periods that ended by its end (each indicator by its own kind).
   */
  private async recentValues(ccgCode: string, asOf: AsOf | undefined): Promise<RecentValue[]> {
    const upTo = (kind: PeriodKind) => (asOf ? isoDay(latestStartBy(asOf, kind)) : NO_CUT_OFF);
    const rows = await this.prisma.$queryRaw<
      {
        indicatorCode: string;
        periodStart: Date | string;
        value: number | null;
        suppressed: boolean;
        isDemo: boolean;
        plan: number | null;
      }[]
    >`
      SELECT v."indicatorCode", v."periodStart", v."value", v."suppressed", v."isDemo", p."value" AS "plan"
      FROM "Indicator" i
      -- per indicator, the newest few periods (up to the cut-off of its period kind) straight off the
      -- (organisation, indicator, period) index
      CROSS JOIN LATERAL (
        SELECT "indicatorCode", "periodStart", "value", "suppressed", "isDemo" FROM "IndicatorValue"
        WHERE "organisationCode" = ${ccgCode} AND "indicatorCode" = i."code"
          AND "periodStart" <= CASE i."period"
            WHEN 'MONTH' THEN ${upTo("MONTH")}::date
            WHEN 'QUARTER' THEN ${upTo("QUARTER")}::date
            ELSE ${upTo("YEAR")}::date END
        ORDER BY "periodStart" DESC LIMIT ${TREND_PERIODS}
      ) v
      LEFT JOIN "PlanTrajectory" p
        ON p."organisationCode" = ${ccgCode} AND p."indicatorCode" = v."indicatorCode" AND p."periodStart" = v."periodStart"
      WHERE i."ownerCode" IS NULL OR i."ownerCode" = ${ccgCode}
      ORDER BY v."indicatorCode", v."periodStart" DESC`;
    return rows.map((r) => ({
      ...r,
      periodStart: new Date(r.periodStart),
      value: r.value === null ? null : Number(r.value),
      plan: r.plan === null ? null : Number(r.plan),
    }));
  }

  private applyFilter(indicators: Indicator[], text: string): Indicator[] {
    const wanted = text.trim().toLowerCase();
    const frameworks = FRAMEWORK_WORDS[wanted];
    if (frameworks) return indicators.filter((i) => frameworks.includes(i.framework));
    const family = familyOf(wanted);
    if (family) return indicators.filter((i) => family.prefixes.some((p) => i.code.startsWith(p)));
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
      `Try a framework (${FRAMEWORK_FILTERS.join(", ")}), a family (${INDICATOR_FAMILIES.map((f) => f.words[0]).join(", ")}) or an indicator code${close.length ? ` such as ${close.join(", ")}` : ""}: \`indicators\` lists them.`,
    );
  }
}
