// `npm run db:migrate`: apply pending migrations to the configured database.
import { loadConfig } from "../config";
import { targetFromUrl } from "./adapter";
import { openDatabase } from "./database";
import { migrate } from "./migrate";

const config = loadConfig();
const db = await openDatabase(targetFromUrl(config.DATABASE_URL, config.PGLITE_DIR, config.DATABASE_QUERY_TIMEOUT_MS));
try {
  const applied = await migrate(db.sql);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await db.close();
}
