// Reading a date a person typed, or explaining why it can't be read.
import { badInput } from "../src/core/errors";
import { formatLondonDate, londonDateToUtcMidnight, nonWorkingDay, parseUserDate } from "../src/core/time";

/** A London calendar date (YYYY-MM-DD) from "25 Jan", "2014-01-25", "next Friday"… */
export function readDate(text: string, now: Date): string {
  const parsed = parseUserDate(text, now);
  if (!parsed.ok) throw badInput(parsed.reason);
  return parsed.date;
}

/** A due date on a weekend or bank holiday is accepted, with a word: "Sun 26 Jan 2014 is a Sunday." */
export function dueDateWarning(date: string | undefined): string | null {
  const why = date ? nonWorkingDay(date) : null;
  return why ? `${formatLondonDate(londonDateToUtcMidnight(date!))} is ${why}, not a working day.` : null;
}
