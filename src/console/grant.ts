// What `npm run slack:grant` and `npm run teams:grant` do once their arguments are read: record, from the server's
// shell, which organisation a platform user acts for. This is how a deployment's first admin or operator is made
// (after that, admins use `member`). No permission check: whoever can run this on the server runs the deployment.
import type { Core } from "../core";
import type { Role } from "../core/db";

/** The role words the grant commands take. */
export const GRANT_ROLES = { member: "MEMBER", admin: "ADMIN", operator: "OPERATOR" } as const;

export interface Grant {
  /** the user's home workspace (Slack) or tenant (Teams) */
  tenantId: string;
  userId: string;
  organisation: string;
  role: Role;
  name?: string;
}

const PLATFORM_LABEL = { SLACK: "Slack", TEAMS: "Teams" } as const;

/** Registers the user; returns the sentence the operator reads. Unknown organisations throw the core's DomainError. */
export async function grant(core: Core, platform: keyof typeof PLATFORM_LABEL, g: Grant): Promise<string> {
  const org = await core.organisations.resolve(g.organisation);
  const person = await core.people.register(
    { platform, tenantId: g.tenantId, userId: g.userId, ...(g.name ? { displayName: g.name } : {}) },
    org.code,
    g.role,
  );
  return `${person.displayName} (${PLATFORM_LABEL[platform]} ${g.tenantId} ${g.userId}) now acts for ${org.code} ${org.name} as ${g.role.toLowerCase()}.`;
}
