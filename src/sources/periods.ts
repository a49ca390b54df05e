// Periods as publishers write them, read for one indicator's period kind, to the period's first day (as stored).
//   2013-09, 2013-09-30, Sep 2013, September 2013, Dec-14, 30/09/2013
//                                      a date or month: the indicator's period that contains it
//   2013/14 Q3, Q3 2013/14, 2013-14 Q3 a quarter of the NHS financial year (Q1 = April to June): quarterly indicators
//   2013/14, 2013-14                   a financial year (April to March): yearly indicators
// A calendar year ("2013") or a range of years ("2011 - 13") is refused: our years are financial years, and so is a
// year before 1948 or after 2099.
import type { PeriodKind } from "../core/db";

export type PeriodResult = { ok: true; start: string } | { ok: false; reason: string };

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const KIND_WORD: Record<PeriodKind, string> = { MONTH: "monthly", QUARTER: "quarterly", YEAR: "yearly" };

const iso = (year: number, month: number) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;

/** The first day of the indicator's period that contains the given month (1-12). */
function containing(year: number, month: number, kind: PeriodKind): string {
  if (kind === "MONTH") return iso(year, month);
  if (kind === "QUARTER") return iso(year, month - ((month - 1) % 3));
  return month >= 4 ? iso(year, 4) : iso(year - 1, 4);
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The NHS began in July 1948; a period before it, or far ahead, is a typo (2103 for 2013) or a broken file. */
export const FIRST_YEAR = 1948;
export const LAST_YEAR = 2099;

export function parsePeriod(text: string, kind: PeriodKind): PeriodResult {
  const result = readPeriod(text.trim(), kind);
  if (!result.ok) return result;
  const year = Number(result.start.split("-")[0]);
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return {
      ok: false,
      reason: `period "${text.trim()}" is ${year < FIRST_YEAR ? `before ${FIRST_YEAR}` : `after ${LAST_YEAR}`}: is the year mistyped?`,
    };
  return result;
}

function readPeriod(t: string, kind: PeriodKind): PeriodResult {
  // "Q3 2014/15", "Quarter 3 2014-15": the quarter first, as NHS England's quarterly titles write it
  let m = /^(?:Q|Quarter\s*)([1-4])\s+(\d{4}\s*[/-]\s*\d{2})$/i.exec(t);
  if (m) return readPeriod(`${m[2]} Q${m[1]}`, kind);
  // "30/09/2013": a day as British files write it (a weekly sitrep's week ending)
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return readPeriod(`${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`, kind);
  // "Dec-14", "Dec 14", "Dec-2014": a month with a short year, as spreadsheet columns and file names write it
  m = /^([A-Za-z]{3})[a-z]*[-\s](\d{2}|\d{4})$/.exec(t);
  if (m && MONTH_NAMES.includes(m[1]!.toLowerCase())) {
    const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return { ok: true, start: containing(year, MONTH_NAMES.indexOf(m[1]!.toLowerCase()) + 1, kind) };
  }
  m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  // "2014-15" is a financial year, not a 15th month ("2011-12" reads as December 2011, which lies in 2011/12)
  if (m && m[3] === undefined && Number(m[2]) > 12 && (Number(m[1]) + 1) % 100 === Number(m[2])) m = null;
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return { ok: false, reason: `period "${t}" is not a date` };
    }
    return { ok: true, start: containing(year, month, kind) };
  }
  m = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(t);
  if (m && MONTH_NAMES.includes(m[1]!.toLowerCase())) {
    return { ok: true, start: containing(Number(m[2]), MONTH_NAMES.indexOf(m[1]!.toLowerCase()) + 1, kind) };
  }
  m = /^(\d{4})\s*[/-]\s*(\d{2})(?:\s+Q([1-4]))?$/i.exec(t);
  if (m) {
    const year = Number(m[1]);
    if ((year + 1) % 100 !== Number(m[2])) {
      return { ok: false, reason: `period "${t}" is not a financial year (the years must follow: 2013/14)` };
    }
    if (m[3] === undefined) {
      if (kind !== "YEAR") {
        return { ok: false, reason: `period "${t}" is a whole year, but the indicator is ${KIND_WORD[kind]}` };
      }
      return { ok: true, start: iso(year, 4) };
    }
    if (kind !== "QUARTER") {
      return { ok: false, reason: `period "${t}" is a quarter, but the indicator is ${KIND_WORD[kind]}` };
    }
    const q = Number(m[3]);
    return { ok: true, start: q === 4 ? iso(year + 1, 1) : iso(year, 4 + (q - 1) * 3) };
  }
  if (/^\d{4}$/.test(t)) {
    return {
      ok: false,
      reason: `period "${t}" is a calendar year; periods here are months, quarters (2013/14 Q3) or financial years (2013/14)`,
    };
  }
  return {
    ok: false,
    reason: `period "${t}" is not one I read: use 2013-09, 2013-09-01, Sep 2013, Dec-14, 2013/14 Q3, Q3 2013/14 or 2013/14`,
  };
}
