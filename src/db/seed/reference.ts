// Reference data: the 211 CCGs and 27 area teams of April 2013, the NHS Constitution standards, and the
// national planning dates that have an exact, verified day. Every row is checked with zod. Idempotent.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { z } from "zod";
import type { PrismaClient } from "../generated/client";

const REFERENCE_DIR = fileURLToPath(new URL("../../../prisma/reference/", import.meta.url));
const read = (file: string) => readFileSync(REFERENCE_DIR + file, "utf8");
const csv = (file: string) => parse(read(file), { columns: true, skip_empty_lines: true, bom: true }) as unknown[];

/** There is no national amber band (SOURCES.md): these defaults are ours, in the indicator's unit. */
export const DEFAULT_AMBER_TOLERANCE = {
  /** percentage points below a higher-is-better standard, e.g. 93% against 95% */
  percentHigherIsBetter: 2,
  /** percentage points above a lower-is-better standard, e.g. 1.5% against 1% */
  percentLowerIsBetter: 0.5,
} as const;

/** Days after a period ends until its figures are normally published. */
export const PUBLICATION_LAG_DAYS = { MONTH: 45, QUARTER: 75 } as const;

const areaTeamRow = z.object({
  area_team_code: z.string().regex(/^Q\d{2}$/),
  area_team_display_name: z.string().min(1),
  ons_code: z.string(),
  region_name: z.string(),
  registered_patients_2013q2: z.coerce.number().int(),
});

const ccgRow = z.object({
  ccg_code: z.string().regex(/^[0-9A-Z]{3}$/),
  ccg_ons_code: z.string(),
  ccg_name: z.string().min(1),
  area_team_code: z.string().regex(/^Q\d{2}$/),
  region_name: z.string(),
  registered_patients_2013q2: z.coerce.number().int(),
});

const standard = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  threshold: z.number().nullable(),
  unit: z.enum(["percent", "count"]),
  direction: z.enum(["higher_is_better", "lower_is_better"]),
  reporting_frequency: z.enum(["monthly", "quarterly"]),
  verification: z.object({ status: z.string() }),
  source: z.array(z.string()).default([]),
});

const timetable = z.object({
  events: z.array(
    z.object({ date: z.string(), event: z.string(), status: z.string().optional(), source: z.string().optional() }),
  ),
});
const milestones = z.object({
  deadlines: z.array(
    z.object({ title: z.string(), due: z.string(), scope: z.literal("national"), source: z.string() }),
  ),
});

const EXACT_DAY = /^\d{4}-\d{2}-\d{2}$/;
const TRUSTED = new Set(["verified", "verified_single_source"]);

/** Short enough to read in a list: up to the first clause, at most 120 characters. */
function shortTitle(text: string): string {
  let first = text.split(";")[0]!.trim();
  // a clause cut inside brackets ("Guidance (final") loses the open bracket
  if ((first.match(/\(/g) ?? []).length > (first.match(/\)/g) ?? []).length)
    first = first.slice(0, first.lastIndexOf("(")).trim();
  return first.length <= 120 ? first : `${first.slice(0, 117).replace(/\s+\S*$/, "")}…`;
}

export interface NationalDeadline {
  title: string;
  /** 17:00 London on the day */
  dueAt: Date;
  link: string | null;
  source: string;
}

export function nationalDeadlines(): NationalDeadline[] {
  const at5pm = (date: string) => DateTime.fromISO(date, { zone: "Europe/London" }).set({ hour: 17 }).toJSDate();
  const fromTimetable = timetable
    .parse(JSON.parse(read("planning-timetable-2013-14.json")))
    .events.filter((e) => EXACT_DAY.test(e.date) && TRUSTED.has(e.status ?? ""))
    .map((e) => ({
      title: shortTitle(e.event),
      dueAt: at5pm(e.date),
      link: e.source?.split(" ; ")[0]?.trim() || null,
      source: "reference:planning-timetable-2013-14.json",
    }));
  const fromMilestones = milestones
    .parse(JSON.parse(read("planning-milestones-2012-13.json")))
    .deadlines.filter((d) => EXACT_DAY.test(d.due))
    .map((d) => ({
      title: shortTitle(d.title),
      dueAt: at5pm(d.due),
      link: null,
      source: `reference:planning-milestones-2012-13.json (${d.source})`,
    }));
  return [...fromMilestones, ...fromTimetable].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** `now` stamps new deadlines' createdAt: reminders are never planned for before a deadline was known. */
export async function seedReference(prisma: PrismaClient, options: { now?: Date } = {}) {
  const areaTeams = csv("area-teams-2013.csv").map((r) => areaTeamRow.parse(r));
  for (const at of areaTeams) {
    const data = {
      kind: "AREA_TEAM" as const,
      name: `${at.area_team_display_name} Area Team`,
      onsCode: at.ons_code,
      region: at.region_name,
      patients: at.registered_patients_2013q2,
    };
    await prisma.organisation.upsert({
      where: { code: at.area_team_code },
      create: { code: at.area_team_code, ...data },
      update: data,
    });
  }

  const ccgs = csv("ccgs-2013.csv").map((r) => ccgRow.parse(r));
  for (const c of ccgs) {
    const data = {
      kind: "CCG" as const,
      name: `${c.ccg_name} CCG`,
      onsCode: c.ccg_ons_code,
      areaTeamCode: c.area_team_code,
      region: c.region_name,
      patients: c.registered_patients_2013q2,
    };
    await prisma.organisation.upsert({
      where: { code: c.ccg_code },
      create: { code: c.ccg_code, ...data },
      update: data,
    });
  }

  const standards = z
    .object({ standards: z.array(standard) })
    .parse(JSON.parse(read("nhs-constitution-standards-2013-14.json"))).standards;
  for (const s of standards) {
    const period = s.reporting_frequency === "monthly" ? "MONTH" : "QUARTER";
    const higher = s.direction === "higher_is_better";
    const data = {
      name: s.name,
      framework: "NHS_CONSTITUTION" as const,
      unit: s.unit === "percent" ? "%" : "count",
      direction: higher ? ("HIGHER_IS_BETTER" as const) : ("LOWER_IS_BETTER" as const),
      standard: s.threshold,
      amberTolerance:
        s.unit === "percent"
          ? higher
            ? DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter
            : DEFAULT_AMBER_TOLERANCE.percentLowerIsBetter
          : null,
      period: period as "MONTH" | "QUARTER",
      publicationLagDays: PUBLICATION_LAG_DAYS[period],
      source: `${s.source[0] ?? "NHS Constitution 2013/14"} (verification: ${s.verification.status})`,
    };
    await prisma.indicator.upsert({ where: { code: s.code }, create: { code: s.code, ...data }, update: data });
  }

  const deadlines = nationalDeadlines();
  for (const d of deadlines) {
    // A compound unique key with a null column can't be upserted by Prisma: find, then create.
    const existing = await prisma.deadline.findFirst({
      where: { scope: "NATIONAL", organisationCode: null, title: d.title, dueAt: d.dueAt },
    });
    if (!existing)
      await prisma.deadline.create({ data: { scope: "NATIONAL", ...d, createdAt: options.now ?? new Date() } });
  }
  return { areaTeams: areaTeams.length, ccgs: ccgs.length, indicators: standards.length, deadlines: deadlines.length };
}
