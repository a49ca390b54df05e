// A platform delivery is claimed once: the first claim of a key wins, every re-delivery loses, and of two replicas
// claiming the same key at the same instant exactly one wins. On PostgreSQL the claim is one statement (it was
// Prisma's BEGIN, INSERT … ON CONFLICT DO NOTHING, COMMIT), the cost on the hot path of every command. The app sends
// it as plain SQL on the commands' pool (Database.commandSql); without one, through Prisma: both are checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { countStatements } from "../support/statements";
import { createTestDatabase, testDatabaseKind, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let one: Core;
let two: Core;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

describe.each([
  { through: "plain SQL on the commands' pool (as the app)", plain: true },
  { through: "Prisma", plain: false },
])("inbound claim, through $through", ({ plain }) => {
  beforeAll(async () => {
    const other = await t.another();
    await t.db.prisma.inboundEvent.deleteMany();
    one = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW), plain ? { commandSql: t.db.commandSql } : {});
    two = createCore(other.prisma, fixedClock(TEST_SEED_NOW), plain ? { commandSql: other.commandSql } : {});
  });

  it("wins the first time a key is seen and loses on every re-delivery, on either replica", async () => {
    expect(await one.inbound.claim("slack:Ev01")).toBe(true);
    expect(await one.inbound.claim("slack:Ev01")).toBe(false);
    expect(await two.inbound.claim("slack:Ev01")).toBe(false);
    expect(await two.inbound.claim("slack:Ev02")).toBe(true);
  });

  it("lets exactly one of concurrent claims of the same key win", async () => {
    for (let i = 0; i < 10; i++) {
      const key = `teams:19:race:${i}`;
      const wins = await Promise.all([one, two, one, two].map((core) => core.inbound.claim(key)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  it("keeps the time a key was received, so old claims are pruned and recent ones kept", async () => {
    await one.inbound.claim("slack:recent");
    const rows = await t.db.prisma.inboundEvent.findMany({ where: { key: "slack:recent" } });
    expect(Math.abs(rows[0]!.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
    await t.db.prisma.inboundEvent.create({
      data: { key: "slack:old", receivedAt: new Date(Date.now() - 9 * 86_400_000) },
    });
    expect(await one.inbound.prune(new Date(Date.now() - 7 * 86_400_000))).toBe(1);
    expect(await one.inbound.claim("slack:recent")).toBe(false);
    expect(await one.inbound.claim("slack:old")).toBe(true);
  });

  it.skipIf(testDatabaseKind() !== "postgres")("sends one statement to PostgreSQL per claim", async () => {
    const counted = countStatements();
    try {
      expect(await one.inbound.claim("slack:counted")).toBe(true);
      expect(await one.inbound.claim("slack:counted")).toBe(false);
    } finally {
      counted.restore();
    }
    expect(counted.seen).toHaveLength(2);
    expect(counted.seen[0]).toMatch(
      plain ? /^INSERT INTO "InboundEvent" .* ON CONFLICT DO NOTHING RETURNING 1 AS won$/ : /ON CONFLICT DO NOTHING$/,
    );
  });
});
