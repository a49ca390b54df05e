// Evaluating the escalation rules: the figures each rule reads, from the database, through the pure rules
// (rules.ts). A firing raises a review item once per occurrence: its key is unique, so however many replicas
// evaluate at once, one insert wins, and only that one is audited. Each item is posted to both parties' linked
// channels through the delivery ledger (one row per item and channel, sent at least once, src/core/reminders).
import type { Prisma, PrismaClient, ReviewItem } from "../db";
import { formatValue } from "../indicators/format";
import { ragFor } from "../indicators/rag";
import type { OrganisationDirectory } from "../organisations/directory";
import type { DeliveryLedger } from "../reminders/ledger";
import type { Occurrence } from "../reminders/plan";
import { targetKey } from "../reminders/target";
import { formatPeriod, londonDate } from "../time";
import { DOMAINS } from "../assurance/domains";
import { quarterOf } from "../assurance/domains";
import {
  actionOverdue,
  checkpointViewsDiffer,
  constitutionRed,
  planBelowStandard,
  type Firing,
  type IndicatorSeries,
} from "./rules";
import { RulesFile, type EscalationRules, type LoadedRules } from "./rules-file";

const DAY = 86_400_000;
/** Items raised this recently are (re)offered to the ledger each run, so a replica that died after raising one and
 * before recording its deliveries loses nothing. */
export const POST_LOOKBACK_DAYS = 7;

export interface EvaluationResult {
  /** firings found this run (new or already raised) */
  firings: number;
  /** items this run raised (the others were raised before, or by another replica) */
  raised: ReviewItem[];
  /** delivery rows this run made */
  deliveries: number;
}

export class EscalationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly ledger: DeliveryLedger,
    private readonly source: { current(): LoadedRules } = new RulesFile(),
  ) {}

  /** The rules in force: the file as it now stands (re-read when it changed; a bad new file keeps the last good). */
  rules(): EscalationRules {
    return this.source.current().rules;
  }

  /** The rules in force with their hash, and a newer file's problem if one was refused: for `escalation rules`. */
  loaded(): LoadedRules {
    return this.source.current();
  }

  /** Every rule against the figures as they stand; raises what is new and records its deliveries. */
  async evaluate(now: Date, rules: EscalationRules = this.rules()): Promise<EvaluationResult> {
    const firings = await this.firings(now, rules);
    const raised: ReviewItem[] = [];
    for (const f of firings) {
      const item = await this.prisma.$transaction(async (tx) => {
        const [made] = await tx.reviewItem.createManyAndReturn({
          data: [
            {
              key: f.key,
              ruleId: f.ruleId,
              rulesVersion: rules.version,
              ccgCode: f.ccgCode,
              areaTeamCode: f.areaTeamCode,
              title: f.title,
              figures: f.figures,
              raisedAt: now,
            },
          ],
          skipDuplicates: true,
        });
        if (!made) return null;
        await tx.reviewItemEvent.create({
          data: {
            itemId: made.id,
            kind: "raised",
            actorName: `escalation rule ${f.ruleId} (rules version ${rules.version})`,
            at: now,
            detail: { key: f.key, figures: f.figures } as Prisma.InputJsonValue,
          },
        });
        return made;
      });
      if (item) raised.push(item);
    }
    const deliveries = await this.recordDeliveries(now);
    return { firings: firings.length, raised, deliveries };
  }

  /** Delivery rows for recent items: one per item and linked channel of either party (the ledger keeps one). */
  async recordDeliveries(now: Date): Promise<number> {
    const items = await this.prisma.reviewItem.findMany({
      where: { raisedAt: { gte: new Date(now.getTime() - POST_LOOKBACK_DAYS * DAY) } },
    });
    if (!items.length) return 0;
    const orgs = [...new Set(items.flatMap((i) => [i.ccgCode, i.areaTeamCode]))];
    const links = await this.prisma.channelLink.findMany({ where: { organisationCode: { in: orgs } } });
    const occurrences: Occurrence[] = items.flatMap((item) =>
      links
        .filter((l) => l.organisationCode === item.ccgCode || l.organisationCode === item.areaTeamCode)
        .map((l) => {
          const target = { kind: "channel" as const, channelId: l.channelId };
          return {
            key: `review-item:${item.id}:${l.platform}:${targetKey(target)}`,
            kind: "review-item" as const,
            dueAt: item.raisedAt,
            platform: l.platform,
            target,
            subject: { reviewItemId: item.id },
          };
        }),
    );
    // An item is news for a day; one found later than that (after long downtime) is recorded as skipped.
    return (await this.ledger.ensure(occurrences, now, 24)).created;
  }

  /** What every enabled rule fires on now. */
  async firings(now: Date, rules: EscalationRules): Promise<Firing[]> {
    const today = londonDate(now);
    const out: Firing[] = [];
    const ccgs = (await this.organisations.list("CCG")).filter((c) => c.areaTeamCode);
    const areaTeamOf = new Map(ccgs.map((c) => [c.code, c.areaTeamCode!]));
    for (const rule of rules.rules.filter((r) => r.enabled)) {
      if (rule.kind === "constitution-red")
        for (const s of await this.constitutionSeries(now, areaTeamOf)) {
          const f = constitutionRed(s, rule);
          if (f) out.push(f);
        }
      if (rule.kind === "action-overdue") {
        const actions = await this.prisma.action.findMany({
          where: { status: "AGREED", dueDate: { lt: new Date(`${today}T00:00:00Z`) } },
          include: { discussion: true },
        });
        for (const a of actions) {
          const f = actionOverdue(
            {
              id: a.id,
              text: a.text,
              dueDate: a.dueDate!,
              ccgCode: a.discussion.ccgCode,
              areaTeamCode: a.discussion.areaTeamCode,
            },
            rule,
            today,
          );
          if (f) out.push(f);
        }
      }
      if (rule.kind === "plan-below-standard")
        for (const p of await this.planShortfalls(areaTeamOf)) {
          const f = planBelowStandard(p, rule, today);
          if (f) out.push(f);
        }
      if (rule.kind === "checkpoint-views-differ") {
        const views = await this.prisma.assuranceView.findMany({ include: { checkpoint: true } });
        const byDomain = new Map<string, typeof views>();
        for (const v of views) {
          const k = `${v.checkpointId}:${v.domain}`;
          byDomain.set(k, [...(byDomain.get(k) ?? []), v]);
        }
        for (const pair of byDomain.values()) {
          const c = pair.find((v) => v.party === "CCG");
          const a = pair.find((v) => v.party === "AREA_TEAM");
          if (!c || !a) continue;
          const q = quarterOf(c.checkpoint.year, c.checkpoint.quarter);
          const domain = DOMAINS.find((d) => d.key === c.domain) ?? { key: c.domain, name: c.domain };
          const f = checkpointViewsDiffer(
            {
              ccgCode: c.checkpoint.ccgCode,
              areaTeamCode: c.checkpoint.areaTeamCode,
              quarterLabel: q.label,
              quarterKey: `${q.year}-Q${q.quarter}`,
              domain,
              ccg: c.rating as "red" | "amber" | "green",
              areaTeam: a.rating as "red" | "amber" | "green",
            },
            rule,
          );
          if (f) out.push(f);
        }
      }
    }
    return out;
  }

  /** Each CCG's NHS Constitution indicators over the last two years, period by period, rated as status rates them. */
  private async constitutionSeries(now: Date, areaTeamOf: Map<string, string>): Promise<IndicatorSeries[]> {
    const indicators = await this.prisma.indicator.findMany({
      where: { framework: "NHS_CONSTITUTION", ownerCode: null, standard: { not: null } },
    });
    if (!indicators.length) return [];
    const since = new Date(Date.UTC(now.getUTCFullYear() - 2, now.getUTCMonth(), 1));
    // Demo figures (seeded at first start so status has something to show) are nobody's performance: a rule that
    // read them would raise hundreds of items about made-up numbers. Only real figures, against real plans.
    const where = {
      indicatorCode: { in: indicators.map((i) => i.code) },
      periodStart: { gte: since, lte: now },
      isDemo: false,
      source: { not: "demo" },
    };
    const [values, plans] = await Promise.all([
      this.prisma.indicatorValue.findMany({
        where,
        select: { organisationCode: true, indicatorCode: true, periodStart: true, value: true, suppressed: true },
        orderBy: { periodStart: "asc" },
      }),
      this.prisma.planTrajectory.findMany({
        where,
        select: { organisationCode: true, indicatorCode: true, periodStart: true, value: true },
      }),
    ]);
    const planOf = new Map(
      plans.map((p) => [`${p.organisationCode}|${p.indicatorCode}|${p.periodStart.getTime()}`, p.value]),
    );
    const byIndicator = new Map(indicators.map((i) => [i.code, i]));
    const series = new Map<string, IndicatorSeries>();
    for (const v of values) {
      const i = byIndicator.get(v.indicatorCode)!;
      const at = areaTeamOf.get(v.organisationCode);
      if (!at) continue;
      const key = `${v.organisationCode}|${v.indicatorCode}`;
      let s = series.get(key);
      if (!s) {
        s = {
          ccgCode: v.organisationCode,
          areaTeamCode: at,
          indicator: { code: i.code, name: i.name, period: i.period, standard: formatValue(i.standard, i.unit) ?? "" },
          periods: [],
        };
        series.set(key, s);
      }
      const { rag } = ragFor({
        value: v.value,
        suppressed: v.suppressed,
        standard: i.standard,
        tolerance: i.amberTolerance,
        plan: planOf.get(`${key}|${v.periodStart.getTime()}`) ?? null,
        higherIsBetter: i.direction === "HIGHER_IS_BETTER",
        stale: false,
      });
      s.periods.push({ periodStart: v.periodStart, shown: formatValue(v.value, i.unit) ?? "suppressed", rag });
    }
    return [...series.values()];
  }

  /** Each CCG's newest submitted plan: per indicator, its lines below the standard, and whether it was discussed since. */
  private async planShortfalls(areaTeamOf: Map<string, string>) {
    const versions = await this.prisma.planVersion.findMany({
      where: { source: { not: "demo" } },
      orderBy: { number: "desc" },
      include: { lines: true },
    });
    const newest = new Map<string, (typeof versions)[number]>();
    for (const v of versions) if (!newest.has(v.organisationCode)) newest.set(v.organisationCode, v);
    if (!newest.size) return [];
    const indicators = await this.prisma.indicator.findMany({ where: { ownerCode: null, standard: { not: null } } });
    const byCode = new Map(indicators.map((i) => [i.code, i]));
    const discussions = await this.prisma.discussion.findMany({
      where: { ccgCode: { in: [...newest.keys()] } },
      select: { ccgCode: true, indicatorCodes: true, openedAt: true },
    });
    const out = [];
    for (const [ccg, v] of newest) {
      const at = areaTeamOf.get(ccg);
      if (!at) continue;
      const short = new Map<string, string[]>();
      for (const l of [...v.lines].sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime())) {
        const i = byCode.get(l.indicatorCode);
        if (!i || i.standard === null) continue;
        const below = i.direction === "HIGHER_IS_BETTER" ? l.value < i.standard : l.value > i.standard;
        if (below)
          short.set(i.code, [
            ...(short.get(i.code) ?? []),
            `${formatPeriod(l.periodStart, i.period)}: ${formatValue(l.value, i.unit)}`,
          ]);
      }
      for (const [code, lines] of short) {
        const i = byCode.get(code)!;
        out.push({
          ccgCode: ccg,
          areaTeamCode: at,
          version: v.number,
          submittedAt: v.createdAt,
          indicator: { code, name: i.name, standard: formatValue(i.standard, i.unit) ?? "" },
          lines,
          discussed: discussions.some(
            (d) => d.ccgCode === ccg && d.indicatorCodes.includes(code) && d.openedAt >= v.createdAt,
          ),
        });
      }
    }
    return out;
  }
}
