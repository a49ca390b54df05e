// People and the organisation they act for. A person is known by a platform identity (their home workspace or
// tenant, and their user id there); a whole workspace or tenant can be mapped to one organisation, and then its
// users are registered on first use. Every registration, move and role change is audited (MembershipChange).
import type { Person, PrismaClient, Role } from "../db";
import { badInput, forbidden } from "../errors";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor, PlatformUser } from "./actor";
import { canManage, requireManage } from "./permissions";

/** Who made a membership change: a person, or what did it when no person did. */
export type ChangedBy = { personId: string; name: string } | { personId?: undefined; name: string };

/** Changes made from the server's shell (`slack:grant`, `teams:grant`) and by tests' setup. */
export const SERVER_SHELL: ChangedBy = { name: "server shell" };

function requireTenant(user: PlatformUser): void {
  if (!user.tenantId || !user.userId) throw badInput("I can't tell which workspace or tenant this person is in.");
}

const identityKey = (user: PlatformUser) => ({
  platform_tenantId_userId: { platform: user.platform, tenantId: user.tenantId, userId: user.userId },
});

export class PeopleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** The acting person, or null when this platform user is not known and their workspace is not mapped. */
  async identify(user: PlatformUser): Promise<Actor | null> {
    // An adapter that can't tell a person's home workspace says so with an empty tenant: they act for no one.
    if (!user.tenantId || !user.userId) return null;
    let person = (await this.findIdentity(user))?.person;
    if (!person) {
      const tenant = await this.prisma.tenantLink.findUnique({
        where: { platform_tenantId: { platform: user.platform, tenantId: user.tenantId } },
      });
      if (!tenant) return null;
      person = await this.register(user, tenant.organisationCode, "MEMBER", { name: "workspace mapping" });
    } else if (user.displayName && user.displayName !== person.displayName && person.displayName === user.userId) {
      // Only a placeholder name (the user id) is replaced: a registered name is kept.
      person = await this.prisma.person.update({ where: { id: person.id }, data: { displayName: user.displayName } });
    }
    return this.actorOf(person);
  }

  /** The person of an id as they act now (a signed download link names its person); null when unknown. */
  async actorById(personId: string): Promise<Actor | null> {
    const person = await this.prisma.person.findUnique({ where: { id: personId } });
    return person ? this.actorOf(person) : null;
  }

  private async actorOf(person: Person): Promise<Actor | null> {
    const organisation = await this.organisations.byCode(person.organisationCode);
    if (!organisation) return null;
    return { personId: person.id, name: person.displayName, organisation, role: person.role };
  }

  /**
   * Creates (or re-points) a person for a platform user, and audits it. Idempotent: the identity is unique.
   * No permission check: callers decide (addMember, the grant CLIs run from the server's shell).
   */
  async register(user: PlatformUser, organisationCode: string, role: Role, by: ChangedBy = SERVER_SHELL) {
    requireTenant(user);
    return this.record(user, (await this.findIdentity(user))?.person, organisationCode, role, by);
  }

  /**
   * An admin records that a platform user acts for an organisation. Moving someone who already acts for another
   * organisation needs someone who can manage that one too (its area team's admin, or an operator): no
   * organisation can take another's people, nor push its own into another.
   */
  async addMember(actor: Actor, user: PlatformUser, organisationText: string, role: Role): Promise<Actor> {
    const org = await this.organisations.resolve(organisationText);
    requireManage(actor, org, `add members to ${org.code}`);
    if (role === "OPERATOR" && actor.role !== "OPERATOR") {
      throw badInput("Only an operator can make someone an operator.");
    }
    requireTenant(user);
    const person = (await this.findIdentity(user))?.person;
    if (person && person.role === "OPERATOR" && actor.role !== "OPERATOR" && role !== "OPERATOR") {
      throw forbidden(`${person.displayName} is an operator; only an operator can change that.`);
    }
    if (person && person.organisationCode !== org.code) {
      const theirs = await this.organisations.byCode(person.organisationCode);
      if (!canManage(actor, theirs ?? null)) {
        throw forbidden(
          `${person.displayName} acts for ${person.organisationCode}; moving them to ${org.code} needs someone who can speak for ${person.organisationCode} too. Nothing was changed.`,
          `An admin of both (such as ${theirs?.areaTeamCode ? `an admin of ${theirs.areaTeamCode}, their area team` : "their area team's admin"}) or an operator can move them.`,
        );
      }
    }
    const by = { personId: actor.personId, name: actor.name };
    const registered = await this.record(user, person, org.code, role, by);
    return { personId: registered.id, name: registered.displayName, organisation: org, role: registered.role };
  }

  private findIdentity(user: PlatformUser) {
    return this.prisma.platformIdentity.findUnique({ where: identityKey(user), include: { person: true } });
  }

  /** Points the identity's person (`before`, or a new one) at the organisation and role, with its audit row. */
  private record(user: PlatformUser, before: Person | undefined, organisationCode: string, role: Role, by: ChangedBy) {
    return this.prisma.$transaction(async (tx) => {
      if (before && before.organisationCode === organisationCode && before.role === role) return before;
      const person = before
        ? await tx.person.update({ where: { id: before.id }, data: { organisationCode, role } })
        : await tx.person.create({
            data: {
              displayName: user.displayName ?? user.userId,
              organisationCode,
              role,
              identities: { create: { platform: user.platform, tenantId: user.tenantId, userId: user.userId } },
            },
          });
      await tx.membershipChange.create({
        data: {
          personId: person.id,
          fromOrganisationCode: before?.organisationCode ?? null,
          fromRole: before?.role ?? null,
          toOrganisationCode: organisationCode,
          toRole: role,
          byPersonId: by.personId ?? null,
          byName: by.name,
        },
      });
      return person;
    });
  }

  async nameOf(personId: string): Promise<string> {
    const p = await this.prisma.person.findUnique({ where: { id: personId }, select: { displayName: true } });
    return p?.displayName ?? "someone";
  }
}
