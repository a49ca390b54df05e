// Planning-round deadlines: national, for an area team, or for one CCG.
import type { Deadline, DeadlineScope, Prisma, PrismaClient } from "../db";
import { badInput, conflict } from "../errors";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { requireManage } from "../people/permissions";

export const MAX_DEADLINE_TITLE = 200;

export interface NewDeadline {
  /** "national", or an area team or CCG code or name */
  scopeText: string;
  title: string;
  dueAt: Date;
  link?: string;
}

export class DeadlineService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async add(
    actor: Actor,
    input: NewDeadline,
    now: Date,
  ): Promise<Deadline & { organisation: OrganisationSummary | null }> {
    const national = /^(national|england|all)$/i.test(input.scopeText.trim());
    const org = national ? null : await this.organisations.resolve(input.scopeText);
    if (national && actor.role !== "OPERATOR") {
      throw badInput(
        "Only an operator can add a national deadline.",
        "Add it for your own organisation instead, e.g. `deadline add Q51 …`.",
      );
    }
    if (org) requireManage(actor, org, `add deadlines for ${org.code}`);
    const title = input.title.trim();
    if (!title) throw badInput("A deadline needs a title.");
    if (title.length > MAX_DEADLINE_TITLE)
      throw badInput(`A deadline title can be at most ${MAX_DEADLINE_TITLE} characters.`);
    if (input.dueAt <= now) throw badInput("That deadline is in the past.", "Give a date from today on.");
    if (input.link && !/^https?:\/\/\S+$/i.test(input.link))
      throw badInput(`"${input.link}" is not a web link (https://…).`);
    const scope: DeadlineScope = org ? (org.kind === "CCG" ? "CCG" : "AREA_TEAM") : "NATIONAL";
    const existing = await this.prisma.deadline.findFirst({
      where: { scope, organisationCode: org?.code ?? null, title, dueAt: input.dueAt },
    });
    if (existing) throw conflict(`That deadline already exists (${existing.id}).`);
    const created = await this.prisma.deadline.create({
      data: {
        scope,
        organisationCode: org?.code ?? null,
        title,
        dueAt: input.dueAt,
        link: input.link ?? null,
        source: `added by ${actor.name}`,
        createdById: actor.personId,
        createdAt: now,
      },
    });
    return { ...created, organisation: org };
  }

  /** The deadlines that concern an organisation: national, its own, its area team's, or (for an area team) its CCGs'. */
  async forOrganisation(
    org: OrganisationSummary | null,
    options: { from?: Date; limit?: number } = {},
  ): Promise<Deadline[]> {
    const scopes: Prisma.DeadlineWhereInput[] = [{ scope: "NATIONAL" }];
    if (org) {
      scopes.push({ organisationCode: org.code });
      if (org.areaTeamCode) scopes.push({ organisationCode: org.areaTeamCode });
      if (org.kind === "AREA_TEAM") scopes.push({ organisation: { areaTeamCode: org.code } });
    }
    return this.prisma.deadline.findMany({
      where: { OR: scopes, ...(options.from ? { dueAt: { gte: options.from } } : {}) },
      orderBy: { dueAt: "asc" },
      take: options.limit ?? 20,
    });
  }

  async latestBefore(org: OrganisationSummary | null, before: Date): Promise<Deadline | null> {
    const all = await this.forOrganisation(org, { limit: 500 });
    return all.filter((d) => d.dueAt < before).at(-1) ?? null;
  }
}
