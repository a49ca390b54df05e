// The agreed-action state machine, pure: no database, no clock. The service applies its decisions.
// An action is agreed only when both parties have agreed its current wording; neither side can impose one,
// and one person is never counted for both sides (whatever a platform says about whom they act for).
import type { ActionStatus, Party } from "../db";
import { badInput, conflict } from "../errors";
import { otherParty, partyLabel } from "../people/actor";

export interface ActionState {
  status: ActionStatus;
  /** the person whose agreement counts for each side's agreement of the current wording; null: not agreed */
  ccgAgreedBy: string | null;
  areaTeamAgreedBy: string | null;
  dropRequestedBy: Party | null;
}

export type ActionStep = "agreed" | "edited" | "done" | "drop-requested" | "dropped";

export interface Transition {
  next: ActionState;
  /** the audit event kind */
  step: ActionStep;
}

export const agreedBy = (s: ActionState, p: Party) => (p === "CCG" ? s.ccgAgreedBy : s.areaTeamAgreedBy);
const withAgreement = (s: ActionState, p: Party, person: string): ActionState =>
  p === "CCG" ? { ...s, ccgAgreedBy: person } : { ...s, areaTeamAgreedBy: person };

/** A new proposal: the proposer's side counts as agreed, by the proposer. */
export function proposed(by: Party, person: string): ActionState {
  return withAgreement(
    { status: "PROPOSED", ccgAgreedBy: null, areaTeamAgreedBy: null, dropRequestedBy: null },
    by,
    person,
  );
}

export function agree(s: ActionState, by: Party, person: string): Transition {
  if (s.status === "AGREED") throw conflict("This action is already agreed by both sides.");
  if (s.status !== "PROPOSED") throw conflict(`This action is ${s.status.toLowerCase()}; there is nothing to agree.`);
  if (agreedBy(s, by)) {
    throw badInput(
      `Your side has already agreed this action; it needs ${partyLabel(otherParty(by))} to agree.`,
      "Actions are agreed by both parties: no side can make one agreed on its own.",
    );
  }
  // Someone who moved between the parties, or is known to the bot under both, still counts once.
  if (agreedBy(s, otherParty(by)) === person) {
    throw badInput(
      `You already agreed this action for ${partyLabel(otherParty(by))}, so you can't also agree it for ${partyLabel(by)}.`,
      `Someone else of ${partyLabel(by)} needs to agree: an action is agreed by two people, one of each party.`,
    );
  }
  const next = withAgreement(s, by, person);
  return {
    step: "agreed",
    next: next.ccgAgreedBy && next.areaTeamAgreedBy ? { ...next, status: "AGREED" } : next,
  };
}

/** Any change of text, owner or due date sends the action back to proposed, agreed by the editor only. */
export function edit(s: ActionState, by: Party, person: string): Transition {
  if (s.status === "DONE" || s.status === "DROPPED") {
    throw conflict(
      `This action is ${s.status.toLowerCase()} and can no longer be changed.`,
      "Propose a new action instead.",
    );
  }
  return { step: "edited", next: { ...proposed(by, person), dropRequestedBy: null } };
}

export function done(s: ActionState): Transition {
  if (s.status === "DONE") throw conflict("This action is already done.");
  if (s.status !== "AGREED") {
    throw badInput(
      `Only an agreed action can be marked done; this one is ${s.status.toLowerCase()}.`,
      s.status === "PROPOSED" ? "It needs both sides' agreement first (`agree`)." : undefined,
    );
  }
  return { step: "done", next: { ...s, status: "DONE" } };
}

/**
 * A proposal that is not yet agreed can be withdrawn or declined by either side: nothing was agreed.
 * An agreed action is dropped only when both sides ask.
 */
export function drop(s: ActionState, by: Party): Transition {
  if (s.status === "DONE" || s.status === "DROPPED")
    throw conflict(`This action is already ${s.status.toLowerCase()}.`);
  if (s.status === "PROPOSED") return { step: "dropped", next: { ...s, status: "DROPPED" } };
  if (s.dropRequestedBy === by) {
    throw badInput(`Your side has already asked to drop this action; it needs ${partyLabel(otherParty(by))} to agree.`);
  }
  if (s.dropRequestedBy === otherParty(by)) return { step: "dropped", next: { ...s, status: "DROPPED" } };
  return { step: "drop-requested", next: { ...s, dropRequestedBy: by } };
}
