// `npm run db:seed [-- --no-demo]`: migrate, then load reference data (and demo figures) into the database of
// DATABASE_URL, or the embedded one in PGLITE_DIR (./data/pglite) when it is unset. Idempotent.
import { loadConfig } from "../../config";
import { targetFromUrl } from "../adapter";
import { openDatabase } from "../database";
import { migrate } from "../migrate";
import { DatabaseBusyError, holdEmbedded, type DatabaseOwnership } from "../ownership";
import { seedAll } from "./seed";

const config = loadConfig();
// One process owns the embedded database: refused at once (with what to do) while the bot runs on it.
let held: DatabaseOwnership | undefined;
try {
  held = config.DATABASE_URL ? undefined : holdEmbedded(config.PGLITE_DIR, "seeding it");
} catch (error) {
  console.error(error instanceof DatabaseBusyError ? error.message : error);
  process.exit(1);
}
const db = await openDatabase(targetFromUrl(config.DATABASE_URL, config.PGLITE_DIR, config.DATABASE_QUERY_TIMEOUT_MS));
try {
  const applied = await migrate(db.sql);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  const started = Date.now();
  const { demo, round, ...reference } = await seedAll(db.prisma, {
    now: new Date(),
    demo: !process.argv.includes("--no-demo"),
  });
  const [organisations, indicators, deadlines, values, plans] = await Promise.all([
    db.prisma.organisation.count(),
    db.prisma.indicator.count(),
    db.prisma.deadline.count(),
    db.prisma.indicatorValue.count(),
    db.prisma.planTrajectory.count(),
  ]);
  console.log(`Seeded ${db.kind} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(
    `Reference: ${reference.areaTeams} area teams, ${reference.ccgs} CCGs, ${reference.indicators} indicators, ` +
      `${reference.deadlines} national deadlines.`,
  );
  console.log(
    demo
      ? `Demo: ${demo.values} values and ${demo.plans} plans, ${demo.inserted} rows new; ` +
          `${round?.deadlines ?? 0} planning round deadlines new.`
      : "Demo: skipped.",
  );
  console.log(
    `In the database: ${organisations} organisations, ${indicators} indicators, ${deadlines} deadlines, ` +
      `${values} indicator values, ${plans} plan values.`,
  );
} finally {
  await db.close();
  held?.release();
}
