// One grammar for periods as people type them and as publishers write them. Both readers of periods use it: the
// import (a file's period, placed in an indicator's period kind: `parsePeriod`) and status `as of` (the period a
// person asks to look back at: as-of.ts). What it reads:
//   2014-12, Dec 2014, December 2014, dec. 2014, Sept 2014, Dec-14, Dec 14, Dec-2014       a month
//   2014-12-07, 07/12/2014, 7 December 2014, 07-Dec-2014                                    a day (in its month)
//   w/e 07/12/2014, W/E 07-Dec-2014, week ending 7 December 2014                            a week, by its last day
//   Q3 2014/15, Quarter 3 2014-15, 2014/15 Q3, q1 2014/2015      a quarter of the financial year (Q1 = April to June)
//   2014/15, 2014-15, 2014/2015                                  a financial year (April to March)
//   2014                                                         a calendar year (January to December)
//   2011-13, 2011 - 13, 2011-2013                                pooled calendar years (Fingertips' "2011 - 13")
//   2010/11-2012/13, 2010/11 - 12/13                             pooled financial years
// "2011-12" is December 2011 (which lies in 2011/12), as spreadsheets write months; "2014-15" is the financial year.
import type { PeriodKind } from "../db";

export type NamedPeriod =
  /** a month; `day` when a day in it was named */
  | { form: "month"; year: number; month: number; day?: number }
  /** a week, named by its last day (NHS England's weekly sitreps: "w/e 07/12/2014") */
  | { form: "week"; year: number; month: number; day: number }
  /** `fy` is the financial year's first calendar year: Q3 2014/15 is fy 2014, quarter 3 */
  | { form: "quarter"; fy: number; quarter: number }
  | { form: "financial-year"; fy: number }
  | { form: "calendar-year"; year: number }
  /** several years figures are pooled over; `first` and `last` are calendar years or financial years' first years */
  | { form: "pooled"; years: "calendar" | "financial"; first: number; last: number };

/** `unread` when the text is no period form at all (each reader words that itself). */
export type GrammarResult = { ok: true; period: NamedPeriod } | { ok: false; reason: string; unread?: true };

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

/** The NHS began in July 1948; a period before it, or far ahead, is a typo (2103 for 2013) or a broken file. */
export const FIRST_YEAR = 1948;
export const LAST_YEAR = 2099;

/** The month a month's name, its first three letters or "Sept" names (a full stop allowed), 1-12; 0 when none. */
export function monthNamed(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "");
  if (w.length < 3) return 0;
  return (
    MONTHS.findIndex((m) => m === w || (w.length === 3 && m.startsWith(w)) || (w === "sept" && m === "september")) + 1
  );
}

/** Figures are pooled over a few years (3 or 5 in the Outcomes Indicator Set); a longer run is a misreading. */
const MAX_POOLED = 10;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));
/** "14" after 2013, or "2014": the year that follows `first`, else null */
const follows = (first: number, second: string) =>
  (second.length === 2 ? (first + 1) % 100 : first + 1) === Number(second);
/** the calendar year a two- or four-digit year after `first` names (13 after 2011 is 2013) */
const laterYear = (first: number, second: string) =>
  second.length === 4
    ? Number(second)
    : first - (first % 100) + Number(second) + (Number(second) < first % 100 ? 100 : 0);

function day(t: string, year: number, month: number, d: number): GrammarResult {
  if (month < 1 || month > 12 || d < 1 || d > daysIn(year, month)) return { ok: false, reason: `"${t}" is not a date` };
  return { ok: true, period: { form: "month", year, month, day: d } };
}

/** A day alone: 07/12/2014, 2014-12-07, 7 December 2014, 07-Dec-2014, 07-Dec-14. */
function readDay(t: string): GrammarResult | null {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return day(t, Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return day(t, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-\s]([A-Za-z]+\.?)[-\s](\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = monthNamed(m[2]!);
    if (!month) return { ok: false, reason: `"${m[2]}" is not a month` };
    return day(t, fullYear(m[3]!), month, Number(m[1]));
  }
  return null;
}

function financial(t: string, first: string, second: string): number | string {
  const fy = Number(first);
  return follows(fy, second) ? fy : `"${t}" is not a financial year: the years must follow, as in 2014/15`;
}

/** Reads a period in any of the forms above. Years are not bounded here: see `outOfBounds`. */
export function readPeriodText(text: string): GrammarResult {
  const t = text.trim().replace(/\s+/g, " ");
  // a week by its ending: "w/e 07/12/2014", "W/E: 07-Dec-2014", "week ending 7 December 2014"
  let m = /^(?:w\/e|w\.e\.|week ending)[:\s]\s*(.+)$/i.exec(t);
  if (m) {
    const d = readDay(m[1]!.trim());
    if (!d) return { ok: false, reason: `"${t}" names a week, but "${m[1]!.trim()}" is not a day such as 07/12/2014` };
    if (!d.ok || d.period.form !== "month") return d;
    const { year, month, day: dd } = d.period;
    return { ok: true, period: { form: "week", year, month, day: dd! } };
  }
  const asDay = readDay(t);
  if (asDay) return asDay;
  // a quarter: "Q3 2014/15", "Quarter 3 2014-15", "2014/15 Q3", "q1 2014/2015"
  m =
    /^(?:(?:Q|Quarter ?)([1-4]) (\d{4}) ?[/-] ?(\d{2}|\d{4})|(\d{4}) ?[/-] ?(\d{2}|\d{4}) (?:Q|Quarter ?)([1-4]))$/i.exec(
      t,
    );
  if (m) {
    const [q, first, second] = m[1] ? [m[1], m[2]!, m[3]!] : [m[6]!, m[4]!, m[5]!];
    const fy = financial(t, first, second);
    if (typeof fy === "string") return { ok: false, reason: fy };
    return { ok: true, period: { form: "quarter", fy, quarter: Number(q) } };
  }
  // a month: "Dec 2014", "December 2014", "dec. 2014", "Dec-14", "Dec 14", "Dec-2014"
  m = /^([A-Za-z]+\.?)[-\s](\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = monthNamed(m[1]!);
    if (!month) return { ok: false, reason: `"${m[1]}" is not a month` };
    return { ok: true, period: { form: "month", year: fullYear(m[2]!), month } };
  }
  // pooled financial years: "2010/11-2012/13", "2010/11 - 12/13"
  m = /^(\d{4}) ?\/ ?(\d{2}) ?- ?(\d{2}|\d{4}) ?\/ ?(\d{2})$/.exec(t);
  if (m) {
    const first = financial(t, m[1]!, m[2]!);
    const lastFirst = laterYear(Number(m[1]), m[3]!);
    const last = financial(t, String(lastFirst), m[4]!);
    if (typeof first === "string" || typeof last === "string" || last <= first || last - first > MAX_POOLED)
      return { ok: false, reason: `"${t}" is not a run of financial years, such as 2010/11-2012/13` };
    return { ok: true, period: { form: "pooled", years: "financial", first, last } };
  }
  // "2014-12": a month; "2014-15": a financial year; "2011-13", "2011 - 13", "2011-2013": pooled calendar years
  m = /^(\d{4})( ?- ?)(\d{1,2}|\d{4})$/.exec(t);
  if (m) {
    const first = Number(m[1]);
    const compact = m[2] === "-" && m[3]!.length <= 2;
    if (compact && Number(m[3]) >= 1 && Number(m[3]) <= 12) {
      return { ok: true, period: { form: "month", year: first, month: Number(m[3]) } };
    }
    if (m[3]!.length !== 1 && follows(first, m[3]!)) return { ok: true, period: { form: "financial-year", fy: first } };
    const last = m[3]!.length === 1 ? NaN : laterYear(first, m[3]!);
    if (last > first + 1 && last - first <= MAX_POOLED) {
      return { ok: true, period: { form: "pooled", years: "calendar", first, last } };
    }
    return { ok: false, reason: compact ? `"${t}" is not a month` : `"${t}" is not a run of years, such as 2011-13` };
  }
  m = /^(\d{4}) ?\/ ?(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const fy = financial(t, m[1]!, m[2]!);
    if (typeof fy === "string") return { ok: false, reason: fy };
    return { ok: true, period: { form: "financial-year", fy } };
  }
  if (/^\d{4}$/.test(t)) return { ok: true, period: { form: "calendar-year", year: Number(t) } };
  return { ok: false, reason: `"${t}" is not a period`, unread: true };
}

const iso = (year: number, month: number) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;

/** The first month (year, 1-12) a named period covers, and how many months it spans. */
export function spanOf(p: NamedPeriod): { year: number; month: number; months: number } {
  switch (p.form) {
    case "month":
    case "week":
      return { year: p.year, month: p.month, months: 1 };
    case "quarter":
      return p.quarter === 4
        ? { year: p.fy + 1, month: 1, months: 3 }
        : { year: p.fy, month: 4 + (p.quarter - 1) * 3, months: 3 };
    case "financial-year":
      return { year: p.fy, month: 4, months: 12 };
    case "calendar-year":
      return { year: p.year, month: 1, months: 12 };
    case "pooled":
      return { year: p.first, month: p.years === "calendar" ? 1 : 4, months: (p.last - p.first + 1) * 12 };
  }
}

/** How the period reads back: "Dec 2014", "w/e 07/12/2014", "Q3 2014/15", "2014/15", "2014", "2011-13". */
export function describePeriod(p: NamedPeriod): string {
  const fy = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
  const two = (n: number) => String(n).padStart(2, "0");
  switch (p.form) {
    case "month":
      return `${MONTHS[p.month - 1]!.slice(0, 1).toUpperCase()}${MONTHS[p.month - 1]!.slice(1, 3)} ${p.year}`;
    case "week":
      return `w/e ${two(p.day)}/${two(p.month)}/${p.year}`;
    case "quarter":
      return `Q${p.quarter} ${fy(p.fy)}`;
    case "financial-year":
      return fy(p.fy);
    case "calendar-year":
      return String(p.year);
    case "pooled":
      return p.years === "calendar" ? `${p.first}-${two(p.last % 100)}` : `${fy(p.first)}-${fy(p.last)}`;
  }
}

/** The year of a period's first day, when it is before 1948 or after 2099: a mistyped year or a broken file. */
export function outOfBounds(startYear: number): string | null {
  if (startYear < FIRST_YEAR) return `before ${FIRST_YEAR}`;
  if (startYear > LAST_YEAR) return `after ${LAST_YEAR}`;
  return null;
}

// ---- the import's reading: a file's period placed in one indicator's period kind ----

export type PeriodResult =
  | { ok: true; start: string; /** set when the file's figure is pooled over years: "2011-13" */ pooled?: string }
  | { ok: false; reason: string };

const KIND_WORD: Record<PeriodKind, string> = { MONTH: "monthly", QUARTER: "quarterly", YEAR: "yearly" };

/** The first day of the indicator's period that contains the given month (1-12); years are financial years. */
function containing(year: number, month: number, kind: PeriodKind): string {
  if (kind === "MONTH") return iso(year, month);
  if (kind === "QUARTER") return iso(year, month - ((month - 1) % 3));
  return month >= 4 ? iso(year, 4) : iso(year - 1, 4);
}

/**
 * A file's period, as the first day of the indicator's period (as stored). A month, day or week lies in the
 * indicator's period that contains it (a week in the month of its last day, as NHS England sums weeks into months); a
 * quarter or year only fits an indicator of that kind. A calendar year is stored from 1 January (shown as "2014"). A
 * pooled figure ("2011-13") is stored as its last year, and `pooled` says so.
 */
export function parsePeriod(text: string, kind: PeriodKind): PeriodResult {
  const t = text.trim();
  const read = readPeriodText(t);
  if (!read.ok) {
    if (read.unread) {
      return {
        ok: false,
        reason: `period "${t}" is not one I read: use 2013-09, 2013-09-01, Sep 2013, Dec-14, w/e 07/12/2014, 2013/14 Q3, Q3 2013/14, 2013/14, 2014 or 2011-13`,
      };
    }
    return { ok: false, reason: `period ${read.reason}` };
  }
  const p = read.period;
  const mismatch = (what: string) => ({
    ok: false as const,
    reason: `period "${t}" is ${what}, but the indicator is ${KIND_WORD[kind]}`,
  });
  let result: PeriodResult;
  switch (p.form) {
    case "month":
    case "week":
      result = { ok: true, start: containing(p.year, p.month, kind) };
      break;
    case "quarter": {
      if (kind !== "QUARTER") return mismatch("a quarter");
      const s = spanOf(p);
      result = { ok: true, start: iso(s.year, s.month) };
      break;
    }
    case "financial-year":
      if (kind !== "YEAR") return mismatch("a whole year");
      result = { ok: true, start: iso(p.fy, 4) };
      break;
    case "calendar-year":
      if (kind !== "YEAR") return mismatch("a calendar year");
      result = { ok: true, start: iso(p.year, 1) };
      break;
    case "pooled":
      if (kind !== "YEAR") return mismatch(`pooled over ${p.last - p.first + 1} years`);
      result = { ok: true, start: iso(p.last, p.years === "calendar" ? 1 : 4), pooled: describePeriod(p) };
      break;
  }
  const bound = outOfBounds(Number(result.start.slice(0, 4)));
  if (bound) return { ok: false, reason: `period "${t}" is ${bound}: is the year mistyped?` };
  return result;
}
