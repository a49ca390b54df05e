// `npm run bench`: every performance figure of the project in one table, each next to its
// baseline (measured in the same run) and its target. docs/PERFORMANCE.md records a run.
import os from "node:os";
import { logger } from "../src/logging/logger";
import { type Figure, printTable } from "./measure";
import { PG_URL, postgresReachable, withPGlite, withPostgres } from "./databases";
import { benchDataVersion } from "./data-version";
import { benchFanout } from "./fanout";
import { benchImport } from "./import";
import { benchPosition } from "./position";
import { benchSlack } from "./slack";
import { benchStart } from "./start";
import { benchStatus } from "./status";
import { benchTeams } from "./teams";

async function main() {
  // Benchmarks print figures; the app's request logs would bury them (LOG_LEVEL=info brings them back).
  logger.level = process.env.LOG_LEVEL ?? "silent";
  console.log(
    `Plan Dialogue benchmarks — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  // `npm run bench -- import fanout` runs only the benchmarks named; no names runs them all.
  const only = process.argv.slice(2);
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  const figures: Figure[] = [];
  if (wanted("status")) {
    figures.push(...((await withPostgres((db) => benchStatus(db, "PostgreSQL"))) ?? []));
    figures.push(...(await withPGlite((db) => benchStatus(db, "PGlite"))));
  }
  if (wanted("version")) {
    figures.push(...((await withPostgres((db) => benchDataVersion(db, "PostgreSQL"))) ?? []));
    figures.push(...(await withPGlite((db) => benchDataVersion(db, "PGlite"))));
  }
  if (wanted("position")) {
    figures.push(...((await withPostgres((db) => benchPosition(db, "PostgreSQL"))) ?? []));
    figures.push(...(await withPGlite((db) => benchPosition(db, "PGlite"))));
  }
  if (wanted("slack")) {
    figures.push(
      ...((await withPostgres((db) => benchSlack(db, "PostgreSQL"))) ??
        (await withPGlite((db) => benchSlack(db, "PGlite")))),
    );
  }
  if (wanted("teams")) {
    figures.push(
      ...((await withPostgres((db) => benchTeams(db, "PostgreSQL"))) ??
        (await withPGlite((db) => benchTeams(db, "PGlite")))),
    );
  }
  if (wanted("fanout")) {
    figures.push(
      ...((await withPostgres((db) => benchFanout(db, "PostgreSQL"))) ??
        (await withPGlite((db) => benchFanout(db, "PGlite")))),
    );
  }
  if (wanted("import")) figures.push(...(await benchImport((await postgresReachable()) ? PG_URL : null)));
  if (wanted("start")) figures.push(...(await benchStart()));
  console.log("");
  printTable(figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
