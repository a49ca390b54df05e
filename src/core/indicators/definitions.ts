// Indicator definitions (national and CCGs' own), read once per change of the Indicator table, not once per
// command: `indicators` lists them and `discuss` ties a topic's codes to them. The Indicator trigger bumps the
// data version in the writing transaction, so a definition changed on another replica shows at the next read.
import { VersionedCache } from "../caching/versioned-cache";
import type { Indicator, PrismaClient } from "../db";
import { prismaVersionReader, type DataVersionReader } from "./data-version";

export const DEFINITION_SCOPES = ["Indicator"] as const;

export class IndicatorDefinitions {
  /** one entry: every definition (a few hundred rows at most) */
  private readonly cache = new VersionedCache<Indicator[]>(1);

  constructor(
    private readonly prisma: PrismaClient,
    private readonly readVersion: DataVersionReader = prismaVersionReader(prisma),
  ) {}

  get stats() {
    return this.cache.stats;
  }

  /** Every definition, by code; frozen and shared by every caller (versioned-cache.ts). */
  async all(): Promise<Indicator[]> {
    const version = await this.readVersion(DEFINITION_SCOPES);
    const rows = await this.cache.get(version, "all", () =>
      this.prisma.indicator.findMany({ orderBy: { code: "asc" } }),
    );
    return rows;
  }

  /** The national ones and, when named, one CCG's own, by code. */
  async visibleTo(ccgCode?: string): Promise<Indicator[]> {
    return (await this.all()).filter((i) => i.ownerCode === null || (ccgCode && i.ownerCode === ccgCode));
  }

  /** Which of these words are indicator codes, each once, in the order given. */
  async known(codes: readonly string[]): Promise<string[]> {
    const all = new Set((await this.all()).map((i) => i.code));
    return [...new Set(codes)].filter((c) => all.has(c));
  }
}
