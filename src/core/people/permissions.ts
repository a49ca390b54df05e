// Who may do what. Every rule lives here so the access matrix can be read (and tested) in one place.
import type { Party } from "../db";
import { forbidden } from "../errors";
import type { OrganisationSummary } from "../organisations/directory";
import type { Actor } from "./actor";

/** The two parties of a CCG's dialogue: the CCG and its area team. */
export interface DialogueParties {
  ccgCode: string;
  areaTeamCode: string;
}

/** The party the actor speaks for in this dialogue, or null when they are not part of it. */
export function partyIn(actor: Actor, d: DialogueParties): Party | null {
  if (actor.organisation.code === d.ccgCode) return "CCG";
  if (actor.organisation.code === d.areaTeamCode) return "AREA_TEAM";
  return null;
}

export function requireParty(actor: Actor, d: DialogueParties, what: string): Party {
  const party = partyIn(actor, d);
  if (!party) {
    throw forbidden(
      `Only ${d.ccgCode} and its area team ${d.areaTeamCode} can ${what}; you act for ${actor.organisation.code}.`,
      "If you should act for another organisation, ask an admin to change it (`whoami` shows yours).",
    );
  }
  return party;
}

/**
 * Only a CCG's own people submit its plan, whether a whole template or one line's trajectory: the area team discusses
 * a plan rather than submitting it or signing it off, and nobody else has a say in it.
 */
export function requirePlanSubmitter(actor: Actor, ccg: OrganisationSummary): void {
  const party = partyIn(actor, { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" });
  if (party !== "CCG")
    throw forbidden(
      `Only people of ${ccg.code} can submit its plan; you act for ${actor.organisation.code}.`,
      party === "AREA_TEAM"
        ? `The plan is ${ccg.code}'s own: the area team discusses it rather than submitting or signing it off. Open a discussion on a line (\`discuss ${ccg.code} ae_4hr …\`) or from the Discuss button of \`plan ${ccg.code}\`.`
        : undefined,
    );
}

/** Admins manage their own organisation; an area team's admins also manage its CCGs; operators manage all. */
export function canManage(actor: Actor, org: OrganisationSummary | null): boolean {
  if (actor.role === "OPERATOR") return true;
  if (actor.role !== "ADMIN" || !org) return false;
  return org.code === actor.organisation.code || org.areaTeamCode === actor.organisation.code;
}

export function requireManage(actor: Actor, org: OrganisationSummary | null, what: string): void {
  if (!canManage(actor, org)) {
    const whose = org ? `${org.code}` : "national items";
    throw forbidden(
      `Only an admin of ${whose} can ${what}.`,
      actor.role === "MEMBER" ? "Ask one of your organisation's admins." : undefined,
    );
  }
}
