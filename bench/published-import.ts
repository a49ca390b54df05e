// Published files through the import: a full RTT incomplete-pathways commissioner file as NHS England published it
// (every one of the 211 CCGs and the other commissioners × 19 treatment functions + the Total row, 53 week bands,
// title rows, merged captions), generated as .xls, .xlsx and CSV, imported whole (open, recognise, read, check,
// store) next to the same file only opened and read by its reader; and the peak memory of reading a ~50 MB .xls.
// Each measurement is a child process (`tsx bench/published-import.ts worker …`), so its memory is its own; the
// worker reads the file once untimed first, so both sides are measured warm, and keeps the best of three runs (each
// import into an empty table).
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import {
  csvText,
  rttCommissioners,
  rttCommissionerTable,
  workbookBytes,
  writeFixture,
  type RttTable,
} from "../test/sources/published/fixtures";
import type { Figure } from "./measure";

const grouped = (n: number) => Math.round(n).toLocaleString("en-GB");
const mb = (bytes: number) => Math.round(bytes / 1048576);
const perSecond = (rows: number, ms: number) => rows / (ms / 1000);
/** The memory bench's spreadsheet size: ~50 MB unless BENCH_SPREADSHEET_MB says otherwise. */
const SPREADSHEET_MB = Number(process.env.BENCH_SPREADSHEET_MB ?? 50);

type Mode = "read" | "pglite" | "postgres" | "memory";
interface WorkerResult {
  ms: number;
  /** of ms, opening the file (SheetJS or csv-parse), in read mode */
  openMs?: number;
  rows?: number;
  inserted?: number;
  rssBefore: number;
  peakRss: number;
  sampledRss?: number;
  heap?: number;
}

async function worker(mode: Mode, file: string, url?: string): Promise<WorkerResult> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const { stdout } = await promisify(execFile)(
    tsx,
    [fileURLToPath(import.meta.url), "worker", mode, file, ...(url ? [url] : [])],
    { maxBuffer: 1 << 20, env: { ...process.env, LOG_LEVEL: "silent" } },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as WorkerResult;
}

/** The full December 2014 file, as the bench and its figures describe it. */
function fullFile(): RttTable {
  return rttCommissionerTable({ pathway: "incomplete", commissioners: rttCommissioners(), period: "December 2014" });
}

/** The full table's data rows written again and again under one header, to about `megabytes` as .xls. */
function bigSheet(full: RttTable, megabytes: number): RttTable {
  const head = full.rows.slice(0, full.headerRow);
  const data = full.rows.slice(full.headerRow, full.headerRow + full.dataRows);
  const bytesPerRow = workbookBytes([full], "xls").length / full.rows.length;
  const wanted = Math.min(65_000 - head.length, Math.round((megabytes * 1048576) / bytesPerRow));
  const rows = [...head];
  while (rows.length - head.length < wanted) rows.push(...data.slice(0, wanted - (rows.length - head.length)));
  return { ...full, rows, dataRows: rows.length - head.length };
}

export async function benchPublishedImport(postgresUrl: string | null): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "plan-dialogue-published-"));
  try {
    const full = fullFile();
    const columns = full.rows[full.headerRow - 1]!.filter((c) => c !== null && c !== undefined).length;
    const files = {
      ".xls": await writeFixture(dir, "Incomplete-Commissioner-Dec14.xls", workbookBytes([full], "xls")),
      ".xlsx": await writeFixture(dir, "Incomplete-Commissioner-Dec14.xlsx", workbookBytes([full], "xlsx")),
      CSV: await writeFixture(dir, "Incomplete-Commissioner-Dec14.csv", csvText(full.rows)),
    };
    const figures: Figure[] = [];
    const databases: ["PGlite" | "PostgreSQL", Mode][] = [["PGlite", "pglite"]];
    if (postgresUrl) databases.unshift(["PostgreSQL", "postgres"]);
    for (const [kind, file] of Object.entries(files)) {
      const read = await worker("read", file);
      const readRate = perSecond(full.dataRows, read.ms);
      for (const [label, mode] of databases) {
        const r = await worker(mode, file, postgresUrl ?? undefined);
        if (r.inserted !== 211 * 2) throw new Error(`the ${kind} import stored ${r.inserted} figures, not 422`);
        const rate = perSecond(full.dataRows, r.ms);
        figures.push({
          name: `RTT commissioner file ${kind} (${grouped(full.dataRows)} rows × ${columns} columns, ${mb((await stat(file)).size) || "<1"} MB), whole import, ${label}`,
          value: `${grouped(rate)} rows/s (${(r.ms / 1000).toFixed(2)} s)`,
          baseline: `${grouped(readRate)} rows/s reader alone (${(read.ms / 1000).toFixed(2)} s, opening ${(read.openMs! / 1000).toFixed(2)} s)`,
          ratio: `${(rate / readRate).toFixed(2)}×`,
        });
      }
    }

    const big = bigSheet(full, SPREADSHEET_MB);
    const bigFile = await writeFixture(dir, "Incomplete-Commissioner-big.xls", workbookBytes([big], "xls"));
    const size = (await stat(bigFile)).size;
    const m = await worker("memory", bigFile);
    figures.push(
      {
        name: `read a ${mb(size)} MB .xls (${grouped(big.dataRows)} rows × ${columns} columns): peak memory`,
        value: `${m.peakRss} MB RSS (sampled ${m.sampledRss} MB; heap ${m.heap} MB)`,
        baseline: `${m.rssBefore} MB before reading`,
        ratio: `${(m.peakRss / m.rssBefore).toFixed(2)}×`,
      },
      {
        name: `read a ${mb(size)} MB .xls: open + read`,
        value: `${grouped(perSecond(big.dataRows, m.ms))} rows/s (${(m.ms / 1000).toFixed(1)} s)`,
      },
    );
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- The worker: one measurement in a process of its own ---------------------------------------------------------

/** RSS sampled every 10 ms from a thread of its own: the main thread is busy in SheetJS's synchronous read. */
function rssSampler(): { stop(): Promise<number> } {
  const sampler = new Worker(
    `const { parentPort } = require("node:worker_threads");
     let peak = 0;
     const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
     parentPort.on("message", () => { clearInterval(timer); peak = Math.max(peak, process.memoryUsage.rss()); parentPort.postMessage(peak); });`,
    { eval: true },
  );
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        sampler.once("message", (peak: number) => {
          void sampler.terminate();
          resolve(peak);
        });
        sampler.postMessage("stop");
      }),
  };
}

async function runWorker(mode: Mode, file: string, url: string | undefined) {
  const { openDatabase } = await import("../src/db/database");
  const { migrate } = await import("../src/db/migrate");
  const { seedReference, referenceOrganisations } = await import("../src/db/seed/reference");
  const { importFile, openWorkbook, recognise } = await import("../src/sources/published");
  const context = {
    organisations: new Map(referenceOrganisations().map((o) => [o.code, { kind: o.kind }])),
    attribution: () => new Map(),
  };
  const readOnce = async () => {
    const book = await openWorkbook(file);
    const [format] = recognise(book);
    if (!format) throw new Error(`${file} is not recognised`);
    return format.read(book, context);
  };
  const rssBefore = mb(process.memoryUsage.rss());
  const peakRss = () => Math.round(process.resourceUsage().maxRSS / 1024);

  if (mode === "memory") {
    // no warm-up: the first read is the one whose memory counts
    const sampler = rssSampler();
    let heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const book = await openWorkbook(file);
    heap = Math.max(heap, process.memoryUsage().heapUsed);
    const [format] = recognise(book);
    const read = format!.read(book, context);
    heap = Math.max(heap, process.memoryUsage().heapUsed);
    const ms = performance.now() - started;
    const sampled = await sampler.stop();
    return { ms, rows: read.rows.length, rssBefore, peakRss: peakRss(), sampledRss: mb(sampled), heap: mb(heap) };
  }
  await readOnce(); // warm-up, untimed
  // the best of three runs, on both sides
  if (mode === "read") {
    let best = { ms: Infinity, openMs: 0 };
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const book = await openWorkbook(file);
      const opened = performance.now();
      recognise(book)[0]!.read(book, context);
      const ms = performance.now() - started;
      if (ms < best.ms) best = { ms, openMs: opened - started };
    }
    return { ...best, rssBefore, peakRss: peakRss() };
  }
  let db;
  let cleanup = async () => {};
  if (mode === "pglite") {
    db = await openDatabase({ kind: "pglite" });
    cleanup = () => db!.close();
  } else {
    const schema = `bench_published_${process.pid}`;
    const admin = await openDatabase({ kind: "postgres", url: url! });
    await admin.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    db = await openDatabase({ kind: "postgres", url: url!, schema });
    cleanup = async () => {
      await db!.close();
      await admin.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    };
  }
  try {
    await migrate(db.sql);
    await seedReference(db.prisma);
    let best = { ms: Infinity, inserted: 0 };
    for (let i = 0; i < 3; i++) {
      // each run into an empty table: the first import of the month, three times
      await db.prisma.indicatorValue.deleteMany();
      const started = performance.now();
      const report = await importFile(db, file, { kind: "values", mode: "all-or-nothing", now: new Date() });
      const ms = performance.now() - started;
      if (!report.committed) throw new Error(`import failed: ${JSON.stringify(report.fatal ?? report.rejections[0])}`);
      if (ms < best.ms) best = { ms, inserted: report.inserted };
    }
    return { ...best, rssBefore, peakRss: peakRss() };
  } finally {
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "worker") {
  const [mode, file, url] = process.argv.slice(3) as [Mode, string, string?];
  const { logger } = await import("../src/logging/logger");
  logger.level = "silent";
  console.log(JSON.stringify(await runWorker(mode, file, url)));
  process.exit(0);
}
