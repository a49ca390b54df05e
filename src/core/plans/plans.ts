// A CCG's plan in the dialogue: its versions (what each submission held), what moved between two of them, where an
// area team's round stands (round.ts), and "discussed", which takes both parties. There is no approval and no rejection: the
// area team cannot sign a plan off or refuse it, so no method here can.
import type { Party, PlanVersion, PrismaClient } from "../db";
import { badInput, conflict, notFound } from "../errors";
import { formatValue } from "../indicators/format";
import type { Actor } from "../people/actor";
import { requireParty, requirePlanSubmitter } from "../people/permissions";
import { loadLookups } from "../../sources/import/row-check";
import { readSubmission } from "./submission";
import { periodsOf, planningYear, templatePeriod, type PlanTemplate, type TemplateRow } from "./template";
import { planRound, shortOf, type RoundView } from "./round";
import { recordPlanVersions } from "./versions";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { formatPeriod } from "../time";

export interface PlanLineView {
  indicatorCode: string;
  indicatorName: string;
  periodStart: Date;
  /** "Q3 2014/15", "Dec 2014" */
  period: string;
  value: number;
  shown: string;
  /** below (or, lower being better, above) the national standard */
  shortOfStandard: boolean;
}

export interface PlanView {
  ccg: OrganisationSummary;
  version: PlanVersion;
  /** the newest version number (so a reply can say "version 1 of 3") */
  latest: number;
  lines: PlanLineView[];
  /** indicators of the national ask with a standard and no line in this version */
  missing: string[];
  /** who submitted it and for which side ("Jo Smith (02N)"), when a person did (not an operator's import) */
  submittedBy: string | null;
}

export interface PlanChange {
  indicatorCode: string;
  period: string;
  before: string | null;
  after: string | null;
}

type IndicatorInfo = {
  code: string;
  name: string;
  unit: string;
  standard: number | null;
  direction: string;
  period: "MONTH" | "QUARTER" | "YEAR";
  ownerCode: string | null;
};

/** A file someone attached to submit a plan: its name, and its bytes, fetched only once the submitter may submit. */
export interface SubmittedFile {
  name: string;
  read(): Promise<Uint8Array>;
}

export type SubmitResult =
  | { ok: false; ccg: OrganisationSummary; fileName: string; problems: string[]; count: number }
  | { ok: true; ccg: OrganisationSummary; version: number | null; latest: number; lines: number; cleared: number };

export class PlanService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** A version of a CCG's plan (the newest unless a number is given), line by line. */
  async view(ccgText: string, number?: number): Promise<PlanView> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const latest = await this.latestNumber(ccg.code);
    if (latest === 0)
      throw notFound(
        `${ccg.code} has no plan yet.`,
        `A CCG submits its plan from chat: \`plan template ${ccg.code}\`, fill it in, then attach it to \`plan submit ${ccg.code}\`.`,
      );
    const wanted = number ?? latest;
    const version = await this.prisma.planVersion.findUnique({
      where: { organisationCode_number: { organisationCode: ccg.code, number: wanted } },
      include: { lines: { orderBy: [{ indicatorCode: "asc" }, { periodStart: "asc" }] } },
    });
    if (!version) throw notFound(`${ccg.code} has no plan version ${wanted}: its versions are 1 to ${latest}.`);
    const indicators = await this.indicatorsOf(ccg.code);
    const lines = version.lines.flatMap((l) => {
      const i = indicators.get(l.indicatorCode);
      return i ? [lineView(i, l.periodStart, l.value)] : [];
    });
    const planned = new Set(lines.map((l) => l.indicatorCode));
    const missing = [...indicators.values()]
      .filter((i) => i.ownerCode === null && i.standard !== null && !planned.has(i.code))
      .map((i) => i.code);
    const { lines: _lines, ...meta } = version;
    const by = version.submittedById
      ? await this.prisma.person.findUnique({ where: { id: version.submittedById }, select: { displayName: true } })
      : null;
    const side = version.submittedByParty === "AREA_TEAM" ? ccg.areaTeamCode : ccg.code;
    const submittedBy = by ? `${by.displayName} (${side})` : null;
    return { ccg, version: meta as PlanVersion, latest, lines, missing, submittedBy };
  }

  /** What moved between two versions (by default the newest and the one before): each line added, removed or changed. */
  async changes(
    ccgText: string,
    from?: number,
    to?: number,
  ): Promise<{ ccg: OrganisationSummary; from: number; to: number; changes: PlanChange[] }> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const latest = await this.latestNumber(ccg.code);
    const b = to ?? latest;
    const a = from ?? b - 1;
    if (latest < 2 && from === undefined)
      throw notFound(`${ccg.code} has ${latest === 0 ? "no plan" : "one plan version"} so far: nothing to compare.`);
    if (a < 1 || b > latest || a >= b)
      throw badInput(
        `Compare two versions of ${ccg.code}'s plan between 1 and ${latest}, the earlier first: \`plan ${ccg.code} changes 1 2\`.`,
      );
    const [before, after, indicators] = await Promise.all([
      this.linesOf(ccg.code, a),
      this.linesOf(ccg.code, b),
      this.indicatorsOf(ccg.code),
    ]);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    const changes: PlanChange[] = [];
    for (const key of keys) {
      const x = before.get(key);
      const y = after.get(key);
      if (x?.value === y?.value) continue;
      const line = (x ?? y)!;
      const i = indicators.get(line.indicatorCode);
      const unit = i?.unit ?? "";
      changes.push({
        indicatorCode: line.indicatorCode,
        period: formatPeriod(line.periodStart, i?.period ?? "MONTH"),
        before: x ? formatValue(x.value, unit) : null,
        after: y ? formatValue(y.value, unit) : null,
      });
    }
    return { ccg, from: a, to: b, changes };
  }

  /** Where an area team's round stands: each of its CCGs, submitted or not, and what its plan leaves open. */
  round(areaTeamText: string, now: Date): Promise<RoundView> {
    return planRound(this.prisma, this.organisations, areaTeamText, now);
  }

  /**
   * One party says a version was discussed. It is "discussed" once both have; one person never counts for both
   * sides, and nobody can approve or reject it.
   */
  async markDiscussed(
    actor: Actor,
    ccgText: string,
    number: number | undefined,
    now: Date,
  ): Promise<{ ccg: OrganisationSummary; version: PlanVersion; party: Party; both: boolean }> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const party = requireParty(
      actor,
      { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode! },
      `mark ${ccg.code}'s plan discussed`,
    );
    const latest = await this.latestNumber(ccg.code);
    if (latest === 0) throw notFound(`${ccg.code} has no plan yet.`);
    const wanted = number ?? latest;
    const version = await this.prisma.planVersion.findUnique({
      where: { organisationCode_number: { organisationCode: ccg.code, number: wanted } },
    });
    if (!version) throw notFound(`${ccg.code} has no plan version ${wanted}: its versions are 1 to ${latest}.`);
    const mine = party === "CCG" ? version.ccgDiscussedById : version.areaTeamDiscussedById;
    const theirs = party === "CCG" ? version.areaTeamDiscussedById : version.ccgDiscussedById;
    if (mine)
      throw conflict(
        `${ccg.code}'s plan version ${wanted} is already marked discussed by ${party === "CCG" ? "the CCG" : "the area team"}.`,
      );
    if (theirs === actor.personId)
      throw conflict("You already marked it discussed for the other side: someone of each party has to say so.");
    const data =
      party === "CCG"
        ? { ccgDiscussedById: actor.personId, ccgDiscussedAt: now }
        : { areaTeamDiscussedById: actor.personId, areaTeamDiscussedAt: now };
    // Only if nobody of this side marked it in between (two people at once).
    const where = party === "CCG" ? { ccgDiscussedById: null } : { areaTeamDiscussedById: null };
    const { count } = await this.prisma.planVersion.updateMany({ where: { id: version.id, ...where }, data });
    if (count === 0)
      throw conflict(`Someone of your side marked ${ccg.code}'s plan version ${wanted} discussed a moment ago.`);
    const updated = await this.prisma.planVersion.findUniqueOrThrow({ where: { id: version.id } });
    return {
      ccg,
      version: updated,
      party,
      both: updated.ccgDiscussedAt !== null && updated.areaTeamDiscussedAt !== null,
    };
  }

  /**
   * The planning template of a CCG for a planning year (by default the one starting next April): each indicator of
   * the national ask and of its local priorities, by period, with its current plan where it has submitted one.
   */
  async template(ccgText: string, now: Date, yearText?: string): Promise<PlanTemplate> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const year = planningYear(now, yearText);
    if (typeof year !== "number") throw badInput(year.problem, "For example `plan template 02N 2014/15`.");
    const [indicators, current] = await Promise.all([
      this.prisma.indicator.findMany({
        where: {
          OR: [
            { ownerCode: null, standard: { not: null } },
            { ownerCode: ccg.code },
            { localPriorities: { some: { organisationCode: ccg.code } } },
          ],
        },
        orderBy: [{ ownerCode: { sort: "asc", nulls: "first" } }, { code: "asc" }],
      }),
      this.prisma.planTrajectory.findMany({
        where: {
          organisationCode: ccg.code,
          isDemo: false,
          periodStart: { gte: new Date(Date.UTC(year, 3, 1)), lt: new Date(Date.UTC(year + 1, 3, 1)) },
        },
      }),
    ]);
    const planned = new Map(current.map((t) => [`${t.indicatorCode}|${t.periodStart.toISOString()}`, t.value]));
    const rows: TemplateRow[] = indicators.flatMap((i) =>
      periodsOf(year, i.period).map((start) => ({
        indicator: i.code,
        name: i.name,
        unit: i.unit,
        standard: i.standard,
        period: templatePeriod(start, i.period),
        periodStart: start,
        plan: planned.get(`${i.code}|${start.toISOString()}`) ?? null,
      })),
    );
    return { ccg: { code: ccg.code, name: ccg.name }, year, rows };
  }

  /**
   * A CCG submits its planning template. Only the CCG's own people can; every row is checked as the import checks
   * a plan, and a file with any problem stores nothing. An accepted file replaces the CCG's plan for the rows it
   * holds (a blank plan cell removes that period's line) and, when anything moved, makes a new version recording
   * who, which side, when and the note, all in one transaction.
   */
  async submit(
    actor: Actor,
    ccgText: string,
    file: SubmittedFile,
    meta: { note?: string; source: string },
    now: Date,
  ): Promise<SubmitResult> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    requirePlanSubmitter(actor, ccg);
    const read = readSubmission(file.name, await file.read(), ccg.code, await loadLookups(this.prisma));
    if (!read.ok) return { ok: false, ccg, fileName: file.name, problems: read.problems, count: read.count };
    const filled = read.lines.filter((l) => l.value !== null);
    const keyOf = (l: { indicatorCode: string; periodStart: string }) => ({
      indicatorCode: l.indicatorCode,
      periodStart: new Date(l.periodStart),
    });
    const blanks = read.lines.filter((l) => l.value === null).map(keyOf);
    const indicators = [...new Set(read.lines.map((l) => l.indicatorCode))];
    const made = await this.prisma.$transaction(async (tx) => {
      const cleared = blanks.length
        ? await tx.planTrajectory.deleteMany({ where: { organisationCode: ccg.code, OR: blanks } })
        : { count: 0 };
      await tx.planTrajectory.deleteMany({ where: { organisationCode: ccg.code, OR: filled.map(keyOf) } });
      // Real plans replace the demo figures of the same indicators, as an import does.
      await tx.planTrajectory.deleteMany({
        where: { organisationCode: ccg.code, isDemo: true, indicatorCode: { in: indicators } },
      });
      await tx.planTrajectory.createMany({
        data: filled.map((l) => ({
          organisationCode: ccg.code,
          indicatorCode: l.indicatorCode,
          periodStart: new Date(l.periodStart),
          value: l.value!,
          source: meta.source,
          importedAt: now,
        })),
      });
      const versions = await recordPlanVersions((sql, ...params) => tx.$queryRawUnsafe(sql, ...params), [ccg.code], {
        source: meta.source,
        submittedById: actor.personId,
        submittedByParty: "CCG",
        note: meta.note ?? null,
        now,
      });
      return { version: versions[0]?.number ?? null, cleared: cleared.count };
    });
    const latest = made.version ?? (await this.latestNumber(ccg.code));
    return { ok: true, ccg, version: made.version, latest, lines: filled.length, cleared: made.cleared };
  }

  private async latestNumber(ccg: string): Promise<number> {
    const v = await this.prisma.planVersion.aggregate({ where: { organisationCode: ccg }, _max: { number: true } });
    return v._max.number ?? 0;
  }

  private async linesOf(ccg: string, number: number) {
    const lines = await this.prisma.planLine.findMany({
      where: { version: { organisationCode: ccg, number } },
    });
    return new Map(lines.map((l) => [`${l.indicatorCode}|${l.periodStart.toISOString()}`, l]));
  }

  private async indicatorsOf(ccg: string): Promise<Map<string, IndicatorInfo>> {
    const indicators = await this.prisma.indicator.findMany({
      where: { OR: [{ ownerCode: null }, { ownerCode: ccg }] },
      select: { code: true, name: true, unit: true, standard: true, direction: true, period: true, ownerCode: true },
    });
    return new Map(indicators.map((i) => [i.code, i]));
  }
}

function lineView(i: IndicatorInfo, periodStart: Date, value: number): PlanLineView {
  return {
    indicatorCode: i.code,
    indicatorName: i.name,
    periodStart,
    period: formatPeriod(periodStart, i.period),
    value,
    shown: formatValue(value, i.unit) ?? "",
    shortOfStandard: shortOf(i, value),
  };
}
