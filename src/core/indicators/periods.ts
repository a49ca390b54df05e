// Indicator periods: when a period ends and when its figures count as stale.
import type { PeriodKind } from "../db";

const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** The first day after the period that starts at periodStart (UTC dates, as stored). */
export function periodEnd(periodStart: Date, kind: PeriodKind): Date {
  const d = new Date(periodStart);
  d.setUTCMonth(d.getUTCMonth() + MONTHS[kind]);
  return d;
}

/**
 * Figures are stale once the next period's figures were due and have not come:
 * the period's end, plus the publication lag, plus one more period.
 */
export function staleSince(periodStart: Date, kind: PeriodKind, publicationLagDays: number): Date {
  const nextDue = periodEnd(periodEnd(periodStart, kind), kind);
  return new Date(nextDue.getTime() + publicationLagDays * 86_400_000);
}
