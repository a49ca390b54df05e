// `npm run db:seed [-- --no-demo]`: migrate, then load reference data (and demo figures). Idempotent.
import { loadConfig } from "../../config";
import { targetFromUrl } from "../adapter";
import { openDatabase } from "../database";
import { migrate } from "../migrate";
import { seedAll } from "./seed";

const config = loadConfig();
const db = await openDatabase(targetFromUrl(config.DATABASE_URL, config.PGLITE_DIR));
try {
  await migrate(db.sql);
  const started = Date.now();
  const counts = await seedAll(db.prisma, { now: new Date(), demo: !process.argv.includes("--no-demo") });
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
} finally {
  await db.close();
}
