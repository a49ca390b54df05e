// Checking one row: its fields with zod, its numbers as published, then against the organisations and indicators we
// know, its period and the range its unit allows. A row is either ready to stage or rejected with a reason.
import { z } from "zod";
import type { PeriodKind, PrismaClient } from "../../core/db";
import { parsePeriod, type PeriodResult } from "../periods";
import type { ImportKind, RawRow, Rejection } from "./report";
import { Successors } from "./successors";

/** Cells a publisher writes for a figure it suppressed or has not got (the published readers use the same). */
export const SUPPRESSED_CELLS: ReadonlySet<string> = new Set(["*", "-", "..", ":", "x", "n/a", "na", "c", "z", "~"]);
/** In our own CSV also "null", as a database export writes a missing figure. */
const isSuppressed = (text: string | undefined) =>
  text !== undefined && (SUPPRESSED_CELLS.has(text.toLowerCase()) || text.toLowerCase() === "null");
/** A number as published: 93.1, -2, .5, 1,234.5, 1e3. */
const NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const toNumber = (s: string) => Number(s.includes(",") ? s.replaceAll(",", "") : s);
const number = (what: string) =>
  z
    .string({ error: `no ${what}` })
    .regex(NUMBER, `${what} is not a number`)
    .transform(toNumber);
/** An empty field counts as absent: the readers pass "" on as undefined (a union with "" here cost a third of the
 * time of checking a row). */
const optionalNumber = (what: string) =>
  z.string().regex(NUMBER, `${what} is not a number`).transform(toNumber).optional();

/** One row's fields (already trimmed by the CSV reader). */
export const rowSchema = z.object({
  organisation: z
    .string({ error: "no organisation code" })
    .min(1, "no organisation code")
    .max(20, "organisation code is too long"),
  indicator: z
    .string({ error: "no indicator code" })
    .min(1, "no indicator code")
    .max(100, "indicator code is too long"),
  period: z.string({ error: "no period" }).min(1, "no period").max(40, "period is too long"),
  value: number("value"),
  numerator: optionalNumber("numerator"),
  denominator: optionalNumber("denominator"),
});
export type CheckedFields = z.infer<typeof rowSchema>;

interface IndicatorInfo {
  code: string;
  unit: string;
  standard: number | null;
  period: PeriodKind;
  ownerCode: string | null;
}

export interface Lookups {
  organisations: Map<string, { kind: "CCG" | "AREA_TEAM" }>;
  /** by lower-cased code */
  indicators: Map<string, IndicatorInfo>;
  /** parsePeriod, remembered: a file names few distinct periods many times */
  period(text: string, kind: PeriodKind): PeriodResult;
  /** old CCG codes and their successors */
  successors: Successors;
}

function rememberedPeriods(): Lookups["period"] {
  const known = new Map<string, PeriodResult>();
  return (text, kind) => {
    const key = `${kind}|${text}`;
    let result = known.get(key);
    if (!result) {
      if (known.size >= 10_000) known.clear();
      result = parsePeriod(text, kind);
      known.set(key, result);
    }
    return result;
  };
}

export async function loadLookups(prisma: PrismaClient): Promise<Lookups> {
  const [organisations, indicators, successors] = await Promise.all([
    prisma.organisation.findMany({ select: { code: true, kind: true } }),
    prisma.indicator.findMany({
      select: { code: true, unit: true, standard: true, period: true, ownerCode: true },
    }),
    Successors.load(prisma),
  ]);
  return {
    organisations: new Map(organisations.map((o) => [o.code, { kind: o.kind }])),
    indicators: new Map(indicators.map((i) => [i.code.toLowerCase(), i])),
    period: rememberedPeriods(),
    successors,
  };
}

/**
 * A row ready to stage: l(ine), o(rganisation), i(ndicator), p(eriod start), v(alue), n(umerator), d(enominator),
 * s(uppressed: the publisher withheld the figure; v is null); from: the old code the file gave, when o is its
 * successor (such rows are combined with the other parts of a merger before they are staged: merge-successors.ts).
 */
export interface StagedRow {
  l: number;
  o: string;
  i: string;
  p: string;
  v: number | null;
  n: number | null;
  d: number | null;
  s: boolean;
  from?: string;
}

/** A row under an old code rejected for its own figure: its successor's key, so the merger's other parts know. */
export type RejectedPart = Omit<Rejection, "line"> & { part?: { o: string; i: string; p: string; from: string } };

/**
 * Rows of our own CSV that are not a CCG's figures, set aside and counted by reason as the published readers do
 * (the same wording as rtt-commissioner's): England, and an area team (London's figures come as Q71).
 */
export const SET_ASIDE_REASONS = {
  england: "England (X24)",
  areaTeam: "area team rows (Q44–Q71; London as Q71)",
} as const;

/** A row set aside, not rejected: not a CCG's figures. */
export interface SetAsideRow {
  setAside: string;
}

export function checkRow(
  raw: RawRow,
  lookups: Lookups,
  kind: ImportKind,
  scale = 1,
): StagedRow | SetAsideRow | RejectedPart {
  // A suppressed figure is a figure all the same (so a real file imports all-or-nothing): its key is checked like
  // any other, and it is stored without a value. A suppressed numerator or denominator beside a value is absent.
  const suppressed = kind === "values" && isSuppressed(raw.value);
  if (
    suppressed ||
    raw.numerator === "" ||
    raw.denominator === "" ||
    isSuppressed(raw.numerator) ||
    isSuppressed(raw.denominator)
  )
    raw = {
      ...raw,
      value: suppressed ? "0" : raw.value,
      numerator: suppressed || isSuppressed(raw.numerator) ? undefined : raw.numerator || undefined,
      denominator: suppressed || isSuppressed(raw.denominator) ? undefined : raw.denominator || undefined,
    };
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success) return { kind: "field", message: fieldProblem(raw, parsed.error.issues[0]!) };
  const row = parsed.data;
  if (scale !== 1) row.value *= scale;
  let organisation = row.organisation.toUpperCase();
  let org = lookups.organisations.get(organisation);
  // Values for England or an area team are totals of CCGs, not a CCG's own: set aside, as the published readers do.
  // Plans are made per CCG, so a plan row for an area team stays a mistake to fix (rejected below).
  if (kind === "values") {
    if (organisation === "X24") return { setAside: SET_ASIDE_REASONS.england };
    if (org?.kind === "AREA_TEAM" || organisation === "Q71") return { setAside: SET_ASIDE_REASONS.areaTeam };
  }
  // An old code with a successor is placed once its period is known.
  const replaced = lookups.successors.has(organisation);
  if (!replaced) {
    const problem = organisationProblem(organisation, org, lookups, kind);
    if (problem) return problem;
  }
  const indicator = lookups.indicators.get(row.indicator.toLowerCase());
  if (!indicator) return { kind: "indicator", message: `indicator "${row.indicator}" is not one we know` };
  if (indicator.ownerCode !== null && indicator.ownerCode !== organisation) {
    return {
      kind: "indicator",
      message: `indicator ${indicator.code} is ${indicator.ownerCode}'s own local indicator, not ${organisation}'s`,
    };
  }
  const period = lookups.period(row.period, indicator.period);
  if (!period.ok) return { kind: "period", message: period.reason };
  let via: string | undefined;
  if (replaced) {
    const mapped = lookups.successors.resolve(
      organisation,
      period.start,
      (code) => lookups.organisations.get(code)?.kind === "CCG",
    );
    if (mapped) {
      org = lookups.organisations.get(mapped.code);
      if (org?.kind !== "CCG")
        return {
          kind: "organisation",
          message: `organisation "${organisation}" is ${mapped.code}'s from then (${mapped.via}), and ${mapped.code} is not a CCG we know`,
        };
      [organisation, via] = [mapped.code, mapped.via];
    } else {
      const problem = organisationProblem(organisation, org, lookups, kind);
      if (problem) return problem;
    }
  }
  const from = via ? { from: row.organisation.toUpperCase() } : {};
  if (suppressed) {
    if (via) lookups.successors.count(via);
    return {
      l: raw.line,
      o: organisation,
      i: indicator.code,
      p: period.start,
      v: null,
      n: null,
      d: null,
      s: true,
      ...from,
    };
  }
  const range = rangeProblem(row, indicator.unit) ?? countsProblem(row, indicator.unit);
  if (range)
    return {
      kind: "range",
      message: range,
      ...(via && {
        part: { o: organisation, i: indicator.code, p: period.start, from: row.organisation.toUpperCase() },
      }),
    };
  if (via) lookups.successors.count(via);
  return {
    l: raw.line,
    o: organisation,
    i: indicator.code,
    p: period.start,
    v: row.value,
    n: row.numerator ?? null,
    d: row.denominator ?? null,
    s: false,
    ...from,
  };
}

/** Why a code that stands for itself can't take figures: not an organisation here, or an area team. */
function organisationProblem(
  code: string,
  org: { kind: "CCG" | "AREA_TEAM" } | undefined,
  lookups: Lookups,
  kind: ImportKind,
): Omit<Rejection, "line"> | undefined {
  if (!org) {
    const before = lookups.successors.predecessorsOf(code);
    return {
      kind: "organisation",
      message:
        `organisation "${code}" is not a CCG we know` +
        (before.length
          ? ` (the successor of ${before.join(", ")}: a merged CCG's figures can't be divided among the CCGs it replaced)`
          : ""),
    };
  }
  if (org.kind !== "CCG") return { kind: "organisation", message: `${code} is an area team; ${kind} are per CCG` };
  return undefined;
}

/**
 * A percentage is checked against its own counts, as an analyst would: published to one decimal place, it is within
 * 0.06 of numerator ÷ denominator × 100. A value equal to the bare ratio is a fraction, and the fix is named.
 */
function countsProblem(row: CheckedFields, unit: string): string | undefined {
  const { value, numerator: n, denominator: d } = row;
  if (unit !== "%" || n === undefined || d === undefined || d <= 0) return undefined;
  const percent = (n / d) * 100;
  if (Math.abs(value - percent) <= 0.06) return undefined;
  const shown = (x: number) => x.toFixed(1);
  if (Math.abs(value - n / d) <= 0.0006) {
    return `value ${value} is a fraction: ${n} of ${d} is ${shown(percent)}%. Give percentages (0 to 100), or run again with --scale 100`;
  }
  return `value ${value} does not match its counts: ${n} of ${d} is ${shown(percent)}%`;
}

/** The zod issue as the person fixing the file should read it, naming what was there. */
function fieldProblem(raw: RawRow, issue: z.core.$ZodIssue): string {
  const field = issue.path[0] as keyof RawRow | undefined;
  const text = field === undefined ? undefined : raw[field];
  if (
    typeof text === "string" &&
    text !== "" &&
    (field === "value" || field === "numerator" || field === "denominator")
  ) {
    return isSuppressed(text) ? `${field} "${text}" is suppressed or missing` : `${field} "${text}" is not a number`;
  }
  return issue.message;
}

function rangeProblem(row: CheckedFields, unit: string): string | undefined {
  for (const field of ["value", "numerator", "denominator"] as const) {
    if (row[field] !== undefined && !Number.isFinite(row[field])) return `${field} is too large to be a figure`;
  }
  if (unit === "%" && (row.value < 0 || row.value > 100)) return `value ${row.value} is not a percentage (0 to 100)`;
  if ((unit === "count" || unit.startsWith("per ")) && row.value < 0) return `value ${row.value} is negative (${unit})`;
  const { numerator: n, denominator: d } = row;
  if (n !== undefined && n < 0) return `numerator ${n} is negative`;
  if (d !== undefined && d <= 0) return `denominator ${d} is not positive`;
  if (unit === "%" && n !== undefined && d !== undefined && n > d) {
    return `numerator ${n} is larger than denominator ${d}`;
  }
  return undefined;
}
