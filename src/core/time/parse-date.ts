// Reading the dates people type, in London time: "25 Jan", "2014-01-25", "25/01/2014" (day first),
// "next Friday", "tomorrow", "in 2 weeks". chrono-node's British parser does the reading.
import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { LONDON, londonDate } from "./london";

export type ParsedDate = { ok: true; date: string } | { ok: false; reason: string };

const HELP = "Try 25 Jan, 2014-01-25, 25/01/2014 or next Friday.";

/**
 * The whole text must be the date: words left over ("25 Jan please") are refused rather than guessed at,
 * because a due date read wrongly is worse than a question.
 */
export function parseUserDate(text: string, now: Date): ParsedDate {
  const input = text.trim();
  if (!input) return { ok: false, reason: `Give a date. ${HELP}` };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (iso) {
    const d = DateTime.fromISO(input, { zone: "UTC" });
    return d.isValid ? { ok: true, date: input } : { ok: false, reason: `There is no date ${input}. ${HELP}` };
  }
  // chrono reads relative to a reference instant in a time zone; London's offset at `now` is that zone here.
  const offsetMinutes = DateTime.fromJSDate(now, { zone: LONDON }).offset;
  const results = chrono.en.GB.parse(input, { instant: now, timezone: offsetMinutes }, { forwardDate: true });
  const first = results[0];
  if (!first || first.index !== 0 || first.text.length !== input.length) {
    return { ok: false, reason: `I could not read "${input}" as a date. ${HELP}` };
  }
  const c = first.start;
  // "Jan 25" reads as January 2025, "January 2014" has no day: ask rather than pick the 1st.
  if (c.isCertain("month") && !c.isCertain("day")) {
    return {
      ok: false,
      reason: `Which day? "${input}" names a month but not a day. Write the day first, e.g. 25 Jan.`,
    };
  }
  const year = c.get("year");
  const month = c.get("month");
  const day = c.get("day");
  if (year === null || month === null || day === null)
    return { ok: false, reason: `I could not read "${input}" as a date. ${HELP}` };
  const d = DateTime.fromObject({ year, month, day }, { zone: "UTC" });
  // chrono quietly rolls 31 Feb into March; refuse it instead.
  if (!d.isValid || d.day !== day || d.month !== month)
    return { ok: false, reason: `There is no date "${input}". ${HELP}` };
  return { ok: true, date: d.toISODate()! };
}

/** True when the date is before today in London. */
export function isPastDate(date: string, now: Date): boolean {
  return date < londonDate(now);
}
