// Buttons. Agree / Done / Drop run the same commands as typing them, so the core's permission checks
// apply; a refusal is shown only to the person who clicked, and nothing changes.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { commands, dispatch } from "../../../commands";
import { storedDate } from "../../core/time";
import { ACTION_BUTTONS } from "../../reply/views/dialogue";
import { ASSURANCE_BUTTONS, assuranceButtonCommand } from "../../reply/views/assurance";
import { REVIEW_ITEM_BUTTONS, reviewItemButtonCommand } from "../../reply/views/escalation";
import { hostOfInteraction } from "../identity";
import { invocationOfInteraction } from "../invocation";
import { actionModal, loadingView, messageView } from "../modal";
import { fallbackText, renderBlocks } from "../render/blocks";
import type { SlackContext } from "../context";
import { postWithImageFallback } from "../image-fallback";
import { SHARE_ACTION, sharePayload } from "./commands";
import { PLAN_DISCUSS_ACTION, planDiscussCommand, planDiscussPayload } from "../../../commands/plan";

const actionPayload = z.object({ actionId: z.number().int().positive() });
const discussionPayload = z.object({ discussionId: z.number().int().positive() });

function parseValue<T>(schema: z.ZodType<T>, value: string | undefined): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The clicker (their home workspace, from identity.ts) in the host's channel. */
const who = (slack: Pick<SlackContext, "directory">, body: BlockAction, client: WebClient) =>
  invocationOfInteraction({ client, directory: slack.directory }, body, body.channel);

async function tellPrivately(client: WebClient, body: BlockAction, text: string) {
  if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text });
}

export function registerActions(app: App, slack: SlackContext) {
  const { core, threads, logger } = slack;
  const claim = (body: BlockAction) =>
    core.inbound.claim(`slack:action:${body.trigger_id}:${body.actions[0]?.action_ts ?? ""}`);

  for (const verb of ["agree", "done", "drop"] as const) {
    app.action<BlockAction<ButtonAction>>(ACTION_BUTTONS[verb], async ({ ack, body, action, client }) => {
      await ack();
      if (!(await claim(body))) return;
      const payload = parseValue(actionPayload, action.value);
      if (!payload) return tellPrivately(client, body, "That button's data could not be read; nothing was changed.");
      const result = await dispatch(core, commands, `${verb} A${payload.actionId}`, await who(slack, body, client));
      if (result.reply.isError) {
        await client.chat.postEphemeral({
          channel: body.channel?.id ?? "",
          user: body.user.id,
          text: fallbackText(result.reply),
          blocks: renderBlocks(result.reply),
        });
        return;
      }
      await threads.apply(client, hostOfInteraction(body), body.channel?.id, result.events);
    });
  }

  // Assurance checkpoint and review item buttons run the command as the clicker: a refusal is private; a
  // discussion opened from a difference or an item gets its root message here; "Mark discussed" and "Note as
  // resolved" are said in the channel.
  const commandButtons: (readonly [string, (id: string, value: unknown) => string | null])[] = [
    ...Object.values(ASSURANCE_BUTTONS).map((id) => [id, assuranceButtonCommand] as const),
    ...Object.values(REVIEW_ITEM_BUTTONS).map((id) => [id, reviewItemButtonCommand] as const),
  ];
  for (const [id, commandOf] of commandButtons) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action, client }) => {
      await ack();
      if (!(await claim(body))) return;
      let value: unknown = null;
      try {
        value = JSON.parse(action.value ?? "");
      } catch {
        value = null;
      }
      const text = commandOf(id, value);
      if (!text) return tellPrivately(client, body, "That button's data could not be read; nothing was changed.");
      const result = await dispatch(core, commands, text, await who(slack, body, client));
      const channel = body.channel?.id;
      const privately = (reply: typeof result.reply) =>
        client.chat.postEphemeral({
          channel: channel ?? "",
          user: body.user.id,
          text: fallbackText(reply),
          blocks: renderBlocks(reply),
        });
      if (result.reply.isError || result.reply.visibility === "private") return void (await privately(result.reply));
      const notices = await threads.apply(client, hostOfInteraction(body), channel, result.events);
      if (!result.events?.some((e) => e.type === "discussion.opened") && channel)
        await client.chat.postMessage({
          channel,
          text: fallbackText(result.reply),
          blocks: renderBlocks(result.reply),
        });
      for (const n of notices) await privately(n);
    });
  }

  // Edit opens the action modal prefilled; the discussion's button opens it empty.
  app.action<BlockAction<ButtonAction>>(ACTION_BUTTONS.edit, async ({ ack, body, action, client }) => {
    await ack();
    const payload = parseValue(actionPayload, action.value);
    if (!payload) return tellPrivately(client, body, "That button's data could not be read; nothing was changed.");
    // The trigger id lasts 3 seconds: open a loading view at once, then fill it.
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: loadingView() });
    const actor = await core.people.identify((await who(slack, body, client)).user);
    const a = actor ? await core.actions.get(actor, payload.actionId).catch(() => null) : null;
    if (!a) {
      await client.views.update({
        view_id: opened.view?.id ?? "",
        view: messageView("Only the CCG and its area team can change this action."),
      });
      return;
    }
    const view = actionModal(
      { mode: "edit", actionId: a.id, channelId: body.channel?.id },
      { text: a.text, owner: a.owner ?? undefined, due: a.dueDate ? storedDate(a.dueDate) : undefined },
      `Editing A${a.id} sends it back to proposed until the other side agrees.`,
    );
    await client.views.update({ view_id: opened.view?.id ?? "", view });
  });

  app.action<BlockAction<ButtonAction>>(ACTION_BUTTONS.propose, async ({ ack, body, action, client }) => {
    await ack();
    const payload = parseValue(discussionPayload, action.value);
    if (!payload) return tellPrivately(client, body, "That button's data could not be read; nothing was changed.");
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: loadingView() });
    await client.views.update({
      view_id: opened.view?.id ?? "",
      view: actionModal(
        { mode: "propose", discussionId: payload.discussionId, channelId: body.channel?.id },
        {},
        `A new action in D${payload.discussionId}; it is agreed when the other side agrees.`,
      ),
    });
  });

  // A plan line's Discuss: opens a discussion with the CCG tied to the line's indicator, as `discuss` would.
  app.action<BlockAction<ButtonAction>>(PLAN_DISCUSS_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (!(await claim(body))) return;
    const payload = parseValue(planDiscussPayload, action.value);
    if (!payload) return tellPrivately(client, body, "That button's data could not be read; nothing was changed.");
    const result = await dispatch(core, commands, planDiscussCommand(payload), await who(slack, body, client));
    if (result.reply.isError || !result.events?.length) {
      if (body.channel?.id)
        await client.chat.postEphemeral({
          channel: body.channel.id,
          user: body.user.id,
          text: fallbackText(result.reply),
          blocks: renderBlocks(result.reply),
        });
      return;
    }
    const notices = await threads.apply(client, hostOfInteraction(body), body.channel?.id, result.events);
    for (const notice of notices) await tellPrivately(client, body, fallbackText(notice));
  });

  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (!(await claim(body))) return;
    const payload = parseValue(sharePayload, action.value);
    if (!payload || !body.channel?.id) return;
    const result = await dispatch(core, commands, payload.text, await who(slack, body, client));
    if (result.reply.isError) return tellPrivately(client, body, fallbackText(result.reply));
    const channel = body.channel.id;
    await postWithImageFallback(
      result.reply,
      (blocks) => client.chat.postMessage({ channel, text: fallbackText(result.reply), blocks }),
      logger,
    );
    logger.debug({ text: payload.text }, "shared in channel");
  });
}
