// Keeps posted review items true to their state: once an item is noted, taken into a discussion or resolved, the
// message each party's channel received is updated in place (its status, and no buttons once it is resolved), on
// the platform that posted it. It runs in each scheduler tick, after the sends; any replica may do it, and two doing
// it at once only write the same message twice.
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
  logger?: Logger,
): Promise<RefreshResult> {
  const result: RefreshResult = { updated: 0, abandoned: 0, retried: 0 };
  for (const message of await ledger.reviewItemMessagesToRefresh()) {
    const sender = senders.get(message.platform);
    if (!sender?.update) {
      // a platform whose messages can't be edited (the console): nothing to keep in step
      await ledger.markRefreshed(message.id, message.changedAt);
      continue;
    }
    try {
      await sender.update(parseTarget(message.target), message.messageId, reviewItemReply(message.item));
      await ledger.markRefreshed(message.id, message.changedAt);
      result.updated++;
    } catch (error) {
      if (error instanceof SendError && error.failure === "permanent") {
        await ledger.markRefreshed(message.id, message.changedAt);
        logger?.warn({ deliveryId: message.id, err: error.message }, "a posted review item could not be updated");
        result.abandoned++;
      } else result.retried++;
    }
  }
  return result;
}
