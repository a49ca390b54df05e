// Reference data from prisma/reference (sources in its SOURCES.md): the 27 area teams and 211 CCGs of
// April 2013, the NHS Constitution standards, a few CCG outcome and Quality Premium measures, three Mandate measures
// (IAPT access and recovery, dementia diagnosis: mandate-indicators.ts), and the national
// planning dates that have an exact, sourced day. Every row is checked with zod. Safe to run again.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { z } from "zod";
import type { PrismaClient } from "../generated/client";
import type { Direction, Framework, PeriodKind } from "../generated/enums";
import { mandateIndicators } from "./mandate-indicators";

export const REFERENCE_DIR = fileURLToPath(new URL("../../../prisma/reference/", import.meta.url));

const readText = (file: string) => readFileSync(REFERENCE_DIR + file, "utf8");
const readJson = (file: string): unknown => JSON.parse(readText(file));
const readCsv = (file: string) =>
  parse(readText(file), { columns: true, skip_empty_lines: true, bom: true, trim: true }) as unknown[];

/** Parses every row, naming the file and line of the first bad one. */
function parseRows<T>(file: string, rows: unknown[], row: z.ZodType<T>): T[] {
  return rows.map((r, i) => {
    const parsed = row.safeParse(r);
    if (!parsed.success) throw new Error(`${file} row ${i + 2}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/**
 * There is no national amber band (SOURCES.md), so these are ours, in the indicator's unit: how far a value may
 * miss the standard and still be amber. Counts whose standard is zero get none: any case at all is red.
 */
export const DEFAULT_AMBER_TOLERANCE = {
  /** percentage points below a higher-is-better standard, e.g. 93% against 95% */
  percentHigherIsBetter: 2,
  /** percentage points above a lower-is-better standard, e.g. 1.5% against 1% */
  percentLowerIsBetter: 0.5,
} as const;

/** Days after a period ends until its figures are normally published (monthly and quarterly NHS statistics). */
export const PUBLICATION_LAG_DAYS: Record<PeriodKind, number> = {
  MONTH: 45,
  QUARTER: 75,
  // annual outcome figures come out most of a year after the year ends
  YEAR: 300,
};

/** When a national deadline falls due on its day, London time. */
export const DEADLINE_HOUR_LONDON = 17;

// ---- Organisations -------------------------------------------------------------------------------------------

const code = (pattern: RegExp, what: string) => z.string().regex(pattern, `expected ${what}`);
const count = z.coerce.number().int().nonnegative();

const areaTeamRow = z.object({
  area_team_code: code(/^Q\d{2}$/, "an area team ODS code such as Q51"),
  area_team_display_name: z.string().min(1),
  // London's three area teams have none: ONS publishes London as one area (E39000018)
  ons_code: z.union([code(/^E39\d{6}$/, "an ONS area team code E39…"), z.literal("").transform(() => null)]),
  region_name: z.string().min(1),
  ccg_count: count,
  registered_patients_2013q2: count,
});

const ccgRow = z.object({
  ccg_code: code(/^[0-9]{2}[A-Z0-9]$/, "a CCG ODS code such as 02N"),
  ccg_ons_code: code(/^E38\d{6}$/, "an ONS CCG code E38…"),
  ccg_name: z.string().min(1),
  area_team_code: code(/^Q\d{2}$/, "an area team ODS code such as Q51"),
  region_name: z.string().min(1),
  registered_patients_2013q2: count,
});

export interface ReferenceOrganisation {
  code: string;
  kind: "CCG" | "AREA_TEAM";
  name: string;
  onsCode: string | null;
  areaTeamCode: string | null;
  region: string;
  patients: number;
}

/** Area teams first (CCGs refer to them), named as people say them: "Durham, Darlington and Tees Area Team". */
export function referenceOrganisations(): ReferenceOrganisation[] {
  const areaTeams = parseRows("area-teams-2013.csv", readCsv("area-teams-2013.csv"), areaTeamRow);
  const ccgs = parseRows("ccgs-2013.csv", readCsv("ccgs-2013.csv"), ccgRow);
  // The two files must agree: every CCG's area team exists, with as many CCGs as it says.
  for (const at of areaTeams) {
    const n = ccgs.filter((c) => c.area_team_code === at.area_team_code).length;
    if (n !== at.ccg_count)
      throw new Error(`area-teams-2013.csv: ${at.area_team_code} has ${at.ccg_count} CCGs, ccgs-2013.csv ${n}`);
  }
  const known = new Set(areaTeams.map((at) => at.area_team_code));
  const orphan = ccgs.find((c) => !known.has(c.area_team_code));
  if (orphan) throw new Error(`ccgs-2013.csv: ${orphan.ccg_code} names unknown area team ${orphan.area_team_code}`);
  return [
    ...areaTeams.map((at) => ({
      code: at.area_team_code,
      kind: "AREA_TEAM" as const,
      name: `${at.area_team_display_name} Area Team`,
      onsCode: at.ons_code,
      areaTeamCode: null,
      region: at.region_name,
      patients: at.registered_patients_2013q2,
    })),
    ...ccgs.map((c) => ({
      code: c.ccg_code,
      kind: "CCG" as const,
      name: `${c.ccg_name} CCG`,
      onsCode: c.ccg_ons_code,
      areaTeamCode: c.area_team_code,
      region: c.region_name,
      patients: c.registered_patients_2013q2,
    })),
  ];
}

// ---- Indicators ----------------------------------------------------------------------------------------------

export interface ReferenceIndicator {
  code: string;
  name: string;
  framework: Framework;
  unit: string;
  direction: Direction;
  standard: number | null;
  amberTolerance: number | null;
  period: PeriodKind;
  publicationLagDays: number;
  source: string;
}

const constitutionFile = z.object({
  sources: z.record(z.string(), z.object({ url: z.url() })),
  standards: z.array(
    z.object({
      code: z.string().regex(/^[a-z0-9_]+$/),
      name: z.string().min(1),
      threshold: z.number().nullable(),
      unit: z.enum(["percent", "count"]),
      direction: z.enum(["higher_is_better", "lower_is_better"]),
      reporting_frequency: z.enum(["monthly", "quarterly"]),
      verification: z.object({ status: z.string().min(1), sources: z.array(z.string()).default([]) }),
      source: z.array(z.url()).default([]),
    }),
  ),
});

const UNITS = { percent: "%", count: "count" } as const;

/** The NHS Constitution standards, with our default amber band (DEFAULT_AMBER_TOLERANCE). */
export function constitutionIndicators(): ReferenceIndicator[] {
  const file = constitutionFile.parse(readJson("nhs-constitution-standards-2013-14.json"));
  return file.standards.map((s) => {
    const period: PeriodKind = s.reporting_frequency === "monthly" ? "MONTH" : "QUARTER";
    const higher = s.direction === "higher_is_better";
    const url = s.source[0] ?? s.verification.sources.map((key) => file.sources[key]?.url).find(Boolean);
    return {
      code: s.code,
      name: s.name,
      framework: "NHS_CONSTITUTION",
      unit: UNITS[s.unit],
      direction: higher ? "HIGHER_IS_BETTER" : "LOWER_IS_BETTER",
      standard: s.threshold,
      amberTolerance:
        s.unit === "percent" && s.threshold !== null
          ? higher
            ? DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter
            : DEFAULT_AMBER_TOLERANCE.percentLowerIsBetter
          : null,
      period,
      publicationLagDays: PUBLICATION_LAG_DAYS[period],
      source: `${url ?? "no source found"} (verification: ${s.verification.status})`,
    };
  });
}

const outcomesFile = z.object({
  ccg_outcomes_indicator_set_2013_14: z.object({
    example_indicator_codes: z.record(z.string(), z.string().min(1)),
    sources: z.array(z.string()).min(1),
  }),
  quality_premium_2013_14: z.object({
    basis: z.string(),
    national_measures: z.array(z.object({ measure: z.string(), weight_pct: z.number(), rule: z.string() })),
    sources: z.array(z.url()).min(1),
  }),
});

/**
 * CCG Outcomes Indicator Set measures that the 2013/14 Quality Premium is built on (amenable mortality and
 * avoidable emergency admissions). The set has no national thresholds, so no standard; all are rates per 100,000
 * population where lower is better, published yearly. The Quality Premium rules themselves are year-on-year
 * changes from the draft guidance, so they are quoted in the source rather than shipped as a standard.
 */
const OUTCOME_CODES = { "1.1": "ois_1_1", "2.6": "ois_2_6", "2.7": "ois_2_7", "3.1": "ois_3_1" } as const;
/** Which Quality Premium measure (by its opening words) each outcome indicator feeds. */
const QUALITY_PREMIUM_FOR: Record<keyof typeof OUTCOME_CODES, string> = {
  "1.1": "Reducing potential years of life lost",
  "2.6": "Reducing avoidable emergency admissions",
  "2.7": "Reducing avoidable emergency admissions",
  "3.1": "Reducing avoidable emergency admissions",
};

export function outcomeIndicators(): ReferenceIndicator[] {
  const file = outcomesFile.parse(readJson("outcomes-and-quality-premium.json"));
  const ois = file.ccg_outcomes_indicator_set_2013_14;
  const qp = file.quality_premium_2013_14;
  const oisSource = ois.sources.find((s) => /^https?:\/\//.test(s)) ?? ois.sources[0]!;
  return (Object.keys(OUTCOME_CODES) as (keyof typeof OUTCOME_CODES)[]).map((number) => {
    const name = ois.example_indicator_codes[number];
    if (!name) throw new Error(`outcomes-and-quality-premium.json: no CCG OIS indicator ${number}`);
    const measure = qp.national_measures.find((m) => m.measure.startsWith(QUALITY_PREMIUM_FOR[number]));
    if (!measure) throw new Error(`outcomes-and-quality-premium.json: no Quality Premium measure for ${number}`);
    return {
      code: OUTCOME_CODES[number],
      name: `${name} (CCG OIS ${number})`,
      framework: "CCG_OUTCOMES",
      unit: "per 100,000",
      direction: "LOWER_IS_BETTER",
      standard: null,
      amberTolerance: null,
      period: "YEAR",
      publicationLagDays: PUBLICATION_LAG_DAYS.YEAR,
      source:
        `${oisSource} (no national threshold; code and name as in later HSCIC releases). ` +
        `Quality Premium 2013/14, ${measure.weight_pct}%: ${measure.rule} (${qp.sources[0]}; draft, not re-checked)`,
    };
  });
}

// ---- National deadlines --------------------------------------------------------------------------------------

export interface NationalDeadline {
  title: string;
  /** DEADLINE_HOUR_LONDON on the day, London time, as a UTC instant */
  dueAt: Date;
  link: string | null;
  source: string;
}

const EXACT_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Timetable statuses whose day we trust nationally; "conflicting" or "local_evidence_only" days are left out. */
const TRUSTED_STATUS = new Set(["verified", "verified_single_source"]);

const timetableFile = z.object({
  events: z.array(
    z.object({ date: z.string(), event: z.string().min(1), status: z.string(), source: z.string().optional() }),
  ),
});
const milestonesFile = z.object({
  deadlines: z.array(
    z.object({ title: z.string().min(1), due: z.string(), scope: z.literal("national"), source: z.string() }),
  ),
});

/** Short enough to read in a list: the first clause, at most 120 characters. */
export function shortTitle(text: string): string {
  let first = text.split(";")[0]!.trim();
  // a clause cut inside brackets ("Guidance (final") loses the open bracket
  if ((first.match(/\(/g) ?? []).length > (first.match(/\)/g) ?? []).length)
    first = first.slice(0, first.lastIndexOf("(")).trim();
  // a long title loses its closing aside before any words
  if (first.length > 120) first = first.replace(/\s*\([^()]*\)$/, "");
  return first.length <= 120 ? first : `${first.slice(0, 119).replace(/\s+\S*$/, "")}…`;
}

const firstUrl = (text: string | undefined) => text?.match(/https?:\/\/[^\s;]+/)?.[0] ?? null;

function dueOn(day: string): Date {
  const at = DateTime.fromISO(day, { zone: "Europe/London" }).set({ hour: DEADLINE_HOUR_LONDON });
  if (!at.isValid) throw new Error(`not a calendar day: ${day}`);
  return at.toUTC().toJSDate();
}

/**
 * National dates with an exact day only (SOURCES.md: do not ship guessed dates). A timetable event needs a
 * YYYY-MM-DD date and a trusted status, so month-only ("2012-12"), conflicting ("2012-12-17/18") and one-CCG
 * ("local_evidence_only") dates stay out. The milestones file gives every date as a day, read from its report's
 * words ("from April 2013" as 1 April, "no later than December 2011" as 31 December).
 */
export function nationalDeadlines(): NationalDeadline[] {
  const timetableName = "planning-timetable-2013-14.json";
  const milestonesName = "planning-milestones-2012-13.json";
  const fromTimetable = timetableFile
    .parse(readJson(timetableName))
    .events.filter((e) => EXACT_DAY.test(e.date) && TRUSTED_STATUS.has(e.status))
    .map((e) => ({
      title: shortTitle(e.event),
      dueAt: dueOn(e.date),
      link: firstUrl(e.source),
      source: `reference:${timetableName}`,
    }));
  const fromMilestones = milestonesFile
    .parse(readJson(milestonesName))
    .deadlines.filter((d) => EXACT_DAY.test(d.due))
    .map((d) => ({
      title: shortTitle(d.title),
      dueAt: dueOn(d.due),
      link: firstUrl(d.source),
      source: `reference:${milestonesName}`,
    }));
  return [...fromMilestones, ...fromTimetable].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

// ---- Seeding -------------------------------------------------------------------------------------------------

export interface ReferenceCounts {
  areaTeams: number;
  ccgs: number;
  indicators: number;
  deadlines: number;
}

export type ReferenceData = ReturnType<typeof referenceData>;

/** Everything the reference seed writes, read and checked from prisma/reference. */
export function referenceData() {
  return {
    organisations: referenceOrganisations(),
    indicators: [
      ...constitutionIndicators(),
      ...outcomeIndicators(),
      ...mandateIndicators(PUBLICATION_LAG_DAYS, DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter),
    ],
    deadlines: nationalDeadlines(),
  };
}

export function referenceCounts(data: ReferenceData): ReferenceCounts {
  return {
    areaTeams: data.organisations.filter((o) => o.kind === "AREA_TEAM").length,
    ccgs: data.organisations.filter((o) => o.kind === "CCG").length,
    indicators: data.indicators.length,
    deadlines: data.deadlines.length,
  };
}

/**
 * Upserts the reference data. `now` stamps new deadlines' createdAt: reminders are never planned for before a
 * deadline was known. National deadlines this seed added earlier that are no longer in the files are removed.
 * Rows not there yet go in with one statement a table (a first start's whole load; one upsert a row took a
 * second on the embedded database); rows already there are updated one by one, as before.
 */
export async function seedReference(
  prisma: PrismaClient,
  /** `data`: the reference rows when the caller has read them already (a first start hashes them: snapshot.ts) */
  options: { now?: Date; data?: ReferenceData } = {},
): Promise<ReferenceCounts> {
  const data = options.data ?? referenceData();
  const { organisations, indicators, deadlines } = data;

  // Area teams come first in the list, and a CCG's area team is checked at the end of the statement.
  await insertNewUpdateRest(
    await prisma.organisation.findMany({ select: { code: true } }),
    organisations,
    (rows) => prisma.organisation.createMany({ data: rows }),
    (code, row) => prisma.organisation.update({ where: { code }, data: row }),
  );
  await insertNewUpdateRest(
    await prisma.indicator.findMany({ select: { code: true } }),
    indicators,
    (rows) => prisma.indicator.createMany({ data: rows }),
    (code, row) => prisma.indicator.update({ where: { code }, data: row }),
  );

  const national = await prisma.deadline.findMany({
    where: { scope: "NATIONAL", organisationCode: null },
    select: { id: true, title: true, dueAt: true, source: true },
    orderBy: { id: "asc" },
  });
  const key = (d: { title: string; dueAt: Date }) => `${d.title}@${d.dueAt.toISOString()}`;
  const wanted = new Set(deadlines.map(key));
  const gone = national.filter((d) => d.source.startsWith("reference:") && !wanted.has(key(d))).map((d) => d.id);
  if (gone.length) await prisma.deadline.deleteMany({ where: { id: { in: gone } } });
  // Prisma can't upsert on a compound unique key with a null column (organisationCode): match by title and day.
  const existing = new Map<string, number>();
  for (const d of national) if (!gone.includes(d.id) && !existing.has(key(d))) existing.set(key(d), d.id);
  const newDeadlines = deadlines.filter((d) => !existing.has(key(d)));
  if (newDeadlines.length)
    await prisma.deadline.createMany({
      data: newDeadlines.map((d) => ({ scope: "NATIONAL" as const, ...d, createdAt: options.now ?? new Date() })),
    });
  for (const d of deadlines.filter((d) => existing.has(key(d)))) {
    await prisma.deadline.update({ where: { id: existing.get(key(d))! }, data: { link: d.link, source: d.source } });
  }

  return referenceCounts(data);
}

/** Rows whose code is not there yet in one statement; the others updated one by one, by their code. */
async function insertNewUpdateRest<R extends { code: string }>(
  there: { code: string }[],
  rows: R[],
  insertMany: (rows: R[]) => Promise<unknown>,
  update: (code: string, row: Omit<R, "code">) => Promise<unknown>,
): Promise<void> {
  const codes = new Set(there.map((r) => r.code));
  const fresh = rows.filter((r) => !codes.has(r.code));
  if (fresh.length) await insertMany(fresh);
  for (const { code, ...row } of rows.filter((r) => codes.has(r.code))) await update(code, row);
}

/** The code that writes the reference rows, for the snapshot's hash (src/db/snapshot.ts): a change makes another. */
export const referenceSeedCode = () => [seedReference, insertNewUpdateRest].map(String).join("\n");
