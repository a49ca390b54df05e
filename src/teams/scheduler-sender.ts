// How the scheduler's reminders and digests reach Teams: a delivery target (a channel, a thread, a person) is
// turned into the conversation reference stored when the bot was installed or spoken to, and sent with the
// bot's token to that conversation's own serviceUrl. No retries here: the scheduler's ledger retries, from the
// error's kind (429 with its Retry-After; 412/502/504 and network errors; anything else is permanent).
import type { Core } from "../core";
import type { Target } from "../core/reminders/target";
import type { Logger } from "../logging/logger";
import type { Reply } from "../reply/model";
import { SendError, type SentMessage, type Sender } from "../scheduler/sender";
import { conversationRefSchema, type ConversationRef } from "./conversation";
import { TeamsSendError, type TeamsSender } from "./sender";

/** Teams allows about 7 messages a second per conversation; stay well under. */
export const TEAMS_PER_TARGET_INTERVAL_MS = 250;

const TRANSIENT = new Set([412, 502, 503, 504]);

export function toSendError(error: unknown): SendError {
  if (error instanceof TeamsSendError) {
    if (error.status === 429) return new SendError("rate-limited", error.message, error.retryAfterMs);
    if (error.status === undefined || TRANSIENT.has(error.status) || (error.status >= 500 && !error.permanent)) {
      return new SendError("transient", error.message, error.retryAfterMs);
    }
    return new SendError("permanent", error.message);
  }
  if (error instanceof SendError) return error;
  return new SendError("transient", error instanceof Error ? error.message : String(error));
}

export class TeamsSchedulerSender implements Sender {
  readonly platform = "TEAMS" as const;
  readonly perTargetIntervalMs = TEAMS_PER_TARGET_INTERVAL_MS;
  private readonly sender: TeamsSender;

  constructor(
    private readonly core: Core,
    sender: TeamsSender,
    private readonly logger: Logger,
  ) {
    this.sender = sender.withRetryPolicy({
      attempts: 1,
      baseDelayMs: 0,
      maxDelayMs: 0,
      sleep: async () => {},
      random: Math.random,
    });
  }

  private async storedRef(where: { channelId?: string; tenantId?: string }): Promise<ConversationRef | null> {
    for (const raw of await this.core.links.conversationRefs("TEAMS", where)) {
      const parsed = conversationRefSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
    }
    return null;
  }

  async send(target: Target, reply: Reply): Promise<SentMessage | void> {
    try {
      if (target.kind === "person") {
        const via = await this.storedRef({ tenantId: target.tenantId });
        if (!via)
          throw new SendError(
            "permanent",
            `No Teams conversation is known in tenant ${target.tenantId}, so the bot can't reach this person.`,
          );
        const chat = await this.sender.openPersonalChat(via, target.userId);
        await this.sender.send(chat, reply);
        return;
      }
      const ref = await this.storedRef({ channelId: target.channelId });
      if (!ref)
        throw new SendError(
          "permanent",
          `The Teams channel ${target.channelId} has no stored conversation reference; link it again with \`link\`.`,
        );
      const sent = await this.sender.send(ref, reply, target.kind === "thread" ? { threadRootId: target.rootId } : {});
      return { messageId: sent.activityId };
    } catch (error) {
      const e = toSendError(error);
      this.logger.warn({ target, failure: e.failure, err: e.message }, "Teams delivery failed");
      throw e;
    }
  }

  /** Replaces a card posted in a channel or thread (updateActivity), for everyone. */
  async update(target: Target, messageId: string, reply: Reply): Promise<void> {
    if (target.kind === "person") return;
    try {
      const ref = await this.storedRef({ channelId: target.channelId });
      if (!ref)
        throw new SendError("permanent", `The Teams channel ${target.channelId} has no stored conversation reference.`);
      await this.sender.update(ref, messageId, reply, target.kind === "thread" ? { threadRootId: target.rootId } : {});
    } catch (error) {
      throw toSendError(error);
    }
  }
}
