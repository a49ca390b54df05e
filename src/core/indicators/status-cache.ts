// A CCG's status summary computed once per change of its data, not once per request. A summary is kept under
// everything it depends on: the CCG, the rest of the request (filter, period asked for), today's UTC date, and the
// data version (data-version.ts), which the database bumps in the same transaction as any write to the tables a
// status reads. Each request reads the version (one small query) before anything else, so a summary computed after
// reading version V holds data at least as new as V: a write committed on any replica shows at the next request.
import { VersionedCache } from "../caching/versioned-cache";
import type { OrganisationDirectory } from "../organisations/directory";
import type { PrismaClient } from "../db";
import { prismaVersionReader, STATUS_SCOPES, type DataVersionReader } from "./data-version";
import { IndicatorStatusService, type IndicatorStatus } from "./status";

/** How many summaries one process keeps (211 CCGs × a handful of filters and periods, with room). */
export const STATUS_CACHE_ENTRIES = 4000;

type StatusArgs = Parameters<IndicatorStatusService["statusOf"]>;

/** The status service, answering a request it has answered since the data last changed from memory. */
export class CachedIndicatorStatusService extends IndicatorStatusService {
  /** summaries (or the one being computed, so concurrent identical requests share it), frozen and shared */
  private readonly cache: VersionedCache<IndicatorStatus>;

  constructor(
    db: PrismaClient,
    private readonly directory: OrganisationDirectory,
    maxEntries = STATUS_CACHE_ENTRIES,
    private readonly readVersion: DataVersionReader = prismaVersionReader(db),
  ) {
    super(db, directory);
    this.cache = new VersionedCache(maxEntries);
  }

  /** requests answered from memory, and computed; for tests and the bench */
  get stats() {
    return this.cache.stats;
  }

  override async statusOf(...args: StatusArgs): Promise<IndicatorStatus> {
    const [ccgText, now, ...rest] = args;
    // The version first: read after the data, it could name a write the summary does not hold.
    const [version, ccg] = await Promise.all([this.readVersion(STATUS_SCOPES), this.directory.resolve(ccgText, "CCG")]);
    // `now` counts only through the UTC date: it is compared with staleness dates, which are UTC midnights. A
    // refusal (an unknown filter) is not kept: the next request reads again. Every caller shares the one frozen
    // summary: a renderer cannot change it for the others.
    const key = JSON.stringify([ccg.code, now.toISOString().slice(0, 10), ...rest]);
    return this.cache.get(version, key, () => super.statusOf(...args));
  }

  /** how many summaries are kept now */
  get size(): number {
    return this.cache.size;
  }
}
