// Who a platform user is (person, organisation, side), read once per change of the tables it comes from, not once
// per command. Every command and button click identifies its person first; with this, that costs one small version
// query instead of reading the identity, the person and (for a newcomer) the workspace mapping.
import { VersionedCache } from "../caching/versioned-cache";
import type { PrismaClient } from "../db";
import { prismaVersionReader, type DataVersionReader } from "../indicators/data-version";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor, PlatformUser } from "./actor";
import { PeopleService } from "./people";

/** The tables an identity is read from (the trigger of each bumps its row of DataVersion). */
export const IDENTITY_SCOPES = ["Organisation", "Person", "PlatformIdentity", "TenantLink"] as const;

/** How many platform users one process remembers (people active this hour, with room). */
export const IDENTITY_CACHE_ENTRIES = 5000;

export class CachedPeopleService extends PeopleService {
  private readonly cache: VersionedCache<Actor | null>;

  constructor(
    db: PrismaClient,
    organisations: OrganisationDirectory,
    maxEntries = IDENTITY_CACHE_ENTRIES,
    private readonly readVersion: DataVersionReader = prismaVersionReader(db),
  ) {
    super(db, organisations);
    this.cache = new VersionedCache(maxEntries);
  }

  get stats() {
    return this.cache.stats;
  }

  override async identify(user: PlatformUser): Promise<Actor | null> {
    if (!user.tenantId || !user.userId) return null;
    // The version first: read after the identity, it could name a write the identity does not hold. A first
    // contact registers the person (a write): that bumps the version, so the next command reads them afresh.
    const version = await this.readVersion(IDENTITY_SCOPES);
    // The display name is in the key: a new one may replace a placeholder name (a write identify makes).
    const key = JSON.stringify([user.platform, user.tenantId, user.userId, user.displayName ?? null]);
    // Every caller shares the one frozen actor (versioned-cache.ts).
    return this.cache.get(version, key, () => super.identify(user));
  }
}
