// "Log agreed action", a message shortcut on any message of a discussion thread: opens the action
// modal prefilled with that message.
import type { App, MessageShortcut } from "@slack/bolt";
import { actionModal, loadingView, messageView } from "../modal";
import type { SlackContext } from "../context";
import { unescapeSlack } from "../input";
import { escapeText } from "../render/blocks";

export const LOG_ACTION_SHORTCUT = "log_action";

export function registerShortcuts(app: App, { core }: SlackContext) {
  app.shortcut<MessageShortcut>(LOG_ACTION_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    const opened = await client.views.open({ trigger_id: shortcut.trigger_id, view: loadingView() });
    const rootTs = shortcut.message.thread_ts ?? shortcut.message.ts;
    const discussion = await core.discussions.findByThread("SLACK", shortcut.channel.id, rootTs);
    if (!discussion) {
      await client.views.update({
        view_id: opened.view?.id ?? "",
        view: messageView("This message is not in a discussion's thread. Open one with `/plan discuss <ccg> <topic>`."),
      });
      return;
    }
    await client.views.update({
      view_id: opened.view?.id ?? "",
      view: actionModal(
        { mode: "propose", discussionId: discussion.id, channelId: shortcut.channel.id },
        { text: unescapeSlack(shortcut.message.text ?? "") },
        `A new action in D${discussion.id} (${escapeText(discussion.topic)}).`,
      ),
    });
  });
}
