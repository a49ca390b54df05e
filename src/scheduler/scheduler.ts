// The reminder loop. node-cron only ticks; the database decides what is due. Each tick records the
// occurrences now due in the ledger, claims a batch, sends each (paced per target), and marks it.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { Core } from "../core";
import type { Platform, ReminderDelivery } from "../core/db";
import { parseTarget } from "../core/reminders/target";
import type { Logger } from "../logging/logger";
import { recordDelivery } from "../observability/metrics";
import { contentFor } from "./content";
import { refreshPostedReviewItems } from "./refresh-posted";
import { SendError, type Sender } from "./sender";

export interface TickResult {
  recorded: number;
  sent: number;
  retried: number;
  failed: number;
  /** not sent: too old when first recorded (missed while down), or no longer wanted when due */
  skipped: number;
}

export interface SchedulerOptions {
  /** this process's name in the ledger's claims */
  replicaId?: string;
  /** rows claimed per round */
  batchSize?: number;
  /** waits between sends to one target; tests pass one that moves a fake clock */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

/** A delivery counts as late when sent this long after it was due. */
const LATE_AFTER_MS = 15 * 60_000;

export class Scheduler {
  readonly replicaId: string;
  private readonly senders: Map<Platform, Sender>;
  private task?: ScheduledTask;
  private running?: Promise<TickResult>;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly core: Core,
    senders: Sender[],
    private readonly options: SchedulerOptions = {},
  ) {
    this.senders = new Map(senders.map((s) => [s.platform, s]));
    this.replicaId = options.replicaId ?? `replica-${randomUUID().slice(0, 8)}`;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Ticks every minute. A tick still running when the next is due is not overlapped. */
  start(): void {
    this.task = cron.schedule("* * * * *", () => {
      if (this.running) return;
      this.running = this.tick().finally(() => (this.running = undefined));
      this.running.catch((error) => this.options.logger?.error({ err: error }, "scheduler tick failed"));
    });
  }

  /** Stops ticking and waits for the sends in flight. */
  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running?.catch(() => undefined);
  }

  async tick(): Promise<TickResult> {
    const result: TickResult = { recorded: 0, sent: 0, retried: 0, failed: 0, skipped: 0 };
    const recorded = await this.core.reminders.recordDue(this.core.clock.now());
    result.recorded = recorded.created;
    for (const [platform, count] of recorded.skipped) {
      result.skipped += count;
      recordDelivery(platform, "skipped", count);
    }
    for (;;) {
      const claimed = await this.core.reminders.ledger.claim(
        this.replicaId,
        this.core.clock.now(),
        this.options.batchSize ?? 100,
      );
      if (!claimed.length) break;
      // One queue per target, run side by side: pacing holds each channel to its platform's rate
      // without holding up the others.
      const byTarget = new Map<string, ReminderDelivery[]>();
      for (const row of claimed)
        byTarget.set(`${row.platform}:${row.target}`, [...(byTarget.get(`${row.platform}:${row.target}`) ?? []), row]);
      await Promise.all(
        [...byTarget.values()].map(async (rows) => {
          for (const [i, row] of rows.entries()) {
            const sender = this.senders.get(row.platform);
            if (i > 0 && sender?.perTargetIntervalMs) await this.sleep(sender.perTargetIntervalMs);
            const outcome = await this.deliver(row, sender);
            result[outcome]++;
            if (outcome !== "sent") recordDelivery(row.platform, outcome); // sends are counted in deliver (late or not)
          }
        }),
      );
    }
    // Messages already posted that show a review item changed since: updated in place.
    await refreshPostedReviewItems(
      this.core.reminders.ledger,
      this.senders,
      this.core.clock.now(),
      this.options.logger,
    );
    return result;
  }

  private async deliver(
    row: ReminderDelivery,
    sender: Sender | undefined,
  ): Promise<"sent" | "retried" | "failed" | "skipped"> {
    const { ledger } = this.core.reminders;
    const now = this.core.clock.now();
    if (!sender) {
      await ledger.markFailed(row, `no ${row.platform.toLowerCase()} channel is configured in this deployment`);
      return "failed";
    }
    try {
      const late = now.getTime() - row.dueAt.getTime() > LATE_AFTER_MS;
      const subject = await this.core.reminders.subjectOf(row, now);
      const reply = await contentFor(this.core, subject, late);
      if (!reply) {
        await ledger.markSkipped(row, "skip" in subject ? subject.skip : "nothing to send");
        return "skipped";
      }
      const sent = await sender.send(parseTarget(row.target), reply);
      await ledger.markSent(
        row,
        this.core.clock.now(),
        late,
        sent ? { messageId: sent.messageId, shownAsOf: now } : undefined,
      );
      recordDelivery(row.platform, late ? "late" : "sent");
      return "sent";
    } catch (error) {
      if (error instanceof SendError && error.failure === "permanent") {
        await ledger.markFailed(row, error.message);
        this.options.logger?.warn({ key: row.key, error: error.message }, "delivery failed for good");
        return "failed";
      }
      const message = error instanceof Error ? error.message : String(error);
      const retryAfter = error instanceof SendError ? error.retryAfterMs : undefined;
      return (await ledger.markRetry(row, this.core.clock.now(), message, retryAfter)) === "retry"
        ? "retried"
        : "failed";
    }
  }
}
