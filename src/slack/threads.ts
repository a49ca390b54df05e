// Keeps discussion threads in step with what commands did: a root message per discussion, an action card
// per action in its thread (updated in place), and the root's action counts.
import { randomUUID } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { DomainEvent } from "../../commands";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import { errorReply, type Reply } from "../reply/model";
import type { ActionWithDiscussion } from "../core/actions/actions";
import {
  actionBlocks,
  discussionBlocks,
  threadNotPostedReply,
  threadPostedReply,
  threadTakenReply,
  type ThreadNotPosted,
} from "../reply/views/dialogue";
import { fallbackText, renderBlocks } from "./render/blocks";

/** Slack's entry in Action.messageRef (kept per platform): the card's channel and ts. */
const slackMessageRef = z.object({ SLACK: z.object({ channel: z.string(), ts: z.string() }) });

/** Slack's refusals of a root message that the person who opened the discussion can do something about. */
const ROOT_REFUSALS: Record<string, ThreadNotPosted> = {
  not_in_channel: {
    reason: "I'm not a member of this channel",
    fix: "Invite me with `/invite @Plan Dialogue` so that discussions opened here get their thread.",
  },
  // what Slack answers for a private channel the bot is not in, and for a direct message
  channel_not_found: {
    reason: "I can't see this conversation (a private channel I'm not in, or a direct message)",
    fix: "In a private channel, invite me with `/invite @Plan Dialogue`; otherwise open discussions in a channel.",
  },
  is_archived: { reason: "this channel is archived" },
};

export class SlackThreads {
  constructor(
    private readonly core: Core,
    private readonly logger: Logger,
  ) {}

  /**
   * Returns what the person who acted must be told privately: that a discussion they opened has no thread,
   * because its root message could not be posted, or how `thread D12` went. Other thread updates that fail are only
   * logged.
   */
  async apply(
    client: WebClient,
    teamId: string,
    channelId: string | undefined,
    events: DomainEvent[] = [],
  ): Promise<Reply[]> {
    const notices: Reply[] = [];
    for (const event of events) {
      try {
        if (event.type === "discussion.opened" && channelId) {
          const notice = await this.postRoot(client, teamId, channelId, event.discussionId);
          if (notice) notices.push(notice);
        }
        if (event.type === "discussion.threadWanted" && channelId)
          notices.push(await this.giveThread(client, teamId, channelId, event.discussionId));
        if (event.type === "discussion.closed" || event.type === "discussion.changed")
          await this.updateRoot(client, event.discussionId);
        if (event.type === "action.changed") await this.showAction(client, event.actionId, event.step === "proposed");
      } catch (error) {
        // The command itself succeeded; a thread that can't be updated (bot not in channel) is logged, not fatal.
        this.logger.warn({ err: error, event }, "could not update the Slack thread");
      }
    }
    return notices;
  }

  /** Posts a new discussion's root message; when Slack refuses it, returns the notice for its opener. */
  private async postRoot(
    client: WebClient,
    teamId: string,
    channelId: string,
    discussionId: number,
  ): Promise<Reply | undefined> {
    const d = await this.core.discussions.find(discussionId);
    if (!d) return undefined;
    const reply = {
      summary: `Discussion D${d.id} with ${d.ccgCode}: ${d.topic}`,
      blocks: discussionBlocks(d, { agreed: 0, open: 0, done: 0 }),
      visibility: "channel" as const,
    };
    let posted;
    try {
      posted = await client.chat.postMessage({
        channel: channelId,
        text: fallbackText(reply),
        blocks: renderBlocks(reply),
      });
    } catch (error) {
      return threadNotPostedReply(d, "in this channel", this.whyNotPosted(error, d.id));
    }
    if (!posted.ts) return undefined;
    const thread = { platform: "SLACK" as const, tenantId: teamId, channelId, rootId: posted.ts };
    if (await this.core.discussions.attachThread(d.id, thread)) return undefined;
    // Someone else's `thread` got there first: one thread per discussion, so this root goes.
    await client.chat.delete({ channel: channelId, ts: posted.ts });
    return threadTakenReply(d);
  }

  /**
   * `thread D12` for a discussion with no thread: its root here, then its actions' cards in the new thread (a card
   * that fails is logged and counted, the rest still go), and the root's counts once at the end.
   */
  private async giveThread(client: WebClient, teamId: string, channelId: string, discussionId: number): Promise<Reply> {
    if (channelId.startsWith("D")) {
      const text = `A direct message can't hold D${discussionId}'s thread: run \`/plan thread D${discussionId}\` in the channel it should live in.`;
      return errorReply(text);
    }
    const notPosted = await this.postRoot(client, teamId, channelId, discussionId);
    if (notPosted) return notPosted;
    let posted = 0;
    let failed = 0;
    for (const a of await this.core.actions.inDiscussion(discussionId)) {
      try {
        await this.postActionCard(client, a);
        posted++;
      } catch (error) {
        failed++;
        this.logger.warn({ err: error, actionId: a.id }, "could not post an action card in a new Slack thread");
      }
    }
    await this.updateRoot(client, discussionId);
    return threadPostedReply({ id: discussionId }, "in this channel", posted, failed);
  }

  /** Slack's refusal in the opener's words; anything else is logged with an id they can quote. */
  private whyNotPosted(error: unknown, discussionId: number): ThreadNotPosted {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    const refusal = typeof code === "string" ? ROOT_REFUSALS[code] : undefined;
    if (refusal) {
      this.logger.warn({ err: error, discussionId }, "Slack refused a discussion's root message");
      return refusal;
    }
    const errorId = randomUUID().slice(0, 8);
    this.logger.error({ err: error, errorId, discussionId }, "could not post a discussion's root message");
    return { errorId };
  }

  private async updateRoot(client: WebClient, discussionId: number) {
    const d = await this.core.discussions.find(discussionId);
    if (!d || d.threadPlatform !== "SLACK" || !d.threadChannel || !d.threadRootId) return;
    const reply = {
      summary: `Discussion D${d.id} with ${d.ccgCode}: ${d.topic}`,
      blocks: discussionBlocks(d, await this.core.discussions.counts(d.id)),
      visibility: "channel" as const,
    };
    await client.chat.update({
      channel: d.threadChannel,
      ts: d.threadRootId,
      text: fallbackText(reply),
      blocks: renderBlocks(reply),
    });
  }

  /** A new action is posted in its discussion's thread; a changed one is updated where it is. */
  private async showAction(client: WebClient, actionId: number, isNew: boolean) {
    const a = await this.core.actions.find(actionId);
    if (!a) return;
    const d = a.discussion;
    const existing = slackMessageRef.safeParse(a.messageRef);
    if (existing.success && !isNew) {
      const card = actionCard(a);
      await client.chat.update({
        channel: existing.data.SLACK.channel,
        ts: existing.data.SLACK.ts,
        text: fallbackText(card),
        blocks: renderBlocks(card),
      });
    } else {
      await this.postActionCard(client, a);
    }
    await this.updateRoot(client, d.id);
  }

  /** Posts an action's card in its discussion's Slack thread (if it has one) and remembers where. */
  private async postActionCard(client: WebClient, a: ActionWithDiscussion) {
    const d = a.discussion;
    if (d.threadPlatform !== "SLACK" || !d.threadChannel || !d.threadRootId) return;
    const card = actionCard(a);
    const posted = await client.chat.postMessage({
      channel: d.threadChannel,
      thread_ts: d.threadRootId,
      text: fallbackText(card),
      blocks: renderBlocks(card),
    });
    if (posted.ts) await this.core.actions.attachMessage(a.id, "SLACK", { channel: d.threadChannel, ts: posted.ts });
  }
}

/** An action's card in a thread: the same blocks wherever it is posted or updated. */
function actionCard(a: ActionWithDiscussion): Reply {
  return { summary: `A${a.id} ${a.text}`, blocks: actionBlocks(a), visibility: "channel" };
}
