// The whole seed: reference data, then (optionally) demo figures. Safe to run again.
import type { PrismaClient } from "../generated/client";
import { seedDemo, type DemoCounts } from "./demo";
import { seedReference, type ReferenceCounts } from "./reference";

export interface SeedCounts extends ReferenceCounts {
  /** null when demo figures were not asked for */
  demo: DemoCounts | null;
}

export async function seedAll(prisma: PrismaClient, options: { now: Date; demo: boolean }): Promise<SeedCounts> {
  const reference = await seedReference(prisma, { now: options.now });
  const demo = options.demo ? await seedDemo(prisma, { now: options.now }) : null;
  return { ...reference, demo };
}
