// "as of" a period: which period a person asks status to show, as they type it, and which figures of each
// indicator that period takes in. The figures shown are each indicator's latest for a period that ended by the end
// of the period asked for (a quarterly indicator as of Nov 2014 shows Q2 2014/15, since Q3 had not ended; a yearly
// one as of Dec 2014 shows 2013/14), and staleness is judged against that period, not today.
import type { PeriodKind } from "../db";
import { badInput } from "../errors";
import { formatPeriod } from "../time";
import { describePeriod, outOfBounds, readPeriodText, spanOf } from "./period-grammar";
import { periodEnd } from "./periods";

export interface AsOf {
  /** what the person named: a month, a week, a quarter of the financial year, or a financial or calendar year */
  kind: PeriodKind | "WEEK";
  /** the period's first day (UTC midnight, as periods are stored) */
  start: Date;
  /** the first day after it */
  end: Date;
  /** as people read it: "Dec 2014", "w/e 07/12/2014", "Q3 2014/15", "2014/15", "2014" */
  label: string;
}

export const AS_OF_EXAMPLES = "Dec 2014, December 2014, 2014-12, w/e 07/12/2014, Q3 2014/15, 2013/14 or 2014";

const day = (year: number, month: number, d = 1) => new Date(Date.UTC(year, month - 1, d));

function asOf(kind: PeriodKind, start: Date): AsOf {
  return { kind, start, end: periodEnd(start, kind), label: formatPeriod(start, kind) };
}

/** The period asked for, read with the one period grammar (period-grammar.ts), or why it can't be looked back at. */
function read(text: string): AsOf | string {
  const t = text.trim().replace(/\s+/g, " ");
  const result = readPeriodText(t);
  if (!result.ok) return result.unread ? `I can't read "${t}" as a period` : result.reason;
  const p = result.period;
  const s = spanOf(p);
  switch (p.form) {
    case "month":
      return asOf("MONTH", day(s.year, s.month));
    case "week": {
      // the seven days ending on the day named: status as it stood at that week's end
      const last = day(p.year, p.month, p.day);
      return {
        kind: "WEEK",
        start: new Date(last.getTime() - 6 * 86_400_000),
        end: new Date(last.getTime() + 86_400_000),
        label: describePeriod(p),
      };
    }
    case "quarter":
      return asOf("QUARTER", day(s.year, s.month));
    case "financial-year":
      return asOf("YEAR", day(s.year, s.month));
    case "calendar-year":
      return { kind: "YEAR", start: day(p.year, 1), end: day(p.year + 1, 1), label: describePeriod(p) };
    case "pooled":
      return `"${t}" is several years pooled together (${describePeriod(p)}), not a time to look back at: say one year, such as ${p.years === "calendar" ? p.last : describePeriod({ form: "financial-year", fy: p.last })}`;
  }
}

/**
 * The period a person typed after "as of". Refused, with examples, when it is not a period we read, is before 1948
 * or after 2099, or has not begun by `now` (there is nothing yet to look back at).
 */
export function parseAsOf(text: string, now: Date): AsOf {
  const hint = `Say a month, a week, a quarter of the financial year or a year: ${AS_OF_EXAMPLES}, e.g. \`status 02N as of Dec 2014\`.`;
  if (!text.trim()) throw badInput("As of when? Give a period after `as of`.", hint);
  const result = read(text);
  if (typeof result === "string") throw badInput(`${result}.`, hint);
  const bound = outOfBounds(result.start.getUTCFullYear());
  if (bound) throw badInput(`${result.label} is ${bound}: is the year mistyped?`, hint);
  if (result.start.getTime() > now.getTime()) {
    throw badInput(
      `${result.label} has not begun yet, so there is nothing to look back at.`,
      "Leave out `as of …` for the latest figures.",
    );
  }
  return result;
}

const MONTHS_IN: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/**
 * The first day of the last period of an indicator's kind that ended by the end of the period asked for: the newest
 * period whose figures status shows as of it. Quarters begin in January, April, July and October; years in April.
 */
export function lastPeriodBy(asOfPeriod: Pick<AsOf, "end">, kind: PeriodKind): Date {
  const end = asOfPeriod.end;
  const month = end.getUTCMonth(); // 0-11
  // back from the end to the boundary of the kind's periods at or before it, then one period further
  const toBoundary = kind === "MONTH" ? 0 : kind === "QUARTER" ? month % 3 : (month + 9) % 12;
  return new Date(Date.UTC(end.getUTCFullYear(), month - toBoundary - MONTHS_IN[kind], 1));
}

/**
 * The latest first day a figure of an indicator's kind can have and still have ended by the end of the period asked
 * for: the cut-off for the figures status reads. It is `lastPeriodBy` for periods of the financial calendar, and also
 * takes in a calendar year (stored from 1 January) that ended by then.
 */
export function latestStartBy(asOfPeriod: Pick<AsOf, "end">, kind: PeriodKind): Date {
  const end = asOfPeriod.end;
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - MONTHS_IN[kind], end.getUTCDate()));
}
