// A command identifies its person and then asks for a status: each through a cache that first reads the data
// version. Concurrent commands share those reads (src/core/caching/shared-version-reads.ts): 50 at once send far
// fewer than 100 version queries to PostgreSQL, and a write committed on another replica before a command starts
// still shows in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import type { PlatformUser } from "../../src/core/people/actor";
import { fixedClock } from "../../src/core/time";
import { countStatements } from "../support/statements";
import { seededTestDatabase, testDatabaseKind, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let reader: Core;
let writer: Core;
const person = (i: number): PlatformUser => ({
  platform: "SLACK",
  tenantId: "T0VERSIONS",
  userId: `U${i}`,
  displayName: `Person ${i}`,
});

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  reader = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW), { versionSql: t.db.versionSql }); // as the app reads the version
  writer = createCore((await t.another()).prisma, fixedClock(TEST_SEED_NOW));
  for (let i = 0; i < 50; i++) await writer.people.register(person(i), "02N", "MEMBER");
});
afterAll(() => t.cleanup());

const command = async (i: number) => {
  const actor = await reader.people.identify(person(i));
  const status = await reader.indicators.statusOf(actor!.organisation.code, TEST_SEED_NOW);
  return [actor!.organisation.code, status.ccg.code];
};

describe("version reads of concurrent commands", () => {
  it.skipIf(testDatabaseKind() !== "postgres")(
    "sends fewer than one version query a command at 50 at once",
    async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) => command(i))); // warm: every answer kept
      const counted = countStatements();
      let answers: string[][];
      try {
        answers = await Promise.all(Array.from({ length: 50 }, (_, i) => command(i)));
      } finally {
        counted.restore();
      }
      expect(answers).toEqual(Array.from({ length: 50 }, () => ["02N", "02N"]));
      const versionReads = counted.seen.filter((sql) => sql.includes('"DataVersion"'));
      // each command alone would send 2 (identity, status): 100
      expect(versionReads.length).toBeLessThan(50);
      expect(counted.seen.length).toBe(versionReads.length); // every answer from memory: nothing else was read
    },
  );

  it("shows a move made on another replica at the next command, however many run at once", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => command(i)));
    await writer.people.register(person(7), "02W", "MEMBER");
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => command(i)));
    expect(answers[7]).toEqual(["02W", "02W"]);
    expect(answers[6]).toEqual(["02N", "02N"]);
  });
});
