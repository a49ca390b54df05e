// A bounded in-memory cache whose entries are good only for one data version (src/core/indicators/data-version.ts).
// The caller reads the version before anything else and passes it in; a value loaded after reading version V holds
// data at least as new as V, so a write committed on any replica (which bumps the version in its own transaction)
// shows at the next read that starts after it. A kept value is deep-frozen and shared by every caller.
import { deepFreeze } from "./deep-freeze";

/** Values kept per key under the newest data version seen, least recently used dropped first. */
export class VersionedCache<V> {
  /** values (or the load under way, so concurrent identical reads share it), oldest use first */
  private readonly entries = new Map<string, Promise<V>>();
  private version: string | undefined;
  /** reads answered from memory, and loaded; for tests and the bench */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly maxEntries: number) {}

  /** The value kept for `key` under `version`, or `load()`'s (kept unless it fails), frozen: callers share it. */
  get(version: string, key: string, load: () => Promise<V>): Promise<V> {
    if (version !== this.version) {
      // Nothing kept under another version can be trusted for this read.
      this.entries.clear();
      this.version = version;
    }
    const k = `${version}\n${key}`;
    let entry = this.entries.get(k);
    if (entry) {
      this.stats.hits++;
      this.entries.delete(k); // most recently used last
    } else {
      this.stats.misses++;
      entry = load().then(deepFreeze);
      entry.catch(() => this.entries.get(k) === entry && this.entries.delete(k));
    }
    this.entries.set(k, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** how many values are kept now */
  get size(): number {
    return this.entries.size;
  }
}
