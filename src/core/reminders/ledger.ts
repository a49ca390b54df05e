// The delivery ledger: one row per occurrence key. Replicas claim rows with a lease before sending
// (FOR UPDATE SKIP LOCKED: two replicas never claim the same row) and mark them after.
// Guarantee: at least once. A replica that dies between sending and marking leaves its claim to expire;
// the row is then sent again, so the duplicate window is one lease.
import { Prisma, type Platform, type PrismaClient, type ReminderDelivery, type ReviewItem } from "../db";
import type { Occurrence } from "./plan";
import { targetKey } from "./target";

export const LEASE_MS = 2 * 60_000;
export const MAX_ATTEMPTS = 8;

/** Exponential backoff from 30 s to an hour, unless the platform said when (Retry-After). */
export function nextTry(now: Date, attempts: number, retryAfterMs?: number): Date {
  const backoff = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + (retryAfterMs ?? backoff));
}

export interface EnsureResult {
  /** rows made by this call */
  created: number;
  /** of those, rows recorded as skipped (too old to send), by platform */
  skipped: Map<string, number>;
}

/** A sent message that shows a review item which has changed since. */
export interface MessageToRefresh {
  id: string;
  platform: Platform;
  target: string;
  messageId: string;
  itemId: number;
  changedAt: Date;
  item: ReviewItem;
}

export class DeliveryLedger {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Makes a row for every occurrence that has none. Those older than the catch-up limit are
   * recorded as skipped (visible to admins) rather than sent long after they mattered. Returns how many rows this
   * call made, and how many of them were skipped per platform (for /metrics: exact even when replicas race, since
   * only the replica whose insert wins counts a row).
   */
  async ensure(occurrences: Occurrence[], now: Date, catchUpLimitHours: number): Promise<EnsureResult> {
    const result: EnsureResult = { created: 0, skipped: new Map() };
    if (!occurrences.length) return result;
    const known = await this.prisma.reminderDelivery.findMany({
      where: { key: { in: occurrences.map((o) => o.key) } },
      select: { key: true },
    });
    const have = new Set(known.map((k) => k.key));
    const oldest = now.getTime() - catchUpLimitHours * 3_600_000;
    const rows: Prisma.ReminderDeliveryCreateManyInput[] = occurrences
      .filter((o) => !have.has(o.key))
      .map((o) => {
        const tooLate = o.dueAt.getTime() < oldest;
        return {
          key: o.key,
          kind: o.kind,
          dueAt: o.dueAt,
          platform: o.platform,
          target: targetKey(o.target),
          status: tooLate ? "SKIPPED" : "PENDING",
          lastError: tooLate ? `missed while the bot was down, and more than ${catchUpLimitHours} hours old` : null,
          payload: o.subject as Prisma.InputJsonValue,
        };
      });
    // Pending rows in one statement, skipped ones in one per platform, so the counts say which were which.
    const groups = new Map<string, Prisma.ReminderDeliveryCreateManyInput[]>();
    for (const row of rows) {
      const group = row.status === "SKIPPED" ? `skipped:${row.platform}` : "pending";
      groups.set(group, [...(groups.get(group) ?? []), row]);
    }
    for (const [group, data] of groups) {
      const { count } = await this.prisma.reminderDelivery.createMany({ data, skipDuplicates: true });
      result.created += count;
      if (group !== "pending" && count) result.skipped.set(group.slice("skipped:".length), count);
    }
    return result;
  }

  /** Claims up to `limit` due rows for this replica. */
  async claim(replicaId: string, now: Date, limit: number): Promise<ReminderDelivery[]> {
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    return this.prisma.$queryRaw<ReminderDelivery[]>`
      UPDATE "ReminderDelivery" SET "claimedBy" = ${replicaId}, "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "ReminderDelivery"
        WHERE "status" = 'PENDING' AND "dueAt" <= ${now}
          AND ("nextTryAt" IS NULL OR "nextTryAt" <= ${now})
          AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
        ORDER BY "dueAt", "key"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`;
  }

  /**
   * message: the posted message's id on its platform, when it can be updated in place later, and the time its
   * content was read (a change after it is shown by updating the message).
   */
  async markSent(
    row: ReminderDelivery,
    now: Date,
    late: boolean,
    message?: { messageId: string; shownAsOf: Date },
  ): Promise<void> {
    await this.prisma.reminderDelivery.update({
      where: { id: row.id },
      data: {
        status: "SENT",
        sentAt: now,
        late,
        leaseUntil: null,
        lastError: null,
        messageId: message?.messageId ?? null,
        shownAsOf: message?.shownAsOf ?? null,
      },
    });
  }

  /** A passing failure (429, 5xx, network): try again later, or give up after MAX_ATTEMPTS. */
  async markRetry(row: ReminderDelivery, now: Date, error: string, retryAfterMs?: number): Promise<"retry" | "failed"> {
    if (row.attempts >= MAX_ATTEMPTS) {
      await this.markFailed(row, `${error} (gave up after ${row.attempts} attempts)`);
      return "failed";
    }
    await this.prisma.reminderDelivery.update({
      where: { id: row.id },
      data: { nextTryAt: nextTry(now, row.attempts, retryAfterMs), leaseUntil: null, lastError: error },
    });
    return "retry";
  }

  /** A failure that will not pass (channel archived, bot removed): recorded for admins. */
  async markFailed(row: ReminderDelivery, error: string): Promise<void> {
    await this.prisma.reminderDelivery.update({
      where: { id: row.id },
      data: { status: "FAILED", leaseUntil: null, lastError: error },
    });
  }

  async markSkipped(row: ReminderDelivery, reason: string): Promise<void> {
    await this.prisma.reminderDelivery.update({
      where: { id: row.id },
      data: { status: "SKIPPED", leaseUntil: null, lastError: reason },
    });
  }

  /**
   * Sent review items whose item changed (an event of its audit trail) after their message was posted or last
   * updated, with the item as it is now: the messages to update in place. Each tick reads only sent review-item
   * messages, each with one index probe of its item's trail (reviewItemsToRefreshQuery), not every delivery made.
   */
  async reviewItemMessagesToRefresh(limit = 100): Promise<MessageToRefresh[]> {
    const rows = await this.prisma.$queryRaw<Omit<MessageToRefresh, "item">[]>(reviewItemsToRefreshQuery(limit));
    if (!rows.length) return [];
    const items = await this.prisma.reviewItem.findMany({ where: { id: { in: rows.map((r) => r.itemId) } } });
    const byId = new Map(items.map((i) => [i.id, i]));
    return rows.flatMap((r) => {
      const item = byId.get(r.itemId);
      return item ? [{ ...r, item }] : [];
    });
  }

  /**
   * The message now shows its item as of `changedAt` (the newest change read before rendering it, so a change made
   * meanwhile is newer and is refreshed at the next tick). `settledAt`: it showed the item resolved, which never
   * changes again, so the message leaves the partial index the refresh reads and is not looked at again.
   */
  async markRefreshed(id: string, changedAt: Date, settledAt?: Date): Promise<void> {
    await this.prisma.reminderDelivery.update({
      where: { id },
      data: { shownAsOf: changedAt, ...(settledAt ? { settledAt } : {}) },
    });
  }

  /** Failed, skipped and late deliveries since a time, newest first (for admins). */
  async problems(since: Date, limit = 50): Promise<ReminderDelivery[]> {
    return this.prisma.reminderDelivery.findMany({
      where: {
        dueAt: { gte: since },
        OR: [{ status: { in: ["FAILED", "SKIPPED"] } }, { late: true }, { status: "PENDING", attempts: { gt: 1 } }],
      },
      orderBy: { dueAt: "desc" },
      take: limit,
    });
  }
}

/**
 * The query behind reviewItemMessagesToRefresh: sent review-item messages not yet settled, read through the partial
 * index "ReminderDelivery_review_item_sent_idx" (them alone, oldest first, not every delivery ever made nor those
 * already showing their item resolved), each kept when its item has an event newer than what the message shows (one
 * probe of "ReviewItemEvent_itemId_at_idx"); the newest event's time is read only for the rows kept.
 */
export function reviewItemsToRefreshQuery(limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT d."id", d."platform", d."target", d."messageId", (d."payload"->>'reviewItemId')::int AS "itemId",
           (SELECT max(e."at") FROM "ReviewItemEvent" e WHERE e."itemId" = (d."payload"->>'reviewItemId')::int) AS "changedAt"
    FROM "ReminderDelivery" d
    WHERE d."kind" = 'review-item' AND d."status" = 'SENT' AND d."messageId" IS NOT NULL AND d."settledAt" IS NULL
      AND EXISTS (SELECT 1 FROM "ReviewItemEvent" e
                  WHERE e."itemId" = (d."payload"->>'reviewItemId')::int AND e."at" > COALESCE(d."shownAsOf", d."sentAt"))
    ORDER BY d."sentAt"
    LIMIT ${limit}`;
}
