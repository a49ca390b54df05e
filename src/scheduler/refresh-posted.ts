// Keeps posted review items true to their state: once an item is noted, taken into a discussion or resolved, the
// message each party's channel received is updated in place (its status, and no buttons once it is resolved), on
// the platform that posted it. It runs in each scheduler tick, after the sends; any replica may do it, and two doing
// it at once only write the same message twice. A message that has shown its item resolved is settled: a resolved
// item never changes again, so the message leaves the refresh's partial index and is never read again.
import type { Platform } from "../core/db";
import type { DeliveryLedger } from "../core/reminders/ledger";
import { parseTarget } from "../core/reminders/target";
import type { Logger } from "../logging/logger";
import { reviewItemReply } from "../reply/views/escalation";
import { SendError, type Sender } from "./sender";

export interface RefreshResult {
  updated: number;
  /** the platform refused for good (message deleted, channel archived): not tried again */
  abandoned: number;
  /** a passing failure: tried again at the next tick */
  retried: number;
}

export async function refreshPostedReviewItems(
  ledger: DeliveryLedger,
  senders: Map<Platform, Sender>,
  now: Date,
  logger?: Logger,
): Promise<RefreshResult> {
  const result: RefreshResult = { updated: 0, abandoned: 0, retried: 0 };
  for (const message of await ledger.reviewItemMessagesToRefresh()) {
    // The item as read after its newest change: resolved now means resolved for good, whatever changedAt says.
    const settled = message.item.resolvedAt ? now : undefined;
    const sender = senders.get(message.platform);
    if (!sender?.update) {
      // a platform whose messages can't be edited (the console): nothing to keep in step
      await ledger.markRefreshed(message.id, message.changedAt, settled);
      continue;
    }
    try {
      await sender.update(parseTarget(message.target), message.messageId, reviewItemReply(message.item));
      await ledger.markRefreshed(message.id, message.changedAt, settled);
      result.updated++;
    } catch (error) {
      if (error instanceof SendError && error.failure === "permanent") {
        // refused for good: given up like an updated message, and settled too when its item is resolved
        await ledger.markRefreshed(message.id, message.changedAt, settled);
        logger?.warn({ deliveryId: message.id, err: error.message }, "a posted review item could not be updated");
        result.abandoned++;
      } else result.retried++;
    }
  }
  return result;
}
