// The action modal's submission: field errors shown in place; otherwise the same commands as typing.
import { createHash } from "node:crypto";
import type { App } from "@slack/bolt";
import { commands, dispatch } from "../../../commands";
import { parseUserDate } from "../../core/time";
import { hostOfInteraction, personOfInteraction } from "../identity";
import { invocationOf } from "../invocation";
import { ACTION_MODAL, modalContext, quoted, submittedValues } from "../modal";
import type { SlackContext } from "../context";
import { cutText } from "../../reply/cut";

/**
 * One key per submission: the view (its id and hash, which Slack changes whenever the view is updated) and what
 * was submitted. The same submission delivered again, or replayed within the signing window, has the same key;
 * a corrected form sent after an error has other values, and so another key.
 */
export function submissionKey(view: { id: string; hash: string; state: unknown }): string {
  const values = createHash("sha256").update(JSON.stringify(view.state)).digest("hex").slice(0, 32);
  return `slack:view:${view.id}:${view.hash}:${values}`;
}

export function registerViews(app: App, { core, threads, directory }: SlackContext) {
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
    if (!(await core.inbound.claim(submissionKey(view)))) {
      await ack({
        response_action: "errors",
        errors: { text: "This form was already sent; nothing more was changed." },
      });
      return;
    }
    const hostTeamId = hostOfInteraction(body);
    const invocation = await invocationOf({ client, directory }, { person: personOfInteraction(body), hostTeamId });
    const result = await dispatch(core, commands, parts.join(" "), invocation);
    if (result.reply.isError) {
      // The core refused (not a party, closed discussion…): say so on the form, change nothing.
      await ack({ response_action: "errors", errors: { text: cutText(result.reply.summary, 300) } });
      return;
    }
    await ack();
    await threads.apply(client, hostTeamId, context.channelId, result.events);
  });
}
