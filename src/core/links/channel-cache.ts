// Which organisations a channel is linked to, and its workspace, read once per change of the channel links, not once
// per command (commands that open a thread check the channel; Slack's sender looks up a channel's workspace).
import { VersionedCache } from "../caching/versioned-cache";
import type { Platform, PrismaClient } from "../db";
import { prismaVersionReader, type DataVersionReader } from "../indicators/data-version";
import type { OrganisationDirectory } from "../organisations/directory";
import { LinkService } from "./links";

/** ChannelLink's trigger bumps only when a row really changes: touching a channel's name keeps the cache. */
export const CHANNEL_SCOPES = ["ChannelLink"] as const;

/** How many channels one process remembers. */
export const CHANNEL_CACHE_ENTRIES = 2000;

export class CachedLinkService extends LinkService {
  private readonly organisationsCache: VersionedCache<string[]>;
  private readonly tenantCache: VersionedCache<string | null>;

  constructor(
    db: PrismaClient,
    organisations: OrganisationDirectory,
    maxEntries = CHANNEL_CACHE_ENTRIES,
    private readonly readVersion: DataVersionReader = prismaVersionReader(db),
  ) {
    super(db, organisations);
    this.organisationsCache = new VersionedCache(maxEntries);
    this.tenantCache = new VersionedCache(maxEntries);
  }

  get stats() {
    return this.organisationsCache.stats;
  }

  override async organisationsOfChannel(platform: Platform, channelId: string): Promise<string[]> {
    const version = await this.readVersion(CHANNEL_SCOPES);
    const codes = await this.organisationsCache.get(version, `${platform}\n${channelId}`, () =>
      super.organisationsOfChannel(platform, channelId),
    );
    return [...codes];
  }

  override async tenantOfChannel(platform: Platform, channelId: string): Promise<string | null> {
    const version = await this.readVersion(CHANNEL_SCOPES);
    return this.tenantCache.get(version, `${platform}\n${channelId}`, () => super.tenantOfChannel(platform, channelId));
  }
}
