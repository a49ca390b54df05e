// Driver adapters: embedded PGlite by default, PostgreSQL when a URL is given.
// One place decides, so the app, the Prisma CLI and the tests open databases the same way.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseTarget =
  | { kind: "postgres"; url: string; /** a schema other than public (tests, benchmarks) */ schema?: string }
  | { kind: "pglite"; dataDir?: string };

/** Where the embedded database keeps its files unless told otherwise. */
export const DEFAULT_PGLITE_DIR = "./data/pglite";

/**
 * DATABASE_URL to a target. `?schema=name` (Prisma's own URL convention) puts the tables in that schema instead of
 * public; it is taken off the URL, since the PostgreSQL driver does not know it.
 */
export function targetFromUrl(url: string | undefined, dataDir = DEFAULT_PGLITE_DIR): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  if (!schema) return { kind: "postgres", url };
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`DATABASE_URL's schema "${schema}" is not a plain name`);
  parsed.searchParams.delete("schema");
  return { kind: "postgres", url: parsed.toString(), schema };
}

/** Opens an embedded Postgres. No dataDir means in memory (tests). */
export async function openPGlite(dataDir?: string): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return db;
}

export function postgresAdapter(url: string, schema?: string): PrismaPg {
  // `schema` qualifies Prisma's generated queries; search_path serves our raw SQL ($queryRaw).
  return new PrismaPg(
    { connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    schema ? { schema } : undefined,
  );
}

export function pgliteAdapter(db: PGlite): PrismaPGlite {
  return new PrismaPGlite(db);
}

/**
 * For prisma.config.ts: the CLI (migrate diff, migrate status, db push) uses this. The embedded database is
 * opened only when the CLI connects: an open PGlite keeps Node running, so commands that need no database
 * (`migrate diff --from-empty`) would never exit.
 */
export async function createMigrationAdapter(url: string | undefined) {
  if (url) return postgresAdapter(url);
  // PGlite has no advisory locks across processes; the CLI would wait on one for ever.
  process.env.PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK = "1";
  let inner: PrismaPGlite | undefined;
  const open = async () => (inner ??= pgliteAdapter(await openPGlite(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR)));
  return {
    provider: "postgres" as const,
    adapterName: "pglite",
    connect: async () => (await open()).connect(),
    connectToShadowDb: async () => (await open()).connectToShadowDb(),
  };
}
