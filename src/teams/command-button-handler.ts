// Buttons that run a command as the clicker (the assurance checkpoint's "Discuss: …" and "Mark discussed", a review
// item's "Open discussion" and "Note as resolved"): the
// click goes through the same dispatch(), permission checks and two-party rules as typing it. The answer is the
// command's reply as a card for the clicker; a discussion it opens gets its root card posted in the background.
import { commands, dispatch } from "../../commands";
import { renderText } from "../reply/text";
import { assuranceButtonCommand, isAssuranceButton } from "../reply/views/assurance";
import { isReviewItemButton, reviewItemButtonCommand } from "../reply/views/escalation";
import { claimActivity, touchConversation, type ActivityCtx } from "./activity-intake";
import { invocationOf, type InboundActivity } from "./conversation";
import { messageText } from "./failure-text";
import type { TeamsHandlerContext } from "./handler-context";
import { renderCard } from "./render/card";

const messageResponse = (value: string) => ({
  statusCode: 200 as const,
  type: "application/vnd.microsoft.activity.message" as const,
  value: messageText(value),
});

/** The buttons this handler answers (the others are an action's own, action-button-handler.ts). */
export const isCommandButton = (actionId: string) => isAssuranceButton(actionId) || isReviewItemButton(actionId);

export class CommandButtonHandler {
  constructor(private readonly deps: TeamsHandlerContext) {}

  async onClick(_ctx: ActivityCtx, a: InboundActivity, actionId: string, payload: unknown) {
    const { core, members, threads, background } = this.deps;
    const text = isReviewItemButton(actionId)
      ? reviewItemButtonCommand(actionId, payload)
      : assuranceButtonCommand(actionId, payload);
    if (!text)
      return messageResponse(
        `That button is out of date. Ask me again, e.g. \`${isReviewItemButton(actionId) ? "escalation items" : "assurance 02N"}\`.`,
      );
    const here = await touchConversation(this.deps, a);
    const person = await members.personOf(a);
    if (!person?.tenantKnown)
      return messageResponse("I can't tell which organisation you act for from this click, so nothing was done.");
    if (!(await claimActivity(core, a))) return messageResponse("That click was already handled.");
    const result = await dispatch(core, commands, text, invocationOf(a, person.user));
    if (result.reply.isError) return messageResponse(renderText(result.reply));
    const opened = result.events?.find((e) => e.type === "discussion.opened");
    if (opened) {
      const actor = await core.people.identify(person.user);
      const d = await core.discussions.find(opened.discussionId);
      if (actor && d)
        void background.run(
          `root of D${d.id}`,
          threads.open(d, actor, here).then(() => undefined),
        );
      // A message, not a new card: the checkpoint card stays as it was for the clicker.
      return messageResponse(`${result.reply.summary}. Its thread is the new post in the channel.`);
    }
    return {
      statusCode: 200 as const,
      type: "application/vnd.microsoft.card.adaptive" as const,
      value: renderCard(result.reply),
    };
  }
}
