// How the scheduler posts to Slack. The Web API client's own retries are off: the scheduler's ledger
// retries, honouring Retry-After, so a 429 never blocks other channels or is retried twice.
import { ErrorCode, WebClient, type WebAPICallError } from "@slack/web-api";
import type { Target } from "../core/reminders/target";
import type { Reply } from "../reply/model";
import { RateLimiter } from "../scheduler/rate-limiter";
import { SendError, type SentMessage, type Sender } from "../scheduler/sender";
import { fallbackText, renderBlocks } from "./render/blocks";

/** Slack errors that will not pass by retrying. */
const PERMANENT = new Set([
  "channel_not_found",
  "is_archived",
  "not_in_channel",
  "account_inactive",
  "invalid_auth",
  "token_revoked",
  "user_not_found",
  "cannot_dm_bot",
  "restricted_action",
  "missing_scope",
]);

export class SlackSender implements Sender {
  readonly platform = "SLACK" as const;
  /** Slack allows about one message a second per channel. */
  readonly perTargetIntervalMs = 1000;
  private readonly clients = new Map<string, WebClient>();
  private readonly limiter: RateLimiter;

  /**
   * token: one workspace's bot token, or (OAuth installs) a function finding the token for a target.
   * messagesPerSecond: the workspace-wide pace of posting (SLACK_MESSAGES_PER_SECOND).
   */
  constructor(
    private readonly token: string | ((target: Target) => Promise<string | null>),
    private readonly slackApiUrl?: string,
    messagesPerSecond = 10,
  ) {
    this.limiter = new RateLimiter(messagesPerSecond);
  }

  private async clientFor(target: Target): Promise<WebClient> {
    const token = typeof this.token === "string" ? this.token : await this.token(target);
    if (!token) throw new SendError("permanent", "the app is not installed in this channel's workspace");
    let client = this.clients.get(token);
    if (!client) {
      client = new WebClient(token, {
        ...(this.slackApiUrl ? { slackApiUrl: this.slackApiUrl } : {}),
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
      });
      this.clients.set(token, client);
    }
    return client;
  }

  async send(target: Target, reply: Reply): Promise<SentMessage | void> {
    const client = await this.clientFor(target);
    await this.limiter.take();
    try {
      const message = { text: fallbackText(reply), blocks: renderBlocks(reply) };
      if (target.kind === "person") {
        const dm = await client.conversations.open({ users: target.userId });
        await client.chat.postMessage({ channel: dm.channel?.id ?? target.userId, ...message });
        return;
      }
      const posted = await client.chat.postMessage({
        channel: target.channelId,
        ...(target.kind === "thread" ? { thread_ts: target.rootId } : {}),
        ...message,
      });
      return posted.ts ? { messageId: posted.ts } : undefined;
    } catch (error) {
      throw classify(error as WebAPICallError);
    }
  }

  /** chat.update of a channel message this app posted (its ts). */
  async update(target: Target, messageId: string, reply: Reply): Promise<void> {
    if (target.kind === "person") return;
    const client = await this.clientFor(target);
    await this.limiter.take();
    try {
      await client.chat.update({
        channel: target.channelId,
        ts: messageId,
        text: fallbackText(reply),
        blocks: renderBlocks(reply),
      });
    } catch (error) {
      throw classify(error as WebAPICallError);
    }
  }
}

function classify(error: WebAPICallError): SendError {
  if (error.code === ErrorCode.RateLimitedError)
    return new SendError(
      "rate-limited",
      "Slack rate limit (429)",
      (error as { retryAfter?: number }).retryAfter! * 1000,
    );
  if (error.code === ErrorCode.PlatformError) {
    const code = String((error as { data?: { error?: string } }).data?.error ?? "platform_error");
    return new SendError(PERMANENT.has(code) ? "permanent" : "transient", code);
  }
  return new SendError("transient", error.message);
}
