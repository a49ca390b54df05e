// A&E attendances and emergency admissions (NHS England), read per provider (ae-layout.ts) and attributed to CCGs:
// each CCG's counts are the sum over providers of the CCG's share of the provider's activity (ProviderAttribution)
// times the provider's counts. ae_4hr is the attributed attendances within 4 hours ÷ the attributed attendances × 100;
// ae_12hr_trolley is the attributed count of 12-hour waits from decision to admit. Attributed counts are estimates:
// they are kept to two decimal places, and the percentage is worked out from those stored counts, so a figure always
// agrees with its numerator and denominator.
//
// Weekly files: a week belongs to the month of its week-ending date (the week ending Sunday 4 January 2015, which
// began on 29 December, counts in January). A month's figure is the sum of all its weeks, so weekly files are
// imported together, a month at a time (ae-import.ts, `--format ae-weekly`); one weekly file alone is refused with
// that advice rather than stored as if it were the month.
import { ImportFileError, type RawRow } from "../import/report";
import { parsePeriod } from "../periods";
import type { PublishedFormat, PublishedRead, ReadContext } from "./format";
import { cadenceOf, firstFew, readAeFile, weekEndingIn, type ProviderCounts } from "./ae-layout";

export const AE_URL = "https://www.england.nhs.uk/statistics/statistical-work-areas/ae-waiting-times-and-activity/";

/** A provider's share of its activity going to one CCG; source and validFrom where the caller knows them. */
export interface AeShare {
  ccg: string;
  share: number;
  source?: string;
  validFrom?: string;
}

/** Providers' counts for one month (one monthly file, or the weeks of a month summed), ready to attribute. */
export interface AeMonth {
  /** "2014-12" */
  month: string;
  providers: ProviderCounts[];
  setAside: Record<string, number>;
  notes: string[];
  hasTrolleyColumn: boolean;
  /** prefixed to a cell reference when the figures come from several files */
  fileOf?: (provider: ProviderCounts) => string;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Each CCG's ae_4hr (and ae_12hr_trolley) for the month, from the providers' counts and their shares. */
export function attributeToCcgs(month: AeMonth, attribution: Map<string, AeShare[]>): PublishedRead {
  const setAside = { ...month.setAside };
  const notes = [...month.notes];
  const unattributed: string[] = [];
  interface Sum {
    total: number;
    within: number;
    trolley: number;
    from: { provider: ProviderCounts; weight: number }[];
  }
  const sums = new Map<string, Sum>();
  const used = new Set<string>();
  let attributed = 0;
  for (const p of month.providers) {
    const shares = attribution.get(p.code);
    if (!shares?.length) {
      unattributed.push(p.code);
      continue;
    }
    attributed++;
    for (const s of shares) {
      const sum = sums.get(s.ccg) ?? { total: 0, within: 0, trolley: 0, from: [] };
      sum.total += s.share * p.total;
      sum.within += s.share * p.within;
      sum.trolley += s.share * (p.trolley12 ?? 0);
      sum.from.push({ provider: p, weight: s.share * p.total });
      sums.set(s.ccg, sum);
      used.add(s.source && s.validFrom ? `"${s.source}" (valid from ${s.validFrom})` : (s.source ?? ""));
    }
  }
  if (unattributed.length) {
    setAside["providers with no attribution to CCGs"] = month.providers
      .filter((p) => unattributed.includes(p.code))
      .reduce((n, p) => n + (p.rows ?? 1), 0);
    notes.push(`Providers with no attribution to CCGs (set aside): ${firstFew(unattributed)}.`);
  }
  const rows: RawRow[] = [];
  for (const [ccg, sum] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
    const total = round2(sum.total);
    const within = round2(sum.within);
    if (total <= 0) continue;
    const from = sum.from.sort((a, b) => b.weight - a.weight);
    const main = from[0]!.provider;
    const where = (p: ProviderCounts) => `${month.fileOf ? `${month.fileOf(p)} ` : ""}${p.at} (${p.code})`;
    const at =
      from.length === 1
        ? where(main)
        : `${where(main)} and ${from.length - 1} other provider${from.length > 2 ? "s" : ""}`;
    rows.push({
      line: main.row,
      at,
      organisation: ccg,
      indicator: "ae_4hr",
      period: month.month,
      value: String((within / total) * 100),
      numerator: String(within),
      denominator: String(total),
    });
    if (month.hasTrolleyColumn)
      rows.push({
        line: main.row,
        at,
        organisation: ccg,
        indicator: "ae_12hr_trolley",
        period: month.month,
        value: String(round2(sum.trolley)),
      });
  }
  const sources = [...used].filter(Boolean);
  notes.push(
    `CCG figures are attributed from ${attributed} provider${attributed === 1 ? "" : "s"} to ${rows.filter((r) => r.indicator === "ae_4hr").length} CCGs ` +
      `by the provider attribution table${sources.length ? ` ${sources.join(", ")}` : " (the newest shares of each provider)"}: ` +
      `each CCG's share of each provider's attendances, summed; ae_4hr is the attributed attendances within 4 hours ÷ ` +
      `all attributed attendances (all types), counts kept to 2 decimal places.` +
      (month.hasTrolleyColumn
        ? " ae_12hr_trolley is the attributed count of 12-hour waits from decision to admit."
        : ""),
  );
  return { rows, setAside, notes, period: month.month };
}

/** The month a figure belongs to, from a text such as "June 2015", "2015-06" or "Dec 2014". */
export function monthOf(text: string, what: string): string {
  const parsed = parsePeriod(text, "MONTH");
  if (!parsed.ok)
    throw new ImportFileError(
      0,
      `I can't read the period ${what}: ${parsed.reason}. Give it with --period, e.g. --period "Jun 2015".`,
    );
  return parsed.start.slice(0, 7);
}

/** The month of a week, by its week-ending date (2015-01-04 → 2015-01). */
export const monthOfWeek = (weekEnding: string) => weekEnding.slice(0, 7);

export function weeklyAdvice(book: Parameters<PublishedFormat["read"]>[0]): string {
  const file = readAeFile(book);
  const ending = weekEndingIn(file.periodText);
  return (
    `This is a weekly A&E sitrep${ending ? ` (week ending ${ending})` : ""}. A month's figure is the sum of the weeks ` +
    `ending in that month, so import all of them together: npm run import -- --format ae-weekly <file> <file>… ` +
    `(add --allow-missing-weeks to store a month from the weeks you have).`
  );
}

export const AE_MONTHLY: PublishedFormat = {
  id: "ae-monthly",
  title: "A&E attendances and emergency admissions, monthly, by provider, attributed to CCGs (NHS England)",
  url: AE_URL,
  recognise: (book) => cadenceOf(book) === "monthly",
  read(book, context: ReadContext) {
    const file = readAeFile(book);
    if (file.cadence === "weekly") throw new ImportFileError(0, weeklyAdvice(book));
    const text = context.period ?? file.periodText;
    if (!text)
      throw new ImportFileError(
        0,
        `I can't tell which month the file describes: it has no "Period:" title row and its name names no month. ` +
          `Give it with --period, e.g. --period "Jun 2015".`,
      );
    const month = monthOf(text, `"${text}"`);
    return attributeToCcgs(
      {
        month,
        providers: file.providers,
        setAside: file.setAside,
        notes: file.notes,
        hasTrolleyColumn: file.hasTrolleyColumn,
      },
      context.attribution(`${month}-01`),
    );
  },
};

export const AE_WEEKLY: PublishedFormat = {
  id: "ae-weekly",
  title:
    "A&E attendances and emergency admissions, weekly sitrep, by provider, summed by month and attributed to CCGs (NHS England)",
  url: AE_URL,
  recognise: (book) => cadenceOf(book) === "weekly",
  // A week alone is not a month: ae-import.ts reads the weeks of a month together.
  read(book) {
    throw new ImportFileError(0, weeklyAdvice(book));
  },
};
