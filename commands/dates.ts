// Reading a date a person typed, or explaining why it can't be read.
import { badInput } from "../src/core/errors";
import { parseUserDate } from "../src/core/time";

/** A London calendar date (YYYY-MM-DD) from "25 Jan", "2014-01-25", "next Friday"… */
export function readDate(text: string, now: Date): string {
  const parsed = parseUserDate(text, now);
  if (!parsed.ok) throw badInput(parsed.reason);
  return parsed.date;
}
