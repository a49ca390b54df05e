// How the scheduler reaches a platform. Slack, Teams and the console each implement this; the
// scheduler decides what to retry from the error's kind.
import type { Platform } from "../core/db";
import type { Target } from "../core/reminders/target";
import type { Reply } from "../reply/model";

export interface Sender {
  platform: Platform;
  /** the least time between two messages to one target (Slack: about one a second per channel) */
  perTargetIntervalMs: number;
  /** Posts the message; returns its id when it can be updated later (a channel message, not a DM). */
  send(target: Target, reply: Reply): Promise<SentMessage | void>;
  /** Replaces a message this sender posted (a review item once resolved), for everyone who sees it. */
  update?(target: Target, messageId: string, reply: Reply): Promise<void>;
}

/** A posted message as its platform names it: Slack's ts, Teams' activity id. */
export interface SentMessage {
  messageId: string;
}

export type SendFailure = "rate-limited" | "transient" | "permanent";

/** Thrown by senders: rate-limited (429, with Retry-After), transient (5xx, network) or permanent. */
export class SendError extends Error {
  constructor(
    readonly failure: SendFailure,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "SendError";
  }
}

/** For the console and tests: keeps what it was asked to send. */
export class RecordingSender implements Sender {
  readonly sent: { target: Target; reply: Reply }[] = [];
  readonly updated: { target: Target; messageId: string; reply: Reply }[] = [];
  perTargetIntervalMs = 0;
  constructor(readonly platform: Platform = "CONSOLE") {}
  async send(target: Target, reply: Reply): Promise<SentMessage> {
    this.sent.push({ target, reply });
    return { messageId: `m${this.sent.length}` };
  }
  async update(target: Target, messageId: string, reply: Reply): Promise<void> {
    this.updated.push({ target, messageId, reply });
  }
}
