// Applies prisma/migrations in order, in-process, recording each in Prisma's own `_prisma_migrations`
// table so `prisma migrate status` agrees. Why not `prisma migrate deploy`: the CLI runs in another
// process and cannot share the app's in-process PGlite; here one code path serves PGlite and PostgreSQL,
// and an advisory lock makes replicas that start together apply each migration once.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlRunner } from "./database";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const LOCK_ID = 72_657_301; // any constant; shared by every replica of this app

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Applies pending migrations; returns the names applied. Safe to call from several replicas at once. */
export async function migrate(sql: SqlRunner, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return sql.withConnection(async (conn) => {
    await conn.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    try {
      await createSchemaIfMissing(conn);
      await conn.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
      const done = await conn.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const applied = new Map(done.map((r) => [r.migration_name, r.checksum]));
      const ran: string[] = [];
      for (const m of all) {
        const previous = applied.get(m.name);
        if (previous !== undefined) {
          if (previous !== m.checksum) {
            throw new Error(`Migration ${m.name} was changed after it was applied. Add a new migration instead.`);
          }
          continue;
        }
        // Each migration and its record commit together, so a crash leaves it either applied or not.
        await conn.exec(`BEGIN;\n${m.sql}\n;`);
        await conn.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await conn.exec("COMMIT");
        ran.push(m.name);
      }
      return ran;
    } catch (error) {
      await conn.exec("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      await conn.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]);
    }
  });
}

/** PostgreSQL's SQLSTATE for a table that does not exist. */
const UNDEFINED_TABLE = "42P01";

/** Names of migrations in the repo that the database has not applied (for /readyz). */
export async function pendingMigrations(sql: SqlRunner, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const all = await readMigrations();
  const rows = await sql
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [],
      options,
    )
    // No migrations table yet: none applied. Any other failure (a silent database) is not "migrations pending".
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return [];
      throw error;
    });
  const applied = new Set(rows.map((r) => r.migration_name));
  return all.map((m) => m.name).filter((n) => !applied.has(n));
}

/**
 * A DATABASE_URL with `?schema=` may name a schema that does not exist yet (a fresh deployment): create it, as
 * `prisma migrate deploy` would. Our pools put that schema first in search_path; when it is missing,
 * current_schema() is null. Run under the migration lock, so replicas starting together create it once.
 */
async function createSchemaIfMissing(conn: SqlRunner) {
  const [here] = await conn.query<{ schema: string | null }>("SELECT current_schema() AS schema");
  if (here?.schema) return;
  const [first] = await conn.query<{ name: string }>(
    `SELECT btrim(split_part(current_setting('search_path'), ',', 1), ' "') AS name`,
  );
  if (!first?.name || first.name === "$user") return;
  await conn.exec(`CREATE SCHEMA IF NOT EXISTS "${first.name.replaceAll('"', '""')}"`);
}
