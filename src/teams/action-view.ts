// An action's card as one person sees it in Teams: only the buttons they may press (the proposer gets no Agree on
// their own proposal; someone of neither party gets none). Teams shows everyone the same card unless it carries a
// Universal Actions `refresh` clause: the clients of the people it lists (userIds, at most 60) ask the bot for their
// own view (an adaptiveCard/action invoke with the refresh verb) and show that instead.
import type { Actor } from "../core";
import type { ActionWithDiscussion } from "../core/actions/actions";
import * as rules from "../core/actions/rules";
import { partyIn } from "../core/people/permissions";
import type { Block, Button, Reply } from "../reply/model";
import { actionButtons } from "../reply/views/dialogue";
import type { ButtonData, RenderOptions } from "./render/card";

/** The refresh verb: "show me my view of this action". */
export const VIEW_VERB = "action.view";
/** Teams refreshes a card automatically for at most 60 listed people. */
export const MAX_VIEWERS = 60;

const stateOf = (a: ActionWithDiscussion): rules.ActionState => ({
  status: a.status,
  ccgAgreedBy: a.ccgAgreedAt ? (a.ccgAgreedById ?? "") : null,
  areaTeamAgreedBy: a.areaTeamAgreedAt ? (a.areaTeamAgreedById ?? "") : null,
  dropRequestedBy: a.dropRequestedBy,
});

const allowed = (step: () => unknown) => {
  try {
    step();
    return true;
  } catch {
    return false;
  }
};

/** The buttons of an action that this person may press; the state machine (core/actions/rules) decides. */
export function buttonsFor(a: ActionWithDiscussion, viewer: Actor | null): Button[] {
  const party = viewer ? partyIn(viewer, a.discussion) : null;
  if (!viewer || !party) return [];
  const s = stateOf(a);
  return actionButtons(a).filter((b) => {
    switch (b.actionId) {
      case "action.agree":
        return allowed(() => rules.agree(s, party, viewer.personId));
      case "action.done":
        return allowed(() => rules.done(s));
      case "action.drop":
        return allowed(() => rules.drop(s, party));
      case "action.edit":
        return allowed(() => rules.edit(s, party, viewer.personId));
      default:
        return true;
    }
  });
}

/** A reply of an action card with its buttons as this person may press them (no viewer: the card for everyone). */
export function viewOf(reply: Reply, a: ActionWithDiscussion, viewer: Actor | null | undefined): Reply {
  if (viewer === undefined) return reply;
  const buttons = buttonsFor(a, viewer);
  const blocks = reply.blocks.flatMap((b): Block[] =>
    b.type !== "buttons" ? [b] : buttons.length ? [{ type: "buttons", buttons }] : [],
  );
  return { ...reply, blocks };
}

/** The refresh clause that makes each listed person's Teams client fetch their own view of the action. */
export function refreshFor(a: { id: number }, viewers: readonly string[]): RenderOptions["refresh"] | undefined {
  const userIds = [...new Set(viewers)].slice(-MAX_VIEWERS);
  if (!userIds.length) return undefined;
  const data: ButtonData = { actionId: VIEW_VERB, payload: { actionId: a.id } };
  return { verb: VIEW_VERB, data, userIds };
}
