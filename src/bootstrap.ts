// Start-up shared by `npm start`, the console and tests: open the database, migrate, seed when empty.
import type { Config } from "./config";
import { createCore, type Core } from "./core";
import type { Clock } from "./core/time";
import { targetFromUrl, type DatabaseTarget } from "./db/adapter";
import { openDatabase, plainSqlOf, type Database } from "./db/database";
import { holdEmbedded } from "./db/ownership";
import { migrate } from "./db/migrate";
import { seedAll, seedOnReferenceSnapshot, type SeedCounts, type SeedOptions } from "./db/seed/seed";
import { findReferenceSnapshot, saveReferenceSnapshot, type ReferenceSnapshot } from "./db/snapshot";
import { startMark } from "./db/start-timing";
import { logger } from "./logging/logger";

export interface Runtime {
  db: Database;
  core: Core;
  /** what this process loaded on a first start; undefined when the data was there (or another replica loaded it) */
  seeded?: SeedCounts;
}

/** Held while one replica checks for and loads the first-start data; not the migrations' lock (src/db/migrate.ts). */
const SEED_LOCK_ID = 72_657_302;

export async function openRuntime(
  config: Pick<Config, "DATABASE_URL" | "PGLITE_DIR" | "SEED_DEMO"> &
    Partial<Pick<Config, "REMINDER_CATCH_UP_HOURS" | "DATABASE_QUERY_TIMEOUT_MS">>,
  clock: Clock,
  /** tests: a PostgreSQL schema of their own instead of DATABASE_URL's default */
  target: DatabaseTarget = targetFromUrl(config.DATABASE_URL, config.PGLITE_DIR, config.DATABASE_QUERY_TIMEOUT_MS),
): Promise<Runtime> {
  // The embedded database has one owner (src/db/ownership.ts): the bot and the console claim it before they get
  // here; any other command holds it while it runs, or is refused at once when another process has it.
  const held = target.kind === "pglite" && target.dataDir ? holdEmbedded(target.dataDir, "this command") : undefined;
  let db: Database;
  let snapshot: ReferenceSnapshot | undefined;
  try {
    // A folder with no database yet opens from the snapshot of an earlier first start, or makes one (snapshot.ts).
    snapshot = target.kind === "pglite" && target.dataDir ? await findReferenceSnapshot(target.dataDir) : undefined;
    db = await openDatabase(target, snapshot?.tarball);
    startMark("database open");
  } catch (error) {
    held?.release();
    throw error;
  }
  if (held) {
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await close();
      } finally {
        held.release();
      }
    };
  }
  try {
    const applied = await migrate(db.sql);
    startMark("migrations checked");
    if (applied.length) logger.info({ applied }, "migrations applied");
    let saving: Promise<void> | undefined;
    const afterReference = async () => {
      // Dumped now, while the database holds the reference data only; compressed and written meanwhile. A
      // snapshot that cannot be made costs the next fresh database time, never this start.
      const unsaved = (error: unknown) =>
        logger.warn({ err: error, file: snapshot!.file }, "could not save the embedded database's snapshot");
      let tarball: Blob;
      try {
        tarball = await db.dumpDataDir!();
      } catch (error) {
        return unsaved(error);
      }
      saving = saveReferenceSnapshot(snapshot!, tarball).catch(unsaved);
    };
    const seedOptions = { now: clock.now(), demo: config.SEED_DEMO, reference: snapshot?.reference };
    const seeded = snapshot?.tarball
      ? await seedOnReferenceSnapshot(db.prisma, seedOptions)
      : await seedIfEmpty(db, { ...seedOptions, afterReference: snapshot && afterReference });
    await saving;
    if (seeded) logger.info({ counts: seeded }, "reference data loaded");
    const policy = config.REMINDER_CATCH_UP_HOURS ? { catchUpLimitHours: config.REMINDER_CATCH_UP_HOURS } : {};
    return {
      db,
      core: createCore(db.prisma, clock, {
        policy,
        reportRulesProblem: (message) => logger.error({ component: "escalation" }, message),
        ...plainSqlOf(db),
      }),
      seeded,
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A first start has an empty database: load the reference data (and demo figures) so status works at once.
 * Replicas starting together would all see the empty table, so the check and the load happen under a
 * PostgreSQL advisory lock: the first loads, the others wait, then find the data and go on. (PGlite is one
 * process with one connection; the lock is harmless there.)
 */
async function seedIfEmpty(db: Database, options: SeedOptions): Promise<SeedCounts | undefined> {
  return db.sql.withConnection(async (conn) => {
    await conn.query("SELECT pg_advisory_lock($1)", [SEED_LOCK_ID]);
    try {
      // Prisma's own connections do the loading; the lock only needs to be held on this one meanwhile.
      const empty = (await db.prisma.organisation.count()) === 0;
      startMark("first Prisma query");
      if (!empty) return undefined;
      return await seedAll(db.prisma, options);
    } finally {
      await conn.query("SELECT pg_advisory_unlock($1)", [SEED_LOCK_ID]);
    }
  });
}
