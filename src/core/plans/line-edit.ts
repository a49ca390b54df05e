// One line of a CCG's plan changed from chat (`plan 02N set ae_4hr Apr 94.5 May 95`, or Slack's Edit form): the
// current plan with that indicator's periods of the planning year replaced by the values given, stored as the next
// version. Each value is checked exactly as a submitted template's row is (checkRow, kind "plans"), and one bad value
// stores nothing. Only the CCG's own people may do it, as only they may submit the template (permissions.ts).
import type { PeriodKind, PrismaClient } from "../db";
import { badInput, notFound } from "../errors";
import { formatValue } from "../indicators/format";
import { monthNamed } from "../indicators/period-grammar";
import type { Actor } from "../people/actor";
import { requirePlanSubmitter } from "../people/permissions";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { checkRow, loadLookups } from "../../sources/import/row-check";
import type { PlanChange } from "./plans";
import { periodsOf, planningYear, templatePeriod, yearLabel } from "./template";
import { recordPlanVersions } from "./versions";

/** One period's new value as typed: the period as the template names it ("Apr 2014", "Q1 2014/15", or "Apr" and
 * "Q1" within the planning year), and the value; an empty value plans nothing for that period (as a blank cell). */
export interface LineEntry {
  period: string;
  value: string;
}

export interface LineProblem {
  /** the period as it was typed */
  period: string;
  /** its first day (yyyy-mm-dd), when the period could be read */
  periodStart?: string;
  message: string;
}

export interface LineIndicator {
  code: string;
  name: string;
  unit: string;
  standard: number | null;
  period: PeriodKind;
}

/** The line as the Edit form shows it: each period of the planning year with the current version's value. */
export interface LineForm {
  ccg: OrganisationSummary;
  indicator: LineIndicator;
  year: number;
  /** the current version's number, 0 when the CCG has none */
  version: number;
  periods: { period: string; periodStart: string; value: number | null }[];
}

export type LineCheck =
  | { ok: false; ccg: OrganisationSummary; indicator: LineIndicator; problems: LineProblem[] }
  | {
      ok: true;
      ccg: OrganisationSummary;
      indicator: LineIndicator;
      year: number;
      lines: { periodStart: string; value: number | null }[];
    };

export type LineSetResult =
  | Extract<LineCheck, { ok: false }>
  | {
      ok: true;
      ccg: OrganisationSummary;
      indicator: LineIndicator;
      /** the new version, null when nothing moved */
      version: number | null;
      latest: number;
      /** the periods whose value moved, before → after */
      moved: PlanChange[];
    };

const MAX_ENTRIES = 12;
const SHORT_QUARTER = /^q([1-4])$/i;

/** The financial year (its first April's year) a period start lies in. */
const financialYear = (start: string) => {
  const [y, m] = start.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
};

export class PlanLineService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** The Edit form of a line: refused (with the reason) to anyone who may not submit the CCG's plan. */
  async form(actor: Actor, ccgText: string, indicatorText: string, now: Date): Promise<LineForm> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    requirePlanSubmitter(actor, ccg);
    const indicator = await this.indicator(ccg, indicatorText);
    const year = planningYear(now) as number;
    const latest = await this.prisma.planVersion.findFirst({
      where: { organisationCode: ccg.code },
      orderBy: { number: "desc" },
      include: { lines: { where: { indicatorCode: indicator.code } } },
    });
    const current = new Map((latest?.lines ?? []).map((l) => [l.periodStart.toISOString().slice(0, 10), l.value]));
    const periods = periodsOf(year, indicator.period).map((start) => {
      const periodStart = start.toISOString().slice(0, 10);
      return { period: templatePeriod(start, indicator.period), periodStart, value: current.get(periodStart) ?? null };
    });
    return { ccg, indicator, year, version: latest?.number ?? 0, periods };
  }

  /**
   * Checks the values as a submission's rows are checked, stores nothing. The planning year is the one the periods
   * name (all the same), else the template's (the year starting next April).
   */
  async check(ccgText: string, indicatorText: string, entries: LineEntry[], now: Date): Promise<LineCheck> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const indicator = await this.indicator(ccg, indicatorText);
    if (!entries.length) throw badInput(`Give ${indicator.code} a value for at least one period.`);
    if (entries.length > MAX_ENTRIES)
      throw badInput(
        `${indicator.code} has at most ${MAX_ENTRIES} periods in a planning year; ${entries.length} given.`,
      );
    const lookups = await loadLookups(this.prisma);
    const named = entries.map((e) => e.period.trim());
    // The year the periods name, where they carry one ("Apr 2014"); short names ("Apr", "Q1") take it from them.
    const years = new Set<number>();
    for (const text of named) {
      if (isShort(text)) continue;
      const p = lookups.period(text, indicator.period);
      if (p.ok) years.add(financialYear(p.start));
    }
    const year = years.size === 1 ? [...years][0]! : (planningYear(now) as number);
    const problems: LineProblem[] = [];
    const lines: { periodStart: string; value: number | null }[] = [];
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      const period = named[i]!;
      const value = e.value.trim();
      const checked = checkRow(
        {
          line: i + 1,
          organisation: ccg.code,
          indicator: indicator.code,
          period: fullName(period, year),
          value: value === "" ? "0" : value,
        },
        lookups,
        "plans",
      );
      if ("kind" in checked) return void problems.push({ period, message: checked.message });
      if ("setAside" in checked) return void problems.push({ period, message: "not a CCG's figure" });
      const at = { period, periodStart: checked.p };
      if (financialYear(checked.p) !== year)
        return void problems.push({
          ...at,
          message: `${period} is not in the planning year ${yearLabel(year)}: give the periods of one year, as \`plan template ${ccg.code}\` names them`,
        });
      if (seen.has(checked.p)) return void problems.push({ ...at, message: `${period} is given twice` });
      seen.add(checked.p);
      lines.push({ periodStart: checked.p, value: value === "" ? null : checked.v });
    });
    if (problems.length) return { ok: false, ccg, indicator, problems };
    return { ok: true, ccg, indicator, year, lines };
  }

  /**
   * Stores the next version of the CCG's plan: its current lines, with this indicator's periods as given (an empty
   * value removes that period's line). A bad value stores nothing; nothing moved makes no version.
   */
  async set(
    actor: Actor,
    ccgText: string,
    indicatorText: string,
    entries: LineEntry[],
    meta: { note?: string; source: string },
    now: Date,
  ): Promise<LineSetResult> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    requirePlanSubmitter(actor, ccg);
    const checked = await this.check(ccg.code, indicatorText, entries, now);
    if (!checked.ok) return checked;
    const { indicator, lines } = checked;
    const keys = lines.map((l) => ({ indicatorCode: indicator.code, periodStart: new Date(l.periodStart) }));
    return this.prisma.$transaction(async (tx) => {
      const line = { organisationCode: ccg.code, indicatorCode: indicator.code };
      const was = await valuesOf(tx.planTrajectory.findMany({ where: line }));
      await tx.planTrajectory.deleteMany({ where: { organisationCode: ccg.code, OR: keys } });
      // Real plans replace the demo figures of the same indicator, as a submission and an import do.
      await tx.planTrajectory.deleteMany({
        where: { organisationCode: ccg.code, isDemo: true, indicatorCode: indicator.code },
      });
      await tx.planTrajectory.createMany({
        data: lines
          .filter((l) => l.value !== null)
          .map((l) => ({
            organisationCode: ccg.code,
            indicatorCode: indicator.code,
            periodStart: new Date(l.periodStart),
            value: l.value!,
            source: meta.source,
            importedAt: now,
          })),
      });
      const made = await recordPlanVersions((sql, ...params) => tx.$queryRawUnsafe(sql, ...params), [ccg.code], {
        source: meta.source,
        submittedById: actor.personId,
        submittedByParty: "CCG",
        note: meta.note ?? null,
        now,
      });
      const version = made[0]?.number ?? null;
      const latest =
        version ??
        (await tx.planVersion.aggregate({ where: { organisationCode: ccg.code }, _max: { number: true } }))._max
          .number ??
        0;
      const after = await valuesOf(tx.planTrajectory.findMany({ where: line }));
      const shown = (v: number | undefined) => (v === undefined ? null : formatValue(v, indicator.unit));
      const moved = [...new Set([...was.keys(), ...after.keys()])]
        .sort()
        .filter((start) => was.get(start) !== after.get(start))
        .map((start) => ({
          indicatorCode: indicator.code,
          period: templatePeriod(new Date(start), indicator.period),
          before: shown(was.get(start)),
          after: shown(after.get(start)),
        }));
      return { ok: true as const, ccg, indicator, version, latest, moved };
    });
  }

  private async indicator(ccg: OrganisationSummary, text: string): Promise<LineIndicator> {
    const found = await this.prisma.indicator.findFirst({
      where: { code: { equals: text.trim(), mode: "insensitive" } },
      select: { code: true, name: true, unit: true, standard: true, period: true, ownerCode: true },
    });
    if (!found || (found.ownerCode !== null && found.ownerCode !== ccg.code))
      throw notFound(
        `I don't know an indicator "${text}" in ${ccg.code}'s plan.`,
        `\`plan template ${ccg.code}\` lists its indicators, e.g. ae_4hr.`,
      );
    const { ownerCode: _owner, ...indicator } = found;
    return indicator;
  }
}

/** A line's values by period start (yyyy-mm-dd). */
const valuesOf = async (rows: Promise<{ periodStart: Date; value: number }[]>) =>
  new Map((await rows).map((t) => [t.periodStart.toISOString().slice(0, 10), t.value]));

/** "Q1", "Apr", "April": a period named without its year. */
const isShort = (text: string) => SHORT_QUARTER.test(text) || (!/\s|\d/.test(text) && monthNamed(text) > 0);

/** A short period name within a planning year, as the template names it: Q1 → "Q1 2014/15", Jan → "Jan 2015". */
function fullName(text: string, year: number): string {
  const q = SHORT_QUARTER.exec(text);
  if (q) return `Q${q[1]} ${yearLabel(year)}`;
  if (!isShort(text)) return text;
  const month = monthNamed(text);
  return `${text} ${month >= 4 ? year : year + 1}`;
}
