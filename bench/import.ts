// Import throughput: a generated file of valid values (every CCG × the monthly NHS Constitution indicators, going
// back month by month) imported into an empty database, then the same file again (which changes nothing).
// Each run is a child process, so its peak memory (maxRSS) is its own. Baseline, in the same run: the same file
// only read and checked (csv-parse + zod + lookups), nothing written: the part of the time that is ours, not the
// database's. Then the published files (bench/published-import.ts): a full RTT commissioner file as NHS England
// published it, imported whole next to its reader alone, and the peak memory of reading a ~50 MB spreadsheet.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { writeSampleCsv } from "../test/sources/support/sample-csv";
import type { Figure } from "./measure";
import { benchPublishedImport } from "./published-import";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const TARGET_ROWS_PER_SECOND = 50_000;
const PGLITE_PEAK_MB = 600;

interface WorkerResult {
  rows: number;
  ms: number;
  againMs?: number;
  rssBefore: number;
  peakRss: number;
}

type WorkerMode = "postgres" | "pglite" | "pglite-memory" | "prepare-pglite" | "read-only";

async function worker(mode: WorkerMode, file: string, url?: string): Promise<WorkerResult> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const { stdout } = await promisify(execFile)(tsx, ["bench/import-worker.ts", mode, file, ...(url ? [url] : [])], {
    maxBuffer: 1 << 20,
    env: { ...process.env, LOG_LEVEL: "silent" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as WorkerResult;
}

const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const grouped = (n: number) => n.toLocaleString("en-GB");

export async function benchImport(postgresUrl: string | null): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "plan-dialogue-import-"));
  const file = path.join(dir, "values.csv");
  try {
    await writeSampleCsv(file, ROWS);
    const baseline = await worker("read-only", file);
    const baseRate = perSecond(baseline.rows, baseline.ms);
    const figures: Figure[] = [];
    const runs: [string, WorkerMode][] = [
      ["PGlite (data directory, as npm start)", "pglite"],
      ["PGlite in memory", "pglite-memory"],
    ];
    if (postgresUrl) runs.unshift(["PostgreSQL", "postgres"]);
    for (const [label, mode] of runs) {
      let target = postgresUrl ?? undefined;
      if (mode === "pglite") {
        // made by a process of its own, as `npm start` makes it; the import then opens it, as `npm run import` does
        target = path.join(dir, "pglite");
        await worker("prepare-pglite", target);
      }
      const r = await worker(mode, file, target);
      const rate = perSecond(r.rows, r.ms);
      figures.push(
        {
          name: `import ${grouped(r.rows)} rows, first time, ${label}`,
          value: `${grouped(rate)} rows/s (${(r.ms / 1000).toFixed(1)} s)`,
          baseline: `${grouped(baseRate)} rows/s read + check only`,
          ratio: `${(rate / baseRate).toFixed(2)}×`,
          ...(label === "PostgreSQL"
            ? { target: `≥ ${grouped(TARGET_ROWS_PER_SECOND)} rows/s`, ok: rate >= TARGET_ROWS_PER_SECOND }
            : {}),
        },
        {
          name: `import the same file again (nothing changes), ${label}`,
          value: `${grouped(perSecond(r.rows, r.againMs!))} rows/s (${(r.againMs! / 1000).toFixed(1)} s)`,
          baseline: `${grouped(baseRate)} rows/s read + check only`,
          ratio: `${(perSecond(r.rows, r.againMs!) / baseRate).toFixed(2)}×`,
        },
        {
          name: `import peak memory (RSS), ${label}`,
          value: `${r.peakRss} MB`,
          baseline: `${r.rssBefore} MB before the import`,
          ratio: `${(r.peakRss / r.rssBefore).toFixed(2)}×`,
          // issue 18: a planning lead trying the bot on a laptop imports into the embedded database on disk
          ...(mode === "pglite" ? { target: `≤ ${PGLITE_PEAK_MB} MB`, ok: r.peakRss <= PGLITE_PEAK_MB } : {}),
        },
      );
    }
    figures.push(...(await benchPublishedImport(postgresUrl)));
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
