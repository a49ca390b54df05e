// The whole seed: reference data, then (optionally) the demo: figures and plans to the latest period published
// by `now`, and a planning round whose deadlines are around `now` (demo-round.ts). Safe to run again.
import type { PrismaClient } from "../generated/client";
import { startMark } from "../start-timing";
import { seedDemo, type DemoCounts } from "./demo";
import { seedDemoRound, type DemoRoundCounts } from "./demo-round";
import { referenceCounts, referenceData, seedReference, type ReferenceCounts, type ReferenceData } from "./reference";

export interface SeedCounts extends ReferenceCounts {
  /** null when demo figures were not asked for */
  demo: DemoCounts | null;
  /** null when demo figures were not asked for */
  round: DemoRoundCounts | null;
}

export interface SeedOptions {
  now: Date;
  demo: boolean;
  /** runs once the reference data is in, before the demo (a first start's snapshot, src/db/snapshot.ts) */
  afterReference?: () => Promise<void>;
  /** the reference rows when the caller has read them already (the snapshot's hash); read here otherwise */
  reference?: ReferenceData;
}

export async function seedAll(prisma: PrismaClient, options: SeedOptions): Promise<SeedCounts> {
  const reference = await seedReference(prisma, { now: options.now, data: options.reference });
  startMark("reference data");
  await options.afterReference?.();
  return { ...reference, ...(await seedDemoAll(prisma, options)) };
}

/**
 * The seed on a database restored from a reference snapshot: the reference data is there as seedReference left
 * it, but its national deadlines carry the day the snapshot was made, so they are stamped with `now` as a seed
 * run now would have; then the demo, as on any first start.
 */
export async function seedOnReferenceSnapshot(prisma: PrismaClient, options: SeedOptions): Promise<SeedCounts> {
  const data = options.reference ?? referenceData();
  await prisma.deadline.updateMany({
    where: { scope: "NATIONAL", organisationCode: null, source: { startsWith: "reference:" } },
    data: { createdAt: options.now },
  });
  startMark("reference data (snapshot)");
  return { ...referenceCounts(data), ...(await seedDemoAll(prisma, options)) };
}

async function seedDemoAll(prisma: PrismaClient, options: SeedOptions) {
  const demo = options.demo ? await seedDemo(prisma, { now: options.now }) : null;
  startMark("demo figures");
  const round = options.demo ? await seedDemoRound(prisma, { now: options.now }) : null;
  startMark("demo round");
  return { demo, round };
}
