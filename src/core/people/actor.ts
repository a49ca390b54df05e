// Who is acting: a person, the organisation they act for, and what they may manage.
import type { Party, Role } from "../db";
import type { OrganisationSummary } from "../organisations/directory";

export interface Actor {
  personId: string;
  name: string;
  organisation: OrganisationSummary;
  role: Role;
}

/** How a platform names a user: Slack user in a workspace, Teams user in a tenant, console user. */
export interface PlatformUser {
  platform: "SLACK" | "TEAMS" | "CONSOLE";
  tenantId: string;
  userId: string;
  displayName?: string;
}

export const partyOf = (o: OrganisationSummary): Party => (o.kind === "CCG" ? "CCG" : "AREA_TEAM");
export const otherParty = (p: Party): Party => (p === "CCG" ? "AREA_TEAM" : "CCG");
export const partyLabel = (p: Party) => (p === "CCG" ? "the CCG" : "the area team");
