// `/plan …`: ack at once (Slack allows 3 s), then run the command and answer through response_url.
import type { App } from "@slack/bolt";
import { z } from "zod";
import { commands, dispatch } from "../../../commands";
import type { Reply } from "../../reply/model";
import { hostOfCommand, personOfCommand } from "../identity";
import { unescapeSlack } from "../input";
import { invocationOf } from "../invocation";
import { postWithImageFallback } from "../image-fallback";
import { fallbackText, LIMITS, renderBlocks } from "../render/blocks";
import type { SlackContext } from "../context";
import { uploadReplyFiles } from "../files";

export const SHARE_ACTION = "reply.share";
export const sharePayload = z.object({ text: z.string().max(LIMITS.buttonValue) });

/**
 * A private answer to a read-only question gets a button to post it for everyone. The command rides whole on the
 * button or not at all: a command whose serialised payload does not fit a button's value gets no button (a cut
 * command would be another command, and cut JSON would not parse).
 */
export function withShareButton(reply: Reply, text: string): Reply {
  if (
    reply.isError ||
    reply.visibility !== "private" ||
    !/^(status|deadlines)\b/i.test(text.trim()) ||
    JSON.stringify({ text: text.trim() }).length > LIMITS.buttonValue
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

export function registerCommands(app: App, { core, threads, logger, directory }: SlackContext) {
  app.command("/plan", async ({ command, ack, respond, client }) => {
    await ack();
    // Slack re-sends what it thinks failed; the trigger id is the same each time.
    if (!(await core.inbound.claim(`slack:command:${command.trigger_id}`))) return;
    const hostTeamId = hostOfCommand(command);
    const invocation = await invocationOf(
      { client, directory },
      {
        person: personOfCommand(command),
        hostTeamId,
        channelId: command.channel_id,
        channelName: command.channel_name,
      },
    );
    const text = unescapeSlack(command.text ?? "");
    const result = await dispatch(core, commands, text, invocation);
    const reply = withShareButton(result.reply, text);
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
    // A file the answer hands over (a planning template) is uploaded to the channel; a refusal is said privately.
    const refusal = await uploadReplyFiles(client, reply, { channel: command.channel_id }, logger);
    if (refusal) await respond({ response_type: "ephemeral", text: refusal });
    // A discussion whose root message Slack refused (bot not in the channel…) is open all the same: say so privately.
    // response_url works where the bot can't post, which chat.postEphemeral doesn't.
    const notices = await threads.apply(client, hostTeamId, command.channel_id, result.events);
    for (const notice of notices)
      await respond({ response_type: "ephemeral", text: fallbackText(notice), blocks: renderBlocks(notice) });
  });
}
