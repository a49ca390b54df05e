// `position england` reads every indicator's figures together: a fixed number of queries, not two an indicator
// (it was 2 × 24 = 48, plus the indicators, for the national ask); asked again unchanged, only the data version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../src/core";
import type { PrismaClient } from "../../src/core/db";
import { fixedClock } from "../../src/core/time";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await seededTestDatabase({ demo: true });
});
afterAll(() => t.cleanup());

/** The same client, counting every query it sends (model operations and raw SQL alike). */
function counting(prisma: PrismaClient) {
  const seen: string[] = [];
  const client = prisma.$extends({
    query: {
      async $allOperations({ operation, model, args, query }) {
        seen.push(`${model ?? "raw"}.${operation}`);
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
  return { client, seen };
}

describe("position queries", () => {
  it("reads the whole national ask for England in two queries, whatever the number of indicators", async () => {
    const { client, seen } = counting(t.db.prisma);
    const core = createCore(client, fixedClock("2013-11-20T10:00:00Z"));
    await core.organisations.list(); // the directory is read once and kept; not the position's cost
    seen.length = 0;
    const position = await core.positions.positionOf("england");
    expect(position.indicators.length).toBeGreaterThan(10);
    // the data version (the position cache's key, position-cache.ts), then the two reads of the position itself
    expect(seen).toEqual(["raw.$queryRaw", "Indicator.findMany", "raw.$queryRaw"]);
    // One indicator costs the same two.
    seen.length = 0;
    await core.positions.positionOf("Q52", "ae_4hr");
    expect(seen).toHaveLength(3);
    // Asked again before anything changed: the version read only.
    seen.length = 0;
    await core.positions.positionOf("england");
    expect(seen).toEqual(["raw.$queryRaw"]);
  });
});
