// "Both parties say so": the rule agreed actions follow (src/core/actions/rules.ts), for anything else two sides
// mark together (a checkpoint discussed, review minutes agreed, a review item noted). Pure: no database, no clock.
// One side's mark never completes it, and one person is never counted for both sides, whatever a platform says
// about whom they act for (someone who moved between the parties, or is known under both, counts once).
import type { Party } from "../db";
import { conflict } from "../errors";
import { otherParty, partyLabel } from "../people/actor";

export interface TwoPartyMarks {
  /** the person whose mark counts for each side; null: not marked */
  ccg: string | null;
  areaTeam: string | null;
}

export const markOf = (m: TwoPartyMarks, p: Party) => (p === "CCG" ? m.ccg : m.areaTeam);
export const bothMarked = (m: TwoPartyMarks) => m.ccg !== null && m.areaTeam !== null;

/**
 * One side's mark. `what` completes "… has already <what>", e.g. "said this checkpoint was discussed".
 * Refused when this side has already marked it, or when the person marked it for the other side.
 */
export function markFor(m: TwoPartyMarks, party: Party, person: string, what: string): TwoPartyMarks {
  if (markOf(m, party)) {
    throw conflict(
      `${capital(partyLabel(party))} has already ${what}; it needs ${partyLabel(otherParty(party))} to say so too.`,
      "Both parties say so: no side can complete it on its own.",
    );
  }
  if (markOf(m, otherParty(party)) === person) {
    throw conflict(
      `You already ${what} for ${partyLabel(otherParty(party))}, so you can't also for ${partyLabel(party)}.`,
      `Someone else of ${partyLabel(party)} needs to say so: it takes two people, one of each party.`,
    );
  }
  return party === "CCG" ? { ...m, ccg: person } : { ...m, areaTeam: person };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
