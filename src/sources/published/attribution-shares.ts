// The provider → CCG shares as stored (table ProviderAttribution, imported by attribution.ts), read for a period:
// which shares a provider-level publication (A&E, ambulance) is attributed to CCGs by.
import type { PrismaClient } from "../../core/db";
import type { AeShare } from "./ae-formats";

/**
 * The shares in force on a day (the first of a month a publication describes): for each provider, its rows with the
 * latest valid-from date not after that day, with their source.
 */
export async function attributionInForce(prisma: PrismaClient, day: string): Promise<Map<string, AeShare[]>> {
  return sharesInForce(await allShares(prisma), day);
}

export type StoredShare = { providerCode: string; ccgCode: string; share: number; validFrom: Date; source: string };

/** Every stored share (a small table: providers × CCGs × tables). */
export function allShares(prisma: PrismaClient): Promise<StoredShare[]> {
  return prisma.providerAttribution.findMany({
    select: { providerCode: true, ccgCode: true, share: true, validFrom: true, source: true },
    orderBy: [{ providerCode: "asc" }, { validFrom: "desc" }, { ccgCode: "asc" }],
  });
}

/** Of the shares, those of each provider's newest table dated on or before the day. */
export function sharesInForce(rows: StoredShare[], day: string): Map<string, AeShare[]> {
  const byProvider = new Map<string, AeShare[]>();
  for (const r of rows) {
    const validFrom = r.validFrom.toISOString().slice(0, 10);
    if (validFrom > day) continue;
    const list = byProvider.get(r.providerCode) ?? [];
    if (list.length && list[0]!.validFrom !== validFrom) continue; // an older table of this provider
    list.push({ ccg: r.ccgCode, share: r.share, source: r.source, validFrom });
    byProvider.set(r.providerCode, list);
  }
  return byProvider;
}
