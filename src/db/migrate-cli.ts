// `npm run db:migrate`: apply pending migrations to the configured database.
import { loadConfig } from "../config";
import { targetFromUrl } from "./adapter";
import { openDatabase } from "./database";
import { migrate } from "./migrate";
import { DatabaseBusyError, holdEmbedded, type DatabaseOwnership } from "./ownership";

const config = loadConfig();
// One process owns the embedded database: refused at once (with what to do) while the bot runs on it.
let held: DatabaseOwnership | undefined;
try {
  held = config.DATABASE_URL ? undefined : holdEmbedded(config.PGLITE_DIR, "migrating it");
} catch (error) {
  console.error(error instanceof DatabaseBusyError ? error.message : error);
  process.exit(1);
}
const db = await openDatabase(targetFromUrl(config.DATABASE_URL, config.PGLITE_DIR, config.DATABASE_QUERY_TIMEOUT_MS));
try {
  const applied = await migrate(db.sql);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await db.close();
  held?.release();
}
