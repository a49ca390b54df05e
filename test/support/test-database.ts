// A database for one test file: in-memory PGlite, or PostgreSQL in a schema of its own when the
// vitest project says so (TEST_DATABASE_KIND=postgres, with TEST_DATABASE_URL). Migrated, optionally seeded.
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";
import { seedDemo } from "../../src/db/seed/demo";
import { seedReference } from "../../src/db/seed/reference";

export interface TestDatabase {
  db: Database;
  /** another connection to the same database (PostgreSQL), as a second replica would have; PGlite has one */
  another(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** The instant demo figures are generated for in tests. */
export const TEST_SEED_NOW = new Date("2013-11-20T12:00:00Z");

export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DATABASE_KIND === "postgres" && process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === "pglite") {
    const db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    return { db, another: async () => db, cleanup: () => db.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ kind: "postgres", url: base });
  await admin.sql.exec(`CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ kind: "postgres", url: base, schema });
  await migrate(db.sql);
  const others: Database[] = [];
  return {
    db,
    async another() {
      const other = await openDatabase({ kind: "postgres", url: base, schema });
      others.push(other);
      return other;
    },
    async cleanup() {
      for (const other of others) await other.close();
      await db.close();
      await admin.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export async function seededTestDatabase(options: { demo: boolean; now?: Date }): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await seedReference(t.db.prisma, { now: options.now ?? TEST_SEED_NOW });
  if (options.demo) await seedDemo(t.db.prisma, { now: options.now ?? TEST_SEED_NOW });
  return t;
}
