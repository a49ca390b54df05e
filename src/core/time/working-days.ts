// Working days in England: not Saturday or Sunday, not an England and Wales bank holiday.
// Bank holidays come from date-holidays (maintained, includes one-offs such as 2022-09-19), not a hand list.
import Holidays from "date-holidays";
import { DateTime } from "luxon";

const holidays = new Holidays("GB", "ENG");
const byYear = new Map<number, Set<string>>();

function bankHolidays(year: number): Set<string> {
  let set = byYear.get(year);
  if (!set) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === "public")
        .map((h) => h.date.slice(0, 10)),
    );
    byYear.set(year, set);
  }
  return set;
}

export function isBankHoliday(date: string): boolean {
  return bankHolidays(Number(date.slice(0, 4))).has(date);
}

export function isWorkingDay(date: string): boolean {
  const weekday = DateTime.fromISO(date, { zone: "UTC" }).weekday; // 1 Monday … 7 Sunday
  return weekday <= 5 && !isBankHoliday(date);
}

const shift = (date: string, days: number) => DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;

/** The date itself when it is a working day, else the working day before it. */
export function previousWorkingDayOnOrBefore(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = shift(d, -1);
  return d;
}

/** n working days after (n > 0) or before (n < 0) a date; n = 0 gives the date itself. */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  const step = n >= 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0;) {
    d = shift(d, step);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when to <= from). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let d = shift(from, 1); d <= to; d = shift(d, 1)) if (isWorkingDay(d)) count++;
  return count;
}

/**
 * Why a date is not a working day, in words ("a Saturday", "a bank holiday (Boxing Day)"); null on a working day.
 */
export function nonWorkingDay(date: string): string | null {
  if (isBankHoliday(date)) {
    const name = holidays
      .getHolidays(Number(date.slice(0, 4)))
      .find((h) => h.type === "public" && h.date.slice(0, 10) === date)?.name;
    return `a bank holiday${name ? ` (${name})` : ""}`;
  }
  const weekday = DateTime.fromISO(date, { zone: "UTC" }).weekday;
  return weekday === 6 ? "a Saturday" : weekday === 7 ? "a Sunday" : null;
}
