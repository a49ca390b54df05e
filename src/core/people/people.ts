// People and the organisation they act for. A person is known by a platform identity; a whole
// workspace or tenant can be mapped to one organisation, and then its users are registered on first use.
import type { PrismaClient, Role } from "../db";
import { badInput } from "../errors";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor, PlatformUser } from "./actor";
import { requireManage } from "./permissions";

export class PeopleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** The acting person, or null when this platform user is not known and their workspace is not mapped. */
  async identify(user: PlatformUser): Promise<Actor | null> {
    const identity = await this.prisma.platformIdentity.findUnique({
      where: { platform_tenantId_userId: { platform: user.platform, tenantId: user.tenantId, userId: user.userId } },
      include: { person: true },
    });
    let person = identity?.person;
    if (!person) {
      const tenant = await this.prisma.tenantLink.findUnique({
        where: { platform_tenantId: { platform: user.platform, tenantId: user.tenantId } },
      });
      if (!tenant) return null;
      person = await this.register(user, tenant.organisationCode, "MEMBER");
    } else if (user.displayName && user.displayName !== person.displayName) {
      person = await this.prisma.person.update({ where: { id: person.id }, data: { displayName: user.displayName } });
    }
    const organisation = await this.organisations.byCode(person.organisationCode);
    if (!organisation) return null;
    return { personId: person.id, name: person.displayName, organisation, role: person.role };
  }

  /** Creates (or re-points) a person for a platform user. Idempotent: the identity is unique. */
  async register(user: PlatformUser, organisationCode: string, role: Role) {
    const name = user.displayName ?? user.userId;
    const existing = await this.prisma.platformIdentity.findUnique({
      where: { platform_tenantId_userId: { platform: user.platform, tenantId: user.tenantId, userId: user.userId } },
    });
    if (existing) {
      return this.prisma.person.update({ where: { id: existing.personId }, data: { organisationCode, role } });
    }
    return this.prisma.person.create({
      data: {
        displayName: name,
        organisationCode,
        role,
        identities: { create: { platform: user.platform, tenantId: user.tenantId, userId: user.userId } },
      },
    });
  }

  /** An admin records that a platform user acts for an organisation. */
  async addMember(actor: Actor, user: PlatformUser, organisationText: string, role: Role): Promise<Actor> {
    const org = await this.organisations.resolve(organisationText);
    requireManage(actor, org, `add members to ${org.code}`);
    if (role === "OPERATOR" && actor.role !== "OPERATOR") {
      throw badInput("Only an operator can make someone an operator.");
    }
    const person = await this.register(user, org.code, role);
    return { personId: person.id, name: person.displayName, organisation: org, role: person.role };
  }

  async nameOf(personId: string): Promise<string> {
    const p = await this.prisma.person.findUnique({ where: { id: personId }, select: { displayName: true } });
    return p?.displayName ?? "someone";
  }
}
