// Events: @mentions run a command (or show help), thread replies are kept with their discussion,
// renamed channels keep their links, and App Home shows what is waiting for you.
import type { App } from "@slack/bolt";
import { commands, dispatch } from "../../../commands";
import type { Reply } from "../../reply/model";
import { botUserIdOf, hostOfEvent, personOfEvent, type EventEnvelopeShape, type EventShape } from "../identity";
import { unescapeSlack } from "../input";
import { invocationOf } from "../invocation";
import { fallbackText, renderBlocks } from "../render/blocks";
import type { SlackContext } from "../context";
import { postWithImageFallback } from "../image-fallback";
import { cutText } from "../../reply/cut";
import { inboundFiles, uploadReplyFiles, type SlackFileShape } from "../files";

/** Removes the bot's own mention (only its own: `member <@UNEW> 02N` keeps UNEW), then Slack's escaping. */
export function mentionText(text: string, botUserId: string | undefined): string {
  const own = botUserId
    ? new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/gi, "")}(\\|[^>]*)?>`, "g")
    : // Bot id unknown: the mention that starts the message is the one that called the bot.
      /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return unescapeSlack(text.replace(own, "")).trim();
}

export function registerEvents(app: App, { core, threads, logger, directory }: SlackContext) {
  // Every event is handled once, whatever Slack re-sends.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !(await core.inbound.claim(`slack:event:${eventId}`))) return;
    await next();
  });

  app.event("app_mention", async ({ event, client, body, context }) => {
    const envelope = body as EventEnvelopeShape;
    const hostTeamId = hostOfEvent(envelope);
    const text = mentionText(event.text, botUserIdOf(context, envelope)) || "help";
    const invocation = await invocationOf(
      { client, directory },
      { person: personOfEvent(envelope, event as EventShape), hostTeamId, channelId: event.channel },
    );
    // A file shared with the mention (a planning template for `plan submit`) rides along, read only if asked for.
    const files = (event as { files?: SlackFileShape[] }).files;
    if (files?.length) invocation.files = inboundFiles(files, context.botToken ?? client.token);
    const result = await dispatch(core, commands, text, invocation);
    await postWithImageFallback(
      result.reply,
      (blocks) =>
        client.chat.postMessage({
          channel: event.channel,
          thread_ts: event.thread_ts ?? event.ts,
          text: fallbackText(result.reply),
          blocks,
        }),
      logger,
    );
    const refusal = await uploadReplyFiles(
      client,
      result.reply,
      { channel: event.channel, threadTs: event.thread_ts ?? event.ts },
      logger,
    );
    if (refusal && event.user)
      await client.chat.postEphemeral({ channel: event.channel, user: event.user, text: refusal }).catch(() => {});
    // The bot was mentioned here, so an ephemeral reply can reach the person whose discussion has no thread.
    const notices = await threads.apply(client, hostTeamId, event.channel, result.events);
    const user = event.user;
    for (const notice of notices) {
      if (!user) break;
      await client.chat
        .postEphemeral({
          channel: event.channel,
          user,
          thread_ts: event.thread_ts ?? event.ts,
          text: fallbackText(notice),
          blocks: renderBlocks(notice),
        })
        .catch((err: unknown) => logger.warn({ err }, "could not tell the opener that the discussion has no thread"));
    }
  });

  app.event("message", async ({ event, client, body, context }) => {
    const m = event as {
      subtype?: string;
      thread_ts?: string;
      ts: string;
      channel: string;
      channel_type?: string;
      text?: string;
      user?: string;
      bot_id?: string;
      files?: SlackFileShape[];
    };
    // A direct message to the bot is a command, and a file shared with it rides along (`plan submit 02N` with the
    // planning template). In a channel the same share arrives as an app_mention when it mentions the bot, and is run
    // from there.
    if ((!m.subtype || m.subtype === "file_share") && m.channel_type === "im" && !m.bot_id && m.user) {
      const envelope = body as EventEnvelopeShape;
      const invocation = await invocationOf(
        { client, directory },
        {
          person: personOfEvent(envelope, event as EventShape),
          hostTeamId: hostOfEvent(envelope),
          channelId: m.channel,
        },
      );
      invocation.files = inboundFiles(m.files, context.botToken ?? client.token);
      const result = await dispatch(core, commands, unescapeSlack(m.text ?? "").trim() || "help", invocation);
      await client.chat.postMessage({
        channel: m.channel,
        text: fallbackText(result.reply),
        blocks: renderBlocks(result.reply),
      });
      const refusal = await uploadReplyFiles(client, result.reply, { channel: m.channel }, logger);
      if (refusal) await client.chat.postMessage({ channel: m.channel, text: refusal });
      const notices = await threads.apply(client, hostOfEvent(envelope), m.channel, result.events);
      for (const notice of notices)
        await client.chat.postMessage({ channel: m.channel, text: fallbackText(notice), blocks: renderBlocks(notice) });
      return;
    }
    if (m.subtype || m.bot_id || !m.thread_ts || m.thread_ts === m.ts) return;
    const discussion = await core.discussions.findByThread("SLACK", m.channel, m.thread_ts);
    if (!discussion) return;
    // The author as commands see them: their home workspace, their registered name, else Slack's display name
    // (users.info); never the bare user id, which means nothing to a reader.
    const envelope = body as EventEnvelopeShape;
    const { user } = await invocationOf(
      { client, directory },
      { person: personOfEvent(envelope, event as EventShape), hostTeamId: hostOfEvent(envelope) },
    );
    const actor = await core.people.identify(user);
    const registeredName = actor && actor.name !== user.userId ? actor.name : undefined;
    await core.discussions.recordMessage(discussion.id, {
      ...(actor ? { personId: actor.personId } : {}),
      authorName: registeredName ?? user.displayName ?? "someone",
      text: cutText(unescapeSlack(m.text ?? ""), 4000),
      platformMessageId: m.ts,
    });
  });

  app.event("channel_rename", async ({ event, body }) => {
    await core.links.touchChannel({
      platform: "SLACK",
      // the channel's workspace: the installation the event came through
      tenantId: hostOfEvent(body as EventEnvelopeShape),
      channelId: event.channel.id,
      channelName: event.channel.name,
    });
  });

  app.event("app_home_opened", async ({ event, client, body }) => {
    if (event.tab !== "home") return;
    const envelope = body as EventEnvelopeShape;
    const invocation = await invocationOf(
      { client, directory },
      { person: personOfEvent(envelope, event as EventShape), hostTeamId: hostOfEvent(envelope) },
    );
    const ask = async (text: string) => (await dispatch(core, commands, text, invocation)).reply;
    const actor = await core.people.identify(invocation.user);
    const sections: Reply[] = actor
      ? [await ask("actions mine"), await ask("actions"), await ask("deadlines")]
      : [await ask("whoami")];
    const blocks = sections.flatMap((r) => renderBlocks(r)).slice(0, 100);
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks } });
  });
}
