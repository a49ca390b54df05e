// The action modal's submission: field errors shown in place; otherwise the same commands as typing.
import type { App } from "@slack/bolt";
import { commands, dispatch } from "../../../commands";
import { parseUserDate } from "../../core/time";
import { invocationOf } from "../invocation";
import { ACTION_MODAL, modalContext, quoted, submittedValues } from "../modal";
import type { SlackContext } from "../context";

export function registerViews(app: App, { core, threads }: SlackContext) {
  app.view(ACTION_MODAL, async ({ ack, body, view, client }) => {
    let context;
    try {
      context = modalContext.parse(JSON.parse(view.private_metadata));
    } catch {
      await ack({
        response_action: "errors",
        errors: { text: "This form's data could not be read; close it and start again." },
      });
      return;
    }
    const { text, owner, due } = submittedValues(view.state.values as never);
    const errors: Record<string, string> = {};
    if (!text) errors.text = "Say what will be done.";
    else if (text.length > 500) errors.text = `At most 500 characters; this has ${text.length}.`;
    if (owner && owner.length > 120) errors.owner = "At most 120 characters.";
    if (due) {
      const parsed = parseUserDate(due, core.clock.now());
      if (!parsed.ok) errors.due = parsed.reason;
      else if (parsed.date < new Date(core.clock.now()).toISOString().slice(0, 10))
        errors.due = "That date is in the past.";
    }
    if (Object.keys(errors).length) {
      await ack({ response_action: "errors", errors });
      return;
    }
    const parts = [
      context.mode === "propose" ? `action D${context.discussionId}` : `edit A${context.actionId}`,
      ...(text ? [quoted(text)] : []),
      ...(owner ? ["owner", quoted(owner)] : []),
      ...(due ? ["due", quoted(due)] : []),
    ];
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const result = await dispatch(
      core,
      commands,
      parts.join(" "),
      invocationOf({ teamId, userId: body.user.id, userName: body.user.name }),
    );
    if (result.reply.isError) {
      // The core refused (not a party, closed discussion…): say so on the form, change nothing.
      await ack({ response_action: "errors", errors: { text: result.reply.summary.slice(0, 300) } });
      return;
    }
    await ack();
    await threads.apply(client, teamId, context.channelId, result.events);
  });
}
