// Start-up shared by `npm start`, the console and tests: open the database, migrate, seed when empty.
import type { Config } from "./config";
import { createCore, type Core } from "./core";
import type { Clock } from "./core/time";
import { targetFromUrl } from "./db/adapter";
import { openDatabase, type Database } from "./db/database";
import { migrate } from "./db/migrate";
import { seedAll } from "./db/seed/seed";
import { logger } from "./logging/logger";

export interface Runtime {
  db: Database;
  core: Core;
}

export async function openRuntime(
  config: Pick<Config, "DATABASE_URL" | "PGLITE_DIR" | "SEED_DEMO">,
  clock: Clock,
): Promise<Runtime> {
  const db = await openDatabase(targetFromUrl(config.DATABASE_URL, config.PGLITE_DIR));
  const applied = await migrate(db.sql);
  if (applied.length) logger.info({ applied }, "migrations applied");
  // A first start has an empty database: load the reference data (and demo figures) so status works at once.
  if ((await db.prisma.organisation.count()) === 0) {
    const counts = await seedAll(db.prisma, { now: clock.now(), demo: config.SEED_DEMO });
    logger.info({ counts }, "reference data loaded");
  }
  return { db, core: createCore(db.prisma, clock) };
}
