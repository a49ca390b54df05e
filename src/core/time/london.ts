// Europe/London, the time every user reads and types. Instants are stored in UTC; calendar dates
// (due dates, indicator periods) as plain dates, which Prisma's @db.Date hands over as UTC midnight.
import { DateTime } from "luxon";

export const LONDON = "Europe/London";

const inLondon = (d: Date) => DateTime.fromJSDate(d, { zone: LONDON });

/** The London calendar date of an instant, "YYYY-MM-DD". */
export function londonDate(instant: Date): string {
  return inLondon(instant).toISODate()!;
}

/** A calendar date in its stored form: UTC midnight of that date. */
export function londonDateToUtcMidnight(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** The calendar date of a stored plain date (UTC midnight). */
export function storedDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The instant of a London wall-clock time on a date (09:00 is 09:00Z in winter, 08:00Z in summer). */
export function atLondonTime(date: string, hour: number, minute = 0): Date {
  return DateTime.fromISO(date, { zone: LONDON }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** London calendar days from an instant's date to a date (negative when the date has passed). */
export function londonCalendarDaysBetween(from: Date, toDate: string): number {
  const a = DateTime.fromISO(londonDate(from), { zone: "UTC" });
  const b = DateTime.fromISO(toDate, { zone: "UTC" });
  return Math.round(b.diff(a, "days").days);
}

/** Adds calendar days to a date. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** "Fri 25 Jan 2013". Stored plain dates (UTC midnight) read as their own date. */
export function formatLondonDate(d: Date): string {
  const isPlainDate =
    d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
  const dt = isPlainDate ? DateTime.fromJSDate(d, { zone: "UTC" }) : inLondon(d);
  return dt.toFormat("ccc d LLL yyyy");
}

/** "Fri 25 Jan 2013, 17:00" in London time. */
export function formatLondonDateTime(d: Date): string {
  return inLondon(d).toFormat("ccc d LLL yyyy, HH:mm");
}

/** "Jan 2013", "Q3 2013/14" (NHS financial quarters: Q1 is April to June), "2013/14". */
export function formatPeriod(periodStart: Date, kind: "MONTH" | "QUARTER" | "YEAR"): string {
  const d = DateTime.fromJSDate(periodStart, { zone: "UTC" });
  const fyStart = d.month >= 4 ? d.year : d.year - 1;
  const fy = `${fyStart}/${String((fyStart + 1) % 100).padStart(2, "0")}`;
  if (kind === "MONTH") return d.toFormat("LLL yyyy");
  if (kind === "QUARTER") return `Q${Math.floor(((d.month + 8) % 12) / 3) + 1} ${fy}`;
  // a yearly figure of a calendar year (the Outcomes Indicator Set's) is stored from 1 January
  if (d.month === 1) return String(d.year);
  return fy;
}
