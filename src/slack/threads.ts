// Keeps discussion threads in step with what commands did: a root message per discussion, an action card
// per action in its thread (updated in place), and the root's action counts.
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { DomainEvent } from "../../commands";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import { actionBlocks, discussionBlocks } from "../reply/views/dialogue";
import { renderBlocks } from "./render/blocks";

/** Slack's entry in Action.messageRef (kept per platform): the card's channel and ts. */
const slackMessageRef = z.object({ SLACK: z.object({ channel: z.string(), ts: z.string() }) });

export class SlackThreads {
  constructor(
    private readonly core: Core,
    private readonly logger: Logger,
  ) {}

  async apply(
    client: WebClient,
    teamId: string,
    channelId: string | undefined,
    events: DomainEvent[] = [],
  ): Promise<void> {
    for (const event of events) {
      try {
        if (event.type === "discussion.opened" && channelId)
          await this.postRoot(client, teamId, channelId, event.discussionId);
        if (event.type === "discussion.closed") await this.updateRoot(client, event.discussionId);
        if (event.type === "action.changed") await this.showAction(client, event.actionId, event.step === "proposed");
      } catch (error) {
        // The command itself succeeded; a thread that can't be updated (bot not in channel) is logged, not fatal.
        this.logger.warn({ err: error, event }, "could not update the Slack thread");
      }
    }
  }

  private async postRoot(client: WebClient, teamId: string, channelId: string, discussionId: number) {
    const d = await this.core.discussions.find(discussionId);
    if (!d) return;
    const reply = {
      summary: `Discussion D${d.id} with ${d.ccgCode}: ${d.topic}`,
      blocks: discussionBlocks(d, { agreed: 0, open: 0, done: 0 }),
      visibility: "channel" as const,
    };
    const posted = await client.chat.postMessage({
      channel: channelId,
      text: reply.summary,
      blocks: renderBlocks(reply),
    });
    if (posted.ts)
      await this.core.discussions.attachThread(d.id, {
        platform: "SLACK",
        tenantId: teamId,
        channelId,
        rootId: posted.ts,
      });
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
      text: reply.summary,
      blocks: renderBlocks(reply),
    });
  }

  /** A new action is posted in its discussion's thread; a changed one is updated where it is. */
  private async showAction(client: WebClient, actionId: number, isNew: boolean) {
    const a = await this.core.actions.find(actionId);
    if (!a) return;
    const d = a.discussion;
    const reply = { summary: `A${a.id} ${a.text}`, blocks: actionBlocks(a), visibility: "channel" as const };
    const existing = slackMessageRef.safeParse(a.messageRef);
    if (existing.success && !isNew) {
      await client.chat.update({
        channel: existing.data.SLACK.channel,
        ts: existing.data.SLACK.ts,
        text: reply.summary,
        blocks: renderBlocks(reply),
      });
    } else if (d.threadPlatform === "SLACK" && d.threadChannel && d.threadRootId) {
      const posted = await client.chat.postMessage({
        channel: d.threadChannel,
        thread_ts: d.threadRootId,
        text: reply.summary,
        blocks: renderBlocks(reply),
      });
      if (posted.ts) await this.core.actions.attachMessage(a.id, "SLACK", { channel: d.threadChannel, ts: posted.ts });
    }
    await this.updateRoot(client, d.id);
  }
}
