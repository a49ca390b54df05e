// A CCG's status summary computed once per change of its data, not once per request. A summary is kept under
// everything it depends on: the CCG, the rest of the request (filter, period asked for), today's UTC date, and the
// data version (data-version.ts), which the database bumps in the same transaction as any write to the tables a
// status reads. Each request reads the version (one small query) before anything else, so a summary computed after
// reading version V holds data at least as new as V: a write committed on any replica shows at the next request.
import type { OrganisationDirectory } from "../organisations/directory";
import type { PrismaClient } from "../db";
import { prismaVersionReader, STATUS_SCOPES, type DataVersionReader } from "./data-version";
import { IndicatorStatusService, type IndicatorStatus } from "./status";

/** How many summaries one process keeps (211 CCGs × a handful of filters and periods, with room). */
export const STATUS_CACHE_ENTRIES = 4000;

type StatusArgs = Parameters<IndicatorStatusService["statusOf"]>;

/** The status service, answering a request it has answered since the data last changed from memory. */
export class CachedIndicatorStatusService extends IndicatorStatusService {
  /** summaries (or the one being computed, so concurrent identical requests share it), oldest use first */
  private readonly entries = new Map<string, Promise<IndicatorStatus>>();
  private version: string | undefined;
  /** requests answered from memory, and computed; for tests and the bench */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly db: PrismaClient,
    private readonly directory: OrganisationDirectory,
    private readonly maxEntries = STATUS_CACHE_ENTRIES,
    private readonly readVersion: DataVersionReader = prismaVersionReader(db),
  ) {
    super(db, directory);
  }

  override async statusOf(...args: StatusArgs): Promise<IndicatorStatus> {
    const [ccgText, now, ...rest] = args;
    // The version first: read after the data, it could name a write the summary does not hold.
    const [version, ccg] = await Promise.all([this.readVersion(STATUS_SCOPES), this.directory.resolve(ccgText, "CCG")]);
    if (version !== this.version) {
      // Versions only grow: nothing kept under an older one can be asked for again.
      this.entries.clear();
      this.version = version;
    }
    // `now` counts only through the UTC date: it is compared with staleness dates, which are UTC midnights.
    const key = JSON.stringify([version, ccg.code, now.toISOString().slice(0, 10), ...rest]);
    let entry = this.entries.get(key);
    if (entry) {
      this.stats.hits++;
      this.entries.delete(key); // most recently used last
    } else {
      this.stats.misses++;
      entry = super.statusOf(...args);
      // A refusal (an unknown filter) is not kept: the next request reads again.
      entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // Each caller gets its own copy: a renderer that changes the summary changes no one else's.
    return structuredClone(await entry);
  }

  /** how many summaries are kept now */
  get size(): number {
    return this.entries.size;
  }
}
