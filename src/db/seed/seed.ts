// The whole seed: reference data, then (optionally) demo figures. Safe to run again.
import type { PrismaClient } from "../generated/client";
import { seedDemo } from "./demo";
import { seedReference } from "./reference";

export async function seedAll(prisma: PrismaClient, options: { now: Date; demo: boolean }) {
  const reference = await seedReference(prisma, { now: options.now });
  const demo = options.demo ? await seedDemo(prisma, { now: options.now }) : null;
  return { ...reference, ...(demo ? { demoValues: demo.values, demoPlans: demo.plans } : {}) };
}
