// Agree / Done / Drop: Action.Execute buttons (Universal Actions) on an action's card. The click runs the core
// step and the answer is the new card, for the clicker only; everyone else sees it once the stored message is
// updated in the background. A refusal is answered as a message for the clicker, and nothing changes.
import { z } from "zod";
import { actionRef } from "../core/actions/actions";
import { DomainError } from "../core/errors";
import { trackWrites, type WriteOutcome } from "../db/write-tracking";
import { actorOf, claimActivity, parseActivity, touchConversation, type ActivityCtx } from "./activity-intake";
import { conversationRefOf, splitThread } from "./conversation";
import { failureText, messageText, withHint } from "./failure-text";
import type { TeamsHandlerContext } from "./handler-context";
import type { Actor } from "../core";
import type { ActionWithDiscussion } from "../core/actions/actions";
import { VIEW_VERB } from "./action-view";
import { renderCard } from "./render/card";
import { CommandButtonHandler, isCommandButton } from "./command-button-handler";
import { actionCard, storedMessageRef, type TeamsMessageRef } from "./threads";

const STEP_BUTTONS = { "action.agree": "agree", "action.done": "done", "action.drop": "drop" } as const;

/** What an Agree / Done / Drop button sends back (Action.Execute data). */
export const cardActionSchema = z.object({
  actionId: z.enum(["action.agree", "action.done", "action.drop"]),
  payload: z.object({ actionId: z.coerce.number().int().positive() }),
});

/** What a card's refresh clause sends: "my view of this action" (user-specific views). */
const viewSchema = z.object({
  actionId: z.literal(VIEW_VERB),
  payload: z.object({ actionId: z.coerce.number().int().positive() }),
});

/** A message for the clicker instead of a new card; every such text is escaped for Teams markdown. */
const messageResponse = (value: string) => ({
  statusCode: 200 as const,
  type: "application/vnd.microsoft.activity.message" as const,
  value: messageText(value),
});

export class ActionButtonHandler {
  private readonly commandButtons: CommandButtonHandler;

  constructor(private readonly deps: TeamsHandlerContext) {
    this.commandButtons = new CommandButtonHandler(deps);
  }

  async onCardAction(ctx: ActivityCtx) {
    const { core, threads } = this.deps;
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return messageResponse("I couldn't read that click.");
    const value = (ctx.activity as { value?: { action?: { data?: unknown } } }).value;
    // Buttons that run a command as the clicker (command-button-handler.ts).
    const raw = value?.action?.data as { actionId?: unknown; payload?: unknown } | undefined;
    if (typeof raw?.actionId === "string" && isCommandButton(raw.actionId))
      return this.commandButtons.onClick(ctx, a, raw.actionId, raw.payload);
    const view = viewSchema.safeParse(value?.action?.data);
    if (view.success) return this.view(a, view.data.payload.actionId);
    const data = cardActionSchema.safeParse(value?.action?.data);
    if (!data.success) return messageResponse("That button is out of date. Ask me again, e.g. `actions`.");
    const step = STEP_BUTTONS[data.data.actionId];
    const id = data.data.payload.actionId;
    const writes: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    try {
      await touchConversation(this.deps, a);
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return messageResponse(refusal);
      if (!(await claimActivity(core, a))) {
        // A retry of a click already handled: show the card as it now is.
        return this.cardResponse(await core.actions.get(actor, id), actor, a.from.id);
      }
      const { action } = await trackWrites(writes, () => core.actions[step](actor, id, core.clock.now()));
      const clicked: TeamsMessageRef | undefined = a.replyToId
        ? {
            ref: conversationRefOf(a),
            ...(splitThread(a.conversation.id).rootId ? { rootId: splitThread(a.conversation.id).rootId } : {}),
            activityId: a.replyToId,
          }
        : undefined;
      // The clicker sees the new card in the answer; everyone else once the stored message is updated.
      void this.deps.background.run(
        `refresh ${actionRef(id)}`,
        threads.refreshAction(action, clicked, { viewer: a.from.id }),
      );
      return this.cardResponse(action, actor, a.from.id);
    } catch (error) {
      if (error instanceof DomainError) return messageResponse(withHint(error));
      return messageResponse(failureText(this.deps.logger, error, `card ${step} ${actionRef(id)}`, writes));
    }
  }

  /**
   * A person's own view of an action (the card's refresh invoke, sent by their Teams client when it shows the
   * card): only the buttons they may press. Nothing changes, so the invoke is not claimed.
   */
  private async view(a: NonNullable<ReturnType<typeof parseActivity>>, id: number) {
    try {
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return messageResponse(refusal);
      return this.cardResponse(await this.deps.core.actions.get(actor, id), actor, a.from.id);
    } catch (error) {
      if (error instanceof DomainError) return messageResponse(withHint(error));
      return messageResponse(failureText(this.deps.logger, error, `card view ${actionRef(id)}`));
    }
  }

  /** The card as the clicker sees it, refreshing for them (and everyone known) when it is shown again. */
  private cardResponse(action: ActionWithDiscussion, actor: Actor, viewer: string) {
    const viewers = [...(storedMessageRef(action.messageRef)?.viewers ?? []), viewer];
    return {
      statusCode: 200 as const,
      type: "application/vnd.microsoft.card.adaptive" as const,
      value: renderCard(actionCard(action, actor), this.deps.threads.render(action, viewers).render ?? {}),
    };
  }
}
