// What each escalation rule fires on: pure functions from plain figures to firings, each with the key of its
// occurrence (the review item's unique key: one item per occurrence, however many replicas evaluate it).
import type { Rag } from "../indicators/status-types";
import { formatPeriod, storedDate, workingDaysBetween } from "../time";
import type { EscalationRule } from "./rules-file";

type RuleOf<K extends EscalationRule["kind"]> = Extract<EscalationRule, { kind: K }>;

export interface Firing {
  key: string;
  ruleId: string;
  ccgCode: string;
  areaTeamCode: string;
  title: string;
  /** what fired, with the figures, one line each */
  figures: string[];
}

export interface Parties {
  ccgCode: string;
  areaTeamCode: string;
}

export interface PeriodRag {
  periodStart: Date;
  /** formatted with its unit */
  shown: string;
  rag: Rag;
}

export interface IndicatorSeries extends Parties {
  indicator: { code: string; name: string; period: "MONTH" | "QUARTER" | "YEAR"; standard: string };
  /** oldest first */
  periods: PeriodRag[];
}

const MONTHS = { MONTH: 1, QUARTER: 3, YEAR: 12 } as const;
const nextStart = (d: Date, kind: keyof typeof MONTHS) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + MONTHS[kind], 1));

/**
 * An NHS Constitution standard red for N consecutive periods: the newest periods, each the one after the last
 * (a period with no figure, or not red, ends the run). The occurrence is the run, keyed by its first period, so a
 * run that goes on raises nothing new, and a later run does.
 */
export function constitutionRed(s: IndicatorSeries, rule: RuleOf<"constitution-red">): Firing | null {
  const run: PeriodRag[] = [];
  for (let i = s.periods.length - 1; i >= 0; i--) {
    const p = s.periods[i]!;
    if (p.rag !== "red") break;
    if (run.length && nextStart(p.periodStart, s.indicator.period).getTime() !== run[0]!.periodStart.getTime()) break;
    run.unshift(p);
  }
  if (run.length < rule.consecutivePeriods) return null;
  return {
    key: `${rule.id}:${s.ccgCode}:${s.indicator.code}:${storedDate(run[0]!.periodStart)}`,
    ruleId: rule.id,
    ccgCode: s.ccgCode,
    areaTeamCode: s.areaTeamCode,
    title: `${s.indicator.name} red for ${run.length} consecutive ${s.indicator.period === "MONTH" ? "months" : s.indicator.period === "QUARTER" ? "quarters" : "years"}`,
    figures: run.map(
      (p) => `${formatPeriod(p.periodStart, s.indicator.period)}: ${p.shown} (standard ${s.indicator.standard})`,
    ),
  };
}

export interface OverdueAction extends Parties {
  id: number;
  text: string;
  /** stored plain date */
  dueDate: Date;
}

/** An agreed action overdue by more than N working days (a new due date is a new occurrence). */
export function actionOverdue(a: OverdueAction, rule: RuleOf<"action-overdue">, today: string): Firing | null {
  const due = storedDate(a.dueDate);
  const late = workingDaysBetween(due, today);
  if (late <= rule.workingDays) return null;
  return {
    key: `${rule.id}:A${a.id}:${due}`,
    ruleId: rule.id,
    ccgCode: a.ccgCode,
    areaTeamCode: a.areaTeamCode,
    title: `Agreed action A${a.id} overdue by ${late} working days`,
    figures: [`A${a.id} ${a.text}`, `due ${due}, ${late} working days ago (the rule: more than ${rule.workingDays})`],
  };
}

export interface PlanShortfall extends Parties {
  version: number;
  /** when the version was submitted */
  submittedAt: Date;
  indicator: { code: string; name: string; standard: string };
  /** the lines below the standard, as "Q3 2014/15: 93.0%" */
  lines: string[];
  /** a discussion of the CCG tied to this indicator was opened since the version was submitted */
  discussed: boolean;
}

/** A plan line below the standard with no discussion of its indicator N working days after the submission. */
export function planBelowStandard(p: PlanShortfall, rule: RuleOf<"plan-below-standard">, today: string): Firing | null {
  if (p.discussed || !p.lines.length) return null;
  const waited = workingDaysBetween(storedDate(p.submittedAt), today);
  if (waited < rule.workingDays) return null;
  return {
    key: `${rule.id}:${p.ccgCode}:v${p.version}:${p.indicator.code}`,
    ruleId: rule.id,
    ccgCode: p.ccgCode,
    areaTeamCode: p.areaTeamCode,
    title: `Plan version ${p.version}: ${p.indicator.name} below the standard, not discussed`,
    figures: [
      ...p.lines.slice(0, 4).map((l) => `${l} (standard ${p.indicator.standard})`),
      ...(p.lines.length > 4 ? [`… and ${p.lines.length - 4} more periods`] : []),
      `no discussion of ${p.indicator.code} in the ${waited} working days since the plan came in`,
    ],
  };
}

export interface CheckpointDomainViews extends Parties {
  quarterLabel: string;
  /** "2013-Q2", for the key */
  quarterKey: string;
  domain: { key: string; name: string };
  ccg: "red" | "amber" | "green";
  areaTeam: "red" | "amber" | "green";
}

const STEP = { red: 0, amber: 1, green: 2 } as const;

/** A checkpoint domain where the two views differ by N steps or more. */
export function checkpointViewsDiffer(
  v: CheckpointDomainViews,
  rule: RuleOf<"checkpoint-views-differ">,
): Firing | null {
  const steps = Math.abs(STEP[v.ccg] - STEP[v.areaTeam]);
  if (steps < rule.steps) return null;
  return {
    key: `${rule.id}:${v.ccgCode}:${v.quarterKey}:${v.domain.key}`,
    ruleId: rule.id,
    ccgCode: v.ccgCode,
    areaTeamCode: v.areaTeamCode,
    title: `Checkpoint ${v.quarterLabel}: the views of ${v.domain.name.toLowerCase()} differ by ${steps} steps`,
    figures: [`${v.ccgCode} (self-assessment): ${v.ccg}`, `${v.areaTeamCode} (area team's view): ${v.areaTeam}`],
  };
}
