// What this process last wrote as a channel's name and Teams conversation reference, so the touch on every activity
// (3 statements through Prisma) is skipped while nothing has changed. A changed reference (a moved serviceUrl,
// which proactive sends use) or name differs from what is kept and is written at once; the same one is written
// again after TOUCH_REFRESH_MS, so a value another replica wrote in between is put right within minutes.
import type { ChannelRef } from "./links";

/** How long an unchanged touch is skipped. */
export const TOUCH_REFRESH_MS = 5 * 60_000;
/** How many channels one process remembers; the longest unwritten is dropped first. */
export const TOUCH_MEMO_ENTRIES = 4000;

export class TouchMemo {
  private readonly written = new Map<string, { what: string; at: number }>();

  constructor(
    private readonly maxEntries = TOUCH_MEMO_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.written.size;
  }

  /** True when this process wrote exactly this name and reference for the channel less than TOUCH_REFRESH_MS ago. */
  fresh(channel: ChannelRef): boolean {
    const kept = this.written.get(keyOf(channel));
    return kept !== undefined && kept.what === whatOf(channel) && this.now() - kept.at < TOUCH_REFRESH_MS;
  }

  /** After a touch was written. */
  wrote(channel: ChannelRef): void {
    const key = keyOf(channel);
    this.written.delete(key); // re-inserted last: the Map's order is the order of writing
    this.written.set(key, { what: whatOf(channel), at: this.now() });
    if (this.written.size > this.maxEntries) this.written.delete(this.written.keys().next().value!);
  }

  /** After the channel's links changed here: its next touch is written whatever it holds. */
  forget(channel: Pick<ChannelRef, "platform" | "channelId">): void {
    this.written.delete(keyOf(channel));
  }
}

const keyOf = (c: Pick<ChannelRef, "platform" | "channelId">) => `${c.platform}\n${c.channelId}`;
/** What a touch writes: its name and reference as given (conversationRefOf builds the reference in one key order). */
const whatOf = (c: ChannelRef) => JSON.stringify([c.channelName ?? null, c.conversationRef ?? null]);
