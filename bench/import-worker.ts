// One import measured in a process of its own, so its peak memory is its own and not the other benchmarks':
// `tsx bench/import-worker.ts <postgres|pglite|read-only> <file> [postgres url]`. Prints one JSON line.
// The database is prepared first (schema, migrations, reference data); only the import itself is timed.
import { createReadStream } from "node:fs";
import { openDatabase, type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { seedReference } from "../src/db/seed/reference";
import { checkRow, importCsvFile, loadLookups, readRowsCsv } from "../src/sources/import";

// pglite: `file` is imported into the data directory `url`, made beforehand by `prepare-pglite <dir>` in a process of
// its own, as `npm start` makes it and `npm run import` then opens it; pglite-memory: an in-memory database, whose
// files (tables, WAL, sorts that spill) are all held in this process's memory.
const [mode, file, url] = process.argv.slice(2) as [
  "postgres" | "pglite" | "pglite-memory" | "prepare-pglite" | "read-only",
  string,
  string?,
];
const mb = (kb: number) => Math.round(kb / 1024);

async function prepared(): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  // The read-only baseline needs only the lookups: the embedded database is enough.
  if (mode === "pglite-memory" || mode === "read-only") {
    const db = await openDatabase({ kind: "pglite" });
    await migrate(db.sql);
    await seedReference(db.prisma);
    return { db, cleanup: () => db.close() };
  }
  if (mode === "pglite") {
    const db = await openDatabase({ kind: "pglite", dataDir: url! });
    return { db, cleanup: () => db.close() };
  }
  const schema = `bench_import_${process.pid}`;
  const admin = await openDatabase({ kind: "postgres", url: url! });
  await admin.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ kind: "postgres", url: url!, schema });
  await migrate(db.sql);
  await seedReference(db.prisma);
  return {
    db,
    cleanup: async () => {
      await db.close();
      await admin.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

if (mode === "prepare-pglite") {
  const db = await openDatabase({ kind: "pglite", dataDir: file });
  await migrate(db.sql);
  await seedReference(db.prisma);
  await db.close();
  console.log(JSON.stringify({ prepared: file }));
  process.exit(0);
}

const { db, cleanup } = await prepared();
const rssBefore = mb(process.memoryUsage().rss / 1024);
try {
  if (mode === "read-only") {
    // The baseline: the same file read and checked row by row, with nothing written.
    const lookups = await loadLookups(db.prisma);
    const started = performance.now();
    let rows = 0;
    for await (const batch of readRowsCsv(createReadStream(file, { highWaterMark: 1 << 20 }), () => undefined, [])) {
      for (const raw of batch) checkRow(raw, lookups, "values");
      rows += batch.length;
    }
    const ms = performance.now() - started;
    console.log(JSON.stringify({ rows, ms, rssBefore, peakRss: mb(process.resourceUsage().maxRSS) }));
  } else {
    const run = async () => {
      const started = performance.now();
      const report = await importCsvFile(db, file, { kind: "values", mode: "all-or-nothing", now: new Date() });
      if (!report.committed) throw new Error(`import failed: ${JSON.stringify(report.fatal ?? report.rejections[0])}`);
      return { rows: report.rowsRead, ms: performance.now() - started, inserted: report.inserted };
    };
    const first = await run();
    const again = await run();
    console.log(
      JSON.stringify({ ...first, againMs: again.ms, rssBefore, peakRss: mb(process.resourceUsage().maxRSS) }),
    );
  }
} finally {
  await cleanup();
}
