// A plan line's Edit button and its modal: the form opens only for the CCG's own people (anyone else reads why);
// each value is checked in place, by its period, as a submitted template's row is; a good form runs
// `plan <ccg> set …` through the same dispatch as typing it, once, however often Slack delivers it.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { commands, dispatch } from "../../../commands";
import { planDiscussPayload } from "../../../commands/plan";
import { PLAN_EDIT_ACTION, planLineCommand } from "../../../commands/plan-line";
import { DomainError } from "../../core/errors";
import { cutText } from "../../reply/cut";
import type { SlackContext } from "../context";
import { hostOfInteraction } from "../identity";
import { invocationOfInteraction } from "../invocation";
import { loadingView, messageView } from "../modal";
import {
  MAX_NOTE,
  NOTE_BLOCK,
  PLAN_LINE_MODAL,
  periodBlock,
  planLineContext,
  planLineModal,
  submittedLine,
} from "../plan-line-modal";
import { fallbackText, renderBlocks } from "../render/blocks";
import { submissionKey } from "./views";

function parsed<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

export function registerPlanLine(app: App, { core, threads, directory }: SlackContext) {
  app.action<BlockAction<ButtonAction>>(PLAN_EDIT_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (!(await core.inbound.claim(`slack:action:${body.trigger_id}:${action.action_ts}`))) return;
    const payload = parsed(() => planDiscussPayload.parse(JSON.parse(action.value ?? "")));
    // The trigger id lasts 3 seconds: a loading view at once, then the form (or why not) in its place.
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: loadingView() });
    const show = (view: Parameters<typeof client.views.update>[0]["view"]) =>
      client.views.update({
        view_id: opened.view?.id ?? "",
        ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
        view,
      });
    if (!payload) return void (await show(messageView("That button's data could not be read; nothing was changed.")));
    const invocation = await invocationOfInteraction({ client, directory }, body, { id: body.channel?.id });
    const actor = await core.people.identify(invocation.user);
    if (!actor)
      return void (await show(
        messageView(
          `I don't know which organisation you act for yet, so I can't take ${payload.ccg}'s plan from you. Ask an admin of your CCG to add you (\`member\`).`,
        ),
      ));
    try {
      const form = await core.planLines.form(actor, payload.ccg, payload.indicator, core.clock.now());
      await show(planLineModal(form, body.channel?.id));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await show(messageView([error.userMessage, error.hint].filter(Boolean).join("\n\n")));
    }
  });

  app.view(PLAN_LINE_MODAL, async ({ ack, body, view, client }) => {
    const context = parsed(() => planLineContext.parse(JSON.parse(view.private_metadata)));
    if (!context) {
      await ack({
        response_action: "errors",
        errors: { [NOTE_BLOCK]: "This form's data could not be read; close it and start again." },
      });
      return;
    }
    const { entries, note } = submittedLine(context, view.state.values as never);
    // Each value checked where it was typed, as the command will check it again before storing.
    const errors: Record<string, string> = {};
    let checked;
    try {
      checked = await core.planLines.check(context.ccg, context.indicator, entries, core.clock.now());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ack({ response_action: "errors", errors: { [NOTE_BLOCK]: cutText(error.userMessage, 300) } });
      return;
    }
    if (!checked.ok)
      for (const p of checked.problems) {
        const at = entries.find((e) => e.period === p.period)?.start ?? p.periodStart;
        if (at) errors[periodBlock(at)] ??= cutText(p.message, 300);
      }
    if (note.length > MAX_NOTE) errors[NOTE_BLOCK] = `At most ${MAX_NOTE} characters; this has ${note.length}.`;
    if (Object.keys(errors).length) {
      await ack({ response_action: "errors", errors });
      return;
    }
    if (!(await core.inbound.claim(submissionKey(view)))) {
      await ack({
        response_action: "errors",
        errors: { [NOTE_BLOCK]: "This form was already sent; nothing more was changed." },
      });
      return;
    }
    const invocation = await invocationOfInteraction({ client, directory }, body, { id: context.channelId });
    const result = await dispatch(
      core,
      commands,
      planLineCommand(context.ccg, context.indicator, entries, note),
      invocation,
    );
    if (result.reply.isError) {
      // The core refused (not the CCG's own people…): said on the form, nothing changed.
      await ack({ response_action: "errors", errors: { [NOTE_BLOCK]: cutText(result.reply.summary, 300) } });
      return;
    }
    await ack();
    const message = { text: fallbackText(result.reply), blocks: renderBlocks(result.reply) };
    if (context.channelId) {
      if (result.reply.visibility === "channel")
        await client.chat.postMessage({ channel: context.channelId, ...message });
      else await client.chat.postEphemeral({ channel: context.channelId, user: body.user.id, ...message });
    }
    await threads.apply(client, hostOfInteraction(body), context.channelId, result.events);
  });
}
