// Where an area team's planning round stands: for each of its CCGs, the newest plan it submitted (demo plans count
// as nothing), whether both parties have discussed it, what it leaves out of the national ask and how many of its
// lines fall short of the standard; and the next plan submission deadline in scope.
import type { PrismaClient } from "../db";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";

export interface RoundRow {
  ccg: OrganisationSummary;
  /** the newest version, or null when the CCG has submitted nothing (demo plans count as nothing) */
  version: { number: number; createdAt: Date; source: string; discussed: boolean } | null;
  missing: number;
  shortOfStandard: number;
}

export interface RoundView {
  areaTeam: OrganisationSummary;
  rows: RoundRow[];
  /** the next plan deadline in scope, if one is set */
  deadline: { title: string; dueAt: Date } | null;
}

const DEMO_SOURCE = "demo";

/**
 * A deadline for submitting plans, by its title ("Operating plans 2014/15: first submission"): `plans` shows it,
 * and its reminders skip the CCGs that have submitted.
 */
export const isPlanSubmissionDeadline = (title: string) => /\bplans?\b/i.test(title) && /submi/i.test(title);

/** Below (or, lower being better, above) the national standard; never without one. */
export function shortOf(i: { standard: number | null; direction: string }, value: number): boolean {
  if (i.standard === null) return false;
  return i.direction === "HIGHER_IS_BETTER" ? value < i.standard : value > i.standard;
}

/** The round of one area team as it stands. */
export async function planRound(
  prisma: PrismaClient,
  organisations: OrganisationDirectory,
  areaTeamText: string,
  now: Date,
): Promise<RoundView> {
  const areaTeam = await organisations.resolve(areaTeamText, "AREA_TEAM");
  const ccgs = await organisations.ccgsOf(areaTeam.code);
  const codes = ccgs.map((c) => c.code);
  const [versions, indicators, deadlines] = await Promise.all([
    prisma.planVersion.findMany({
      where: { organisationCode: { in: codes }, source: { not: DEMO_SOURCE } },
      orderBy: { number: "desc" },
      include: { lines: true },
    }),
    prisma.indicator.findMany({ where: { ownerCode: null, standard: { not: null } } }),
    prisma.deadline.findMany({
      where: {
        dueAt: { gte: now },
        title: { contains: "plan", mode: "insensitive" },
        OR: [
          { scope: "NATIONAL" },
          { scope: "AREA_TEAM", organisationCode: areaTeam.code },
          { scope: "CCG", organisationCode: { in: codes } },
        ],
      },
      orderBy: { dueAt: "asc" },
    }),
  ]);
  const deadline = deadlines.find((d) => isPlanSubmissionDeadline(d.title));
  const newest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) if (!newest.has(v.organisationCode)) newest.set(v.organisationCode, v);
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const rows = ccgs.map((ccg): RoundRow => {
    const v = newest.get(ccg.code);
    if (!v) return { ccg, version: null, missing: indicators.length, shortOfStandard: 0 };
    const planned = new Set(v.lines.map((l) => l.indicatorCode));
    const short = v.lines.filter((l) => {
      const i = byCode.get(l.indicatorCode);
      return i ? shortOf(i, l.value) : false;
    }).length;
    return {
      ccg,
      version: {
        number: v.number,
        createdAt: v.createdAt,
        source: v.source,
        discussed: v.ccgDiscussedAt !== null && v.areaTeamDiscussedAt !== null,
      },
      missing: indicators.filter((i) => !planned.has(i.code)).length,
      shortOfStandard: short,
    };
  });
  return { areaTeam, rows, deadline: deadline ? { title: deadline.title, dueAt: deadline.dueAt } : null };
}
