// `/plan …`: ack at once (Slack allows 3 s), then run the command and answer through response_url.
import type { App } from "@slack/bolt";
import { z } from "zod";
import { commands, dispatch } from "../../../commands";
import type { Reply } from "../../reply/model";
import { invocationOf } from "../invocation";
import { postWithImageFallback } from "../image-fallback";
import { fallbackText, renderBlocks } from "../render/blocks";
import type { SlackContext } from "../context";

export const SHARE_ACTION = "reply.share";
export const sharePayload = z.object({ text: z.string().max(1900) });

/** A private answer to a read-only question gets a button to post it for everyone. */
export function withShareButton(reply: Reply, text: string): Reply {
  if (
    reply.isError ||
    reply.visibility !== "private" ||
    !/^(status|deadlines)\b/i.test(text.trim()) ||
    text.length > 1900
  )
    return reply;
  return {
    ...reply,
    blocks: [
      ...reply.blocks,
      {
        type: "buttons",
        buttons: [{ label: "Share in channel", actionId: SHARE_ACTION, payload: { text: text.trim() } }],
      },
    ],
  };
}

export function registerCommands(app: App, { core, threads, logger }: SlackContext) {
  app.command("/plan", async ({ command, ack, respond, client }) => {
    await ack();
    // Slack re-sends what it thinks failed; the trigger id is the same each time.
    if (!(await core.inbound.claim(`slack:command:${command.trigger_id}`))) return;
    const invocation = invocationOf({
      teamId: command.team_id,
      userId: command.user_id,
      userName: command.user_name,
      channelId: command.channel_id,
      channelName: command.channel_name,
    });
    const result = await dispatch(core, commands, command.text ?? "", invocation);
    const reply = withShareButton(result.reply, command.text ?? "");
    // A discussion's root message is its own public post; the command's answer stays private then.
    const postsRoot = result.events?.some((e) => e.type === "discussion.opened");
    await postWithImageFallback(
      reply,
      (blocks) =>
        respond({
          response_type: reply.visibility === "channel" && !postsRoot ? "in_channel" : "ephemeral",
          text: fallbackText(reply),
          blocks,
        }),
      logger,
    );
    // A discussion whose root message Slack refused (bot not in the channel…) is open all the same: say so privately.
    // response_url works where the bot can't post, which chat.postEphemeral doesn't.
    const notices = await threads.apply(client, command.team_id, command.channel_id, result.events);
    for (const notice of notices)
      await respond({ response_type: "ephemeral", text: fallbackText(notice), blocks: renderBlocks(notice) });
  });
}
