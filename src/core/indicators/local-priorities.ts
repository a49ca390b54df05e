// A CCG's local priorities: indicators it puts next to the national ask, either national indicators it chooses to
// watch or its own (a LOCAL indicator with its own standard, owned by the CCG). They show in `status` under their own
// heading. Only the CCG's own people decide them: the area team discusses a CCG's priorities, it does not set them.
import { distance } from "fastest-levenshtein";
import type { Direction, Indicator, PeriodKind, PrismaClient } from "../db";
import { badInput, conflict, forbidden, notFound } from "../errors";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { partyIn } from "../people/permissions";
import { formatLondonDate } from "../time";

export interface NewLocalIndicator {
  /** as typed; stored as `<ccg>_<code>` in lower case */
  code: string;
  name: string;
  standard: number;
  unit: string;
  direction: Direction;
  period: PeriodKind;
  amberTolerance?: number;
}

export interface LocalPriorityList {
  ccg: OrganisationSummary;
  indicators: Pick<Indicator, "code" | "name" | "unit" | "standard" | "ownerCode">[];
}

/** The CCG's own people, whatever their role (members and admins alike); no one else. */
export function requireOwnCcg(actor: Actor, ccg: OrganisationSummary, what: string): void {
  if (partyIn(actor, { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" }) === "CCG") return;
  throw forbidden(
    `Only people of ${ccg.code} can ${what}; you act for ${actor.organisation.code}.`,
    actor.organisation.code === ccg.areaTeamCode
      ? `A CCG's local priorities are its own: raise it with them (\`discuss ${ccg.code} local priorities\`).`
      : undefined,
  );
}

/** Local codes carry the CCG's code, so two CCGs can each have `dementia_dx`, and `status 02N …` finds them. */
export function localCode(ccgCode: string, typed: string): string {
  const code = typed.trim().toLowerCase();
  const prefix = `${ccgCode.toLowerCase()}_`;
  return code.startsWith(prefix) ? code : `${prefix}${code}`;
}

export class LocalPriorityService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async list(ccgText: string): Promise<LocalPriorityList> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const indicators = await this.prisma.indicator.findMany({
      where: { OR: [{ ownerCode: ccg.code }, { localPriorities: { some: { organisationCode: ccg.code } } }] },
      select: { code: true, name: true, unit: true, standard: true, ownerCode: true },
      orderBy: { name: "asc" },
    });
    return { ccg, indicators };
  }

  /** Adds an existing indicator (national, or the CCG's own) to the CCG's local priorities. */
  async add(
    actor: Actor,
    ccgText: string,
    indicatorText: string,
  ): Promise<{ ccg: OrganisationSummary; indicator: Indicator; added: boolean }> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    requireOwnCcg(actor, ccg, "choose its local priorities");
    const indicator = await this.findIndicator(ccg, indicatorText);
    const existing = await this.prisma.localPriority.findUnique({
      where: { organisationCode_indicatorCode: { organisationCode: ccg.code, indicatorCode: indicator.code } },
    });
    if (existing) return { ccg, indicator, added: false };
    await this.prisma.localPriority.create({
      data: { organisationCode: ccg.code, indicatorCode: indicator.code, addedById: actor.personId },
    });
    return { ccg, indicator, added: true };
  }

  /** Creates the CCG's own indicator, with its own standard, and makes it a local priority. */
  async create(
    actor: Actor,
    ccgText: string,
    spec: NewLocalIndicator,
    now: Date,
  ): Promise<{ ccg: OrganisationSummary; indicator: Indicator }> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    requireOwnCcg(actor, ccg, "add its own indicators");
    const code = localCode(ccg.code, spec.code);
    if (!/^[a-z0-9]+(_[a-z0-9]+)+$/.test(code) || code.length > 60) {
      throw badInput(
        `"${spec.code}" can't be an indicator code: use letters, digits and underscores, e.g. dementia_dx.`,
      );
    }
    if (spec.unit === "%" && (spec.standard < 0 || spec.standard > 100)) {
      throw badInput(`A standard of ${spec.standard}% is not a percentage (0 to 100).`);
    }
    if (spec.amberTolerance !== undefined && spec.amberTolerance < 0) {
      throw badInput("The amber tolerance is how far from the standard still counts as amber: give a positive number.");
    }
    const taken = await this.prisma.indicator.findUnique({ where: { code } });
    if (taken) {
      throw conflict(
        `There is already an indicator ${code} (${taken.name}).`,
        `Add it with \`priority add ${ccg.code} ${code}\`, or choose another code.`,
      );
    }
    const indicator = await this.prisma.$transaction(async (tx) => {
      const created = await tx.indicator.create({
        data: {
          code,
          name: spec.name,
          framework: "LOCAL",
          unit: spec.unit,
          direction: spec.direction,
          standard: spec.standard,
          amberTolerance: spec.amberTolerance ?? null,
          period: spec.period,
          ownerCode: ccg.code,
          source: `${ccg.code}'s own local indicator, added by ${actor.name} on ${formatLondonDate(now)}`,
        },
      });
      await tx.localPriority.create({
        data: { organisationCode: ccg.code, indicatorCode: code, addedById: actor.personId },
      });
      return created;
    });
    return { ccg, indicator };
  }

  /**
   * Takes an indicator off the CCG's local priorities. The CCG's own indicator goes altogether, with its figures and
   * plans (they were the CCG's own; re-create and re-import to bring it back); a national one stays national.
   */
  async remove(
    actor: Actor,
    ccgText: string,
    indicatorText: string,
  ): Promise<{ ccg: OrganisationSummary; indicator: Indicator; deleted: { values: number; plans: number } | null }> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    requireOwnCcg(actor, ccg, "change its local priorities");
    const indicator = await this.findIndicator(ccg, indicatorText);
    if (indicator.ownerCode === ccg.code) {
      const deleted = await this.prisma.$transaction(async (tx) => {
        const values = await tx.indicatorValue.deleteMany({ where: { indicatorCode: indicator.code } });
        const plans = await tx.planTrajectory.deleteMany({ where: { indicatorCode: indicator.code } });
        await tx.localPriority.deleteMany({ where: { indicatorCode: indicator.code } });
        await tx.indicator.delete({ where: { code: indicator.code } });
        return { values: values.count, plans: plans.count };
      });
      return { ccg, indicator, deleted };
    }
    const { count } = await this.prisma.localPriority.deleteMany({
      where: { organisationCode: ccg.code, indicatorCode: indicator.code },
    });
    if (!count)
      throw notFound(
        `${indicator.code} is not one of ${ccg.code}'s local priorities.`,
        `\`priority list ${ccg.code}\` shows them.`,
      );
    return { ccg, indicator, deleted: null };
  }

  /** A national indicator or the CCG's own, by code (any case) or a unique part of its name. */
  private async findIndicator(ccg: OrganisationSummary, text: string): Promise<Indicator> {
    const wanted = text.trim().toLowerCase();
    const candidates = await this.prisma.indicator.findMany({
      where: { OR: [{ ownerCode: null }, { ownerCode: ccg.code }] },
    });
    const exact =
      candidates.find((i) => i.code.toLowerCase() === wanted) ??
      candidates.find((i) => i.code === localCode(ccg.code, wanted));
    if (exact) return exact;
    const named = candidates.filter((i) => i.name.toLowerCase().includes(wanted));
    if (named.length === 1) return named[0]!;
    const close = candidates
      .map((i) => ({ i, d: distance(wanted, i.code.toLowerCase()) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map(({ i }) => i.code);
    throw notFound(
      named.length > 1
        ? `"${text}" matches ${named.length} indicators.`
        : `I don't know an indicator "${text}" for ${ccg.code}.`,
      `Use its code${close.length ? `, such as ${close.join(", ")}` : ""}.`,
    );
  }
}
