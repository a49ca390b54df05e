// A first start's demo load drops the foreign keys of the tables it fills and adds them back (src/db/seed/demo.ts):
// afterwards every key is there exactly as the migrations made it and still refuses a figure of no known CCG.
// Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set (its own schema).
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemo } from "../../src/db/seed/demo";
import { seedReference } from "../../src/db/seed/reference";
import { createTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedReference(t.db.prisma, { now: TEST_SEED_NOW });
});
afterAll(() => t?.cleanup());

const foreignKeys = () =>
  t.db.sql.query<{ tbl: string; conname: string; def: string; convalidated: boolean }>(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def, convalidated
     FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
  );

it("leaves every foreign key as the migrations made it, checked, after loading the demo into an empty database", async () => {
  const before = await foreignKeys();
  expect(before.some((k) => k.tbl.includes("IndicatorValue"))).toBe(true);
  const counts = await seedDemo(t.db.prisma, { now: TEST_SEED_NOW });
  expect(counts.inserted).toBe(counts.values + counts.plans);
  expect(await foreignKeys()).toEqual(before);
  await expect(
    t.db.sql.exec(`INSERT INTO "IndicatorValue" ("organisationCode", "indicatorCode", "periodStart", value, source)
      VALUES ('ZZZ', 'ae_4hr', '2013-04-01', 95, 'test')`),
  ).rejects.toThrow(/foreign key/);
}, 300_000);
