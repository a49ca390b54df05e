// "as of" a period: which period a person asks status to show, as they type it, and which figures of each
// indicator that period takes in. The figures shown are each indicator's latest for a period that ended by the end
// of the period asked for (a quarterly indicator as of Nov 2014 shows Q2 2014/15, since Q3 had not ended; a yearly
// one as of Dec 2014 shows 2013/14), and staleness is judged against that period, not today.
import type { PeriodKind } from "../db";
import { badInput } from "../errors";
import { formatPeriod } from "../time";
import { periodEnd } from "./periods";

export interface AsOf {
  /** what the person named: a month, a quarter of the financial year, or a financial year */
  kind: PeriodKind;
  /** the period's first day (UTC midnight, as periods are stored) */
  start: Date;
  /** the first day after it */
  end: Date;
  /** as people read it: "Dec 2014", "Q3 2014/15", "2014/15" */
  label: string;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
/** The years a period may be in: the NHS began in 1948; a year far ahead is a typo. */
const FIRST_YEAR = 1948;
const LAST_YEAR = 2099;

export const AS_OF_EXAMPLES = "Dec 2014, December 2014, 2014-12, Q3 2014/15 or 2013/14";

const day = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1));

function asOf(kind: PeriodKind, start: Date): AsOf {
  return { kind, start, end: periodEnd(start, kind), label: formatPeriod(start, kind) };
}

/** The month a month name or its first three letters (with an optional full stop) names, 1-12; 0 when none. */
function monthNamed(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "");
  if (w.length < 3) return 0;
  const i = MONTHS.findIndex(
    (m) => m === w || (w.length === 3 && m.startsWith(w)) || (w === "sept" && m === "september"),
  );
  return i + 1;
}

/** A financial year "2014/15" (or "2014/2015"): its first calendar year, or null when the years don't follow. */
function financialYear(first: string, second: string): number | null {
  const year = Number(first);
  const next = Number(second);
  return (second.length === 2 ? (year + 1) % 100 : year + 1) === next ? year : null;
}

function read(text: string): AsOf | string {
  const t = text.trim().replace(/\s+/g, " ");
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    const dayOfMonth = m[3] === undefined ? 1 : Number(m[3]);
    if (month < 1 || month > 12) return `"${t}" is not a month`;
    if (dayOfMonth < 1 || dayOfMonth > new Date(Date.UTC(year, month, 0)).getUTCDate()) return `"${t}" is not a date`;
    return asOf("MONTH", day(year, month));
  }
  m = /^([A-Za-z]+\.?) (\d{4})$/.exec(t);
  if (m) {
    const month = monthNamed(m[1]!);
    if (!month) return `"${m[1]}" is not a month`;
    return asOf("MONTH", day(Number(m[2]), month));
  }
  m = /^(?:Q([1-4]) (\d{4}) ?\/ ?(\d{2}|\d{4})|(\d{4}) ?\/ ?(\d{2}|\d{4}) Q([1-4]))$/i.exec(t);
  if (m) {
    const [q, first, second] = m[1] ? [m[1], m[2]!, m[3]!] : [m[6]!, m[4]!, m[5]!];
    const year = financialYear(first, second);
    if (year === null) return `"${t}" is not a financial year: the years must follow, as in 2014/15`;
    const quarter = Number(q);
    return asOf("QUARTER", quarter === 4 ? day(year + 1, 1) : day(year, 4 + (quarter - 1) * 3));
  }
  m = /^(\d{4}) ?\/ ?(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const year = financialYear(m[1]!, m[2]!);
    if (year === null) return `"${t}" is not a financial year: the years must follow, as in 2014/15`;
    return asOf("YEAR", day(year, 4));
  }
  if (/^\d{4}$/.test(t)) {
    return `"${t}" is a calendar year, and our years are financial years (April to March): say 2014/15, or a month`;
  }
  return `I can't read "${t}" as a period`;
}

/**
 * The period a person typed after "as of". Refused, with examples, when it is not a period we read, is before 1948
 * or after 2099, or has not begun by `now` (there is nothing yet to look back at).
 */
export function parseAsOf(text: string, now: Date): AsOf {
  const hint = `Say a month, a quarter of the financial year or a financial year: ${AS_OF_EXAMPLES}, e.g. \`status 02N as of Dec 2014\`.`;
  if (!text.trim()) throw badInput("As of when? Give a period after `as of`.", hint);
  const result = read(text);
  if (typeof result === "string") throw badInput(`${result}.`, hint);
  const year = result.start.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw badInput(
      `${result.label} is ${year < FIRST_YEAR ? `before ${FIRST_YEAR}` : `after ${LAST_YEAR}`}: is the year mistyped?`,
      hint,
    );
  }
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
