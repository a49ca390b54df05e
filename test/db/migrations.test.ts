// The migration history matches the schema, applies once, and is recorded where Prisma looks.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openDatabase, type SqlRunner } from "../../src/db/database";
import { migrate, pendingMigrations, readMigrations } from "../../src/db/migrate";

/** Tables, columns, indexes (but partial ones), constraints and enums of the public schema, in a stable order. */
async function catalogue(sql: SqlRunner) {
  return {
    columns: await sql.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    ),
    indexes: await sql.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
       AND indexdef NOT LIKE '% WHERE %' ORDER BY indexname`,
    ),
    constraints: await sql.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"') AND contype <> 'c' ORDER BY conname`,
    ),
    enums: await sql.query(
      `SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`,
    ),
  };
}

/** The CHECK constraints written by hand in migrations (Prisma's schema has no way to declare them). */
const CHECKS = [
  { conname: "IndicatorValue_value_unless_suppressed", def: "CHECK ((suppressed = (value IS NULL)))" },
  {
    conname: "ProviderAttribution_share_is_a_fraction",
    def: "CHECK (((share > (0)::double precision) AND (share <= (1)::double precision)))",
  },
];
/** The partial indexes written by hand in migrations (Prisma 6's schema cannot declare a WHERE on an index). */
const PARTIAL_INDEXES = [
  {
    indexname: "ReminderDelivery_review_item_sent_idx",
    indexdef:
      'CREATE INDEX "ReminderDelivery_review_item_sent_idx" ON public."ReminderDelivery" USING btree ("sentAt") WHERE ((kind = \'review-item\'::text) AND (status = \'SENT\'::"DeliveryStatus") AND ("messageId" IS NOT NULL) AND ("settledAt" IS NULL))',
  },
];
const partialIndexes = (sql: SqlRunner) =>
  sql.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '% WHERE %' ORDER BY indexname`,
  );
const checks = (sql: SqlRunner) =>
  sql.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'c' ORDER BY conname`,
  );

describe("migrations", () => {
  // The Prisma CLI connects even for --from-empty, and over the embedded database it does not exit,
  // so this check runs where PostgreSQL is available (always in CI).
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "are in step with prisma/schema.prisma (no drift)",
    async () => {
      // Prisma's CLI cannot diff from migrations through a driver adapter, so compare databases instead:
      // one built by the migration history, one built from the schema alone.
      const fromSchema = execFileSync(
        "npx",
        ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
          timeout: 60_000,
          env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
        },
      );
      const migrated = await openDatabase({ kind: "pglite" });
      const expected = await openDatabase({ kind: "pglite" });
      try {
        await migrate(migrated.sql);
        await expected.sql.exec(fromSchema);
        expect(await catalogue(migrated.sql)).toEqual(await catalogue(expected.sql));
        // CHECK constraints are the one thing Prisma's schema cannot say: the migrations add exactly these.
        expect(await checks(migrated.sql)).toEqual(CHECKS);
        expect(await checks(expected.sql)).toEqual([]);
        // Likewise partial indexes: the catalogue above leaves them out, and the migrations add exactly these.
        expect(await partialIndexes(migrated.sql)).toEqual(PARTIAL_INDEXES);
        expect(await partialIndexes(expected.sql)).toEqual([]);
      } finally {
        await migrated.close();
        await expected.close();
      }
    },
    60_000,
  );

  it("apply once, record themselves in _prisma_migrations, and report none pending", async () => {
    const db = await openDatabase({ kind: "pglite" });
    try {
      const all = await readMigrations();
      expect(await migrate(db.sql)).toEqual(all.map((m) => m.name));
      expect(await migrate(db.sql)).toEqual([]);
      expect(await pendingMigrations(db.sql)).toEqual([]);
      const rows = await db.sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations"`,
      );
      expect(rows).toEqual(all.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    } finally {
      await db.close();
    }
  });

  it("refuse to run when an applied migration was edited", async () => {
    const db = await openDatabase({ kind: "pglite" });
    try {
      const all = await readMigrations();
      await migrate(db.sql, all);
      const edited = all.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(migrate(db.sql, edited)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await db.close();
    }
  });
});
