// The whole seed: reference data, then (optionally) the demo: figures and plans to the latest period published
// by `now`, and a planning round whose deadlines are around `now` (demo-round.ts). Safe to run again.
import type { PrismaClient } from "../generated/client";
import { seedDemo, type DemoCounts } from "./demo";
import { seedDemoRound, type DemoRoundCounts } from "./demo-round";
import { seedReference, type ReferenceCounts } from "./reference";

export interface SeedCounts extends ReferenceCounts {
  /** null when demo figures were not asked for */
  demo: DemoCounts | null;
  /** null when demo figures were not asked for */
  round: DemoRoundCounts | null;
}

export async function seedAll(prisma: PrismaClient, options: { now: Date; demo: boolean }): Promise<SeedCounts> {
  const reference = await seedReference(prisma, { now: options.now });
  const demo = options.demo ? await seedDemo(prisma, { now: options.now }) : null;
  const round = options.demo ? await seedDemoRound(prisma, { now: options.now }) : null;
  return { ...reference, demo, round };
}
