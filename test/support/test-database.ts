// A database for one test file, migrated: in-memory PGlite, or PostgreSQL in a schema of its own (t_<random>,
// dropped on cleanup) when the vitest project asks for it (TEST_DATABASE_KIND=postgres, set by vitest.config.ts
// when TEST_DATABASE_URL is). The schema reaches both connections openDatabase makes: the pg pool gets
// `-c search_path=…` (raw SQL, migrations) and PrismaPg gets `{ schema }`, because Prisma qualifies its own
// queries with a schema name ("public" unless told) and ignores search_path and `?schema=` in the URL.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
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

/** The instant demo figures (and reference deadlines' createdAt) are generated for in tests. */
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
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ kind: "postgres", url });
  await admin.sql.exec(`CREATE SCHEMA ${schema}`);
  const connections: Database[] = [];
  const cleanup = async () => {
    try {
      for (const c of connections.splice(0)) await c.close();
    } finally {
      await admin.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    }
  };
  const connect = async () => {
    const c = await openDatabase({ kind: "postgres", url, schema });
    connections.push(c);
    return c;
  };
  try {
    const db = await connect();
    await migrate(db.sql);
    return { db, another: connect, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** A test database with the reference data, and the demo figures of TEST_SEED_NOW (or `now`) when asked. */
export async function seededTestDatabase(options: { demo: boolean; now?: Date }): Promise<TestDatabase> {
  const t = await createTestDatabase();
  const now = options.now ?? TEST_SEED_NOW;
  try {
    await seedReference(t.db.prisma, { now });
    if (options.demo) await seedDemo(t.db.prisma, { now });
  } catch (error) {
    await t.cleanup();
    throw error;
  }
  return t;
}

export interface TestDatabaseWithDir extends TestDatabase {
  /** a scratch directory of its own, for the files a test writes */
  dir: string;
}

/** seededTestDatabase and a scratch directory `plan-dialogue-<name>-…`, one cleanup for both. */
export async function seededDatabaseWithDir(
  name: string,
  options: { demo: boolean; now?: Date },
): Promise<TestDatabaseWithDir> {
  const dir = await mkdtemp(path.join(tmpdir(), `plan-dialogue-${name}-`));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  let t: TestDatabase;
  try {
    t = await seededTestDatabase(options);
  } catch (error) {
    await removeDir();
    throw error;
  }
  const cleanup = async () => {
    // in a finally: a close that fails (a dropped PostgreSQL connection) must not leave the directory behind
    try {
      await t.cleanup();
    } finally {
      await removeDir();
    }
  };
  return { ...t, dir, cleanup };
}
