// Sending to Teams outside a request: reminders, digests, discussion threads, card updates.
// Every send goes to the conversation's own stored serviceUrl (Teams connectors are regional), never to the
// SDK's default SERVICE_URL. Teams answers 429 under load and sometimes 412/502/504: retried here a few times
// with backoff and jitter (Retry-After honoured); anything else, or a retry budget spent, is a TeamsSendError
// the caller (the scheduler's delivery ledger) records.
import { Client as ConnectorClient } from "@microsoft/teams.api";
import type { Client as HttpClient } from "@microsoft/teams.common";
import type { Logger } from "../logging/logger";
import type { Reply } from "../reply/model";
import { conversationRefSchema, threadConversationId, type ConversationRef } from "./conversation";
import { cardMessage, type RenderOptions } from "./render/card";

const RETRYABLE = new Set([412, 429, 502, 504]);

export class TeamsSendError extends Error {
  constructor(
    message: string,
    /** HTTP status from the connector; undefined for a network failure */
    readonly status: number | undefined,
    /** true when retrying later will not help (bad reference, bot removed, message too big) */
    readonly permanent: boolean,
    /** what the connector asked us to wait, when it said */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TeamsSendError";
  }
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

interface HttpErrorLike {
  response?: { status?: number; headers?: Record<string, unknown> };
  message?: string;
}

function retryAfterMs(error: HttpErrorLike): number | undefined {
  const raw = error.response?.headers?.["retry-after"];
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(String(raw));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export async function withRetries<T>(
  what: string,
  fn: () => Promise<T>,
  policy: RetryPolicy,
  logger?: Logger,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (raw) {
      const error = raw as HttpErrorLike;
      const status = error.response?.status;
      const wait = retryAfterMs(error);
      const retryable = status === undefined || RETRYABLE.has(status);
      if (!retryable || attempt >= policy.attempts) {
        throw new TeamsSendError(
          `${what} failed${status ? ` with HTTP ${status}` : ""}: ${error.message ?? "unknown error"}`,
          status,
          !retryable,
          wait,
        );
      }
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.min(policy.maxDelayMs, wait ?? Math.round(backoff / 2 + policy.random() * (backoff / 2)));
      logger?.warn({ what, status, attempt, delayMs: delay }, "Teams send throttled or failed; retrying");
      await policy.sleep(delay);
    }
  }
}

export interface SendOptions {
  /** post as a reply in this thread of a channel (the root message's id) */
  threadRootId?: string;
  /** how the card is rendered, e.g. with a refresh clause for user-specific views */
  render?: RenderOptions;
}

export class TeamsSender {
  constructor(
    /** an HTTP client that carries the bot's token */
    private readonly http: HttpClient,
    private readonly logger: Logger,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  /** The same sender with another retry policy (the scheduler may prefer to retry from its delivery ledger). */
  withRetryPolicy(retry: RetryPolicy): TeamsSender {
    return new TeamsSender(this.http, this.logger, retry);
  }

  /** A reference as stored (ChannelLink.conversationRef is JSON): parsed, or a permanent error. */
  static parseRef(ref: unknown): ConversationRef {
    const parsed = conversationRefSchema.safeParse(ref);
    if (!parsed.success)
      throw new TeamsSendError("The stored Teams conversation reference is not usable.", undefined, true);
    return parsed.data;
  }

  private connector(ref: ConversationRef) {
    return new ConnectorClient(ref.serviceUrl, this.http);
  }

  private target(ref: ConversationRef, options: SendOptions) {
    return options.threadRootId ? threadConversationId(ref.conversationId, options.threadRootId) : ref.conversationId;
  }

  /** Posts a reply as a card to a stored conversation; returns the new message's id. */
  async send(conversationRef: unknown, reply: Reply, options: SendOptions = {}): Promise<{ activityId: string }> {
    const ref = TeamsSender.parseRef(conversationRef);
    const conversationId = this.target(ref, options);
    const activity = {
      ...cardMessage(reply, options.render),
      from: { id: ref.botId },
      conversation: { id: conversationId },
    };
    const res = await withRetries(
      "send",
      () => this.connector(ref).conversations.createActivity(conversationId, activity as never),
      this.retry,
      this.logger,
    );
    return { activityId: res.id };
  }

  /** Replaces a message the bot posted earlier (a card updated in place, for everyone). */
  async update(conversationRef: unknown, activityId: string, reply: Reply, options: SendOptions = {}): Promise<void> {
    const ref = TeamsSender.parseRef(conversationRef);
    const conversationId = this.target(ref, options);
    const activity = {
      ...cardMessage(reply, options.render),
      id: activityId,
      from: { id: ref.botId },
      conversation: { id: conversationId },
    };
    await withRetries(
      "update",
      () => this.connector(ref).conversations.updateActivity(conversationId, activityId, activity as never),
      this.retry,
      this.logger,
    );
  }

  /** Takes back a message the bot posted (a second root card for a discussion that already has its thread). */
  async delete(conversationRef: unknown, activityId: string): Promise<void> {
    const ref = TeamsSender.parseRef(conversationRef);
    await withRetries(
      "delete",
      () => this.connector(ref).conversations.deleteActivity(ref.conversationId, activityId),
      this.retry,
      this.logger,
    );
  }

  /**
   * The bot's one-to-one chat with a person (by Entra object id), opened through a connector known for their
   * tenant. Teams allows it only when the app is installed for that person (else 403, permanent).
   */
  async openPersonalChat(via: unknown, userAadObjectId: string): Promise<ConversationRef> {
    const ref = TeamsSender.parseRef(via);
    const params = {
      bot: { id: ref.botId },
      members: [{ id: `8:orgid:${userAadObjectId}` }],
      tenantId: ref.tenantId,
      isGroup: false,
      channelData: { tenant: { id: ref.tenantId } },
    };
    const res = await withRetries(
      "open personal chat",
      () => this.connector(ref).conversations.create(params as never),
      this.retry,
      this.logger,
    );
    return { ...ref, conversationId: res.id, conversationType: "personal" };
  }

  /**
   * A conversation member as the Bot Connector knows them (GET /v3/conversations/{id}/members/{memberId}): their
   * Entra object id and their own tenant (`TeamsChannelAccount.tenantId`, "the user's Azure AD tenant").
   */
  async member(conversationRef: unknown, memberId: string): Promise<{ aadObjectId?: string; tenantId?: string }> {
    const ref = TeamsSender.parseRef(conversationRef);
    const member = await withRetries(
      "member lookup",
      () => this.connector(ref).conversations.getMemberById(ref.conversationId, memberId),
      this.retry,
      this.logger,
    );
    return {
      ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}),
      ...(member.tenantId ? { tenantId: member.tenantId } : {}),
    };
  }
}
