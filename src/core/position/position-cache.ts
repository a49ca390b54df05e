// The collective position computed once per change of its data, as status summaries are (status-cache.ts): kept
// under the data version of the tables a position reads, the scope (an area team's code, or England) and the
// indicator asked for. England's position reads every CCG's newest figures and plans, so `position england` and
// England's grid, asked again before anything changed, are answered from memory on every replica alike.
import { VersionedCache } from "../caching/versioned-cache";
import type { PrismaClient } from "../db";
import { prismaVersionReader, type DataVersionReader } from "../indicators/data-version";
import type { OrganisationDirectory } from "../organisations/directory";
import { isEngland, PositionService, type Position } from "./position";

/** The tables a position is computed from: definitions (standards), figures, plans, and which CCG is whose. */
export const POSITION_SCOPES = ["Indicator", "IndicatorValue", "Organisation", "PlanTrajectory"] as const;

/** England and 27 area teams, each whole or on one of the national ask's indicators, with room. */
export const POSITION_CACHE_ENTRIES = 1000;

export class CachedPositionService extends PositionService {
  private readonly cache: VersionedCache<Position>;

  constructor(
    prisma: PrismaClient,
    private readonly directory: OrganisationDirectory,
    maxEntries = POSITION_CACHE_ENTRIES,
    private readonly readVersion: DataVersionReader = prismaVersionReader(prisma),
  ) {
    super(prisma, directory);
    this.cache = new VersionedCache(maxEntries);
  }

  /** requests answered from memory, and computed; for tests and the bench */
  get stats() {
    return this.cache.stats;
  }

  override async positionOf(scopeText: string, indicatorText?: string): Promise<Position> {
    // The version first: read after the data, it could name a write the position does not hold.
    const version = await this.readVersion(POSITION_SCOPES);
    const england = isEngland(scopeText);
    // "Q52" and "West Yorkshire" share an entry; an unknown name is refused here, before anything is kept
    const scope = england ? "england" : (await this.directory.resolve(scopeText, "AREA_TEAM")).code;
    const key = JSON.stringify([scope, indicatorText?.trim().toLowerCase() ?? null]);
    // Every caller shares the one frozen position (versioned-cache.ts).
    return this.cache.get(version, key, () => super.positionOf(scopeText, indicatorText));
  }
}
