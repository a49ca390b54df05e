// A newcomer's first start: the time from starting the bot's command line on a fresh clone's embedded database
// (created, migrated, reference and demo data loaded) to its first answer of `status 02N`, and the same command's
// second start on the database the first left. Baseline, in the same run: starting the same runtime (tsx) on a
// script that does nothing, the part no change of ours can remove. Each run is a process of its own, as a person
// runs it; `npm ci` is not timed (it is the package manager's, and the same for any project).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Figure } from "./measure";

const run = promisify(execFile);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const { stdout } = await run(tsx, args, { env, maxBuffer: 16 << 20, timeout: 600_000 });
  return { seconds: (performance.now() - started) / 1000, stdout };
}

export async function benchStart(): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "plan-dialogue-start-"));
  const empty = path.join(dir, "empty.ts");
  await writeFile(empty, "export {};\n");
  // The embedded database, as a fresh clone has none; no DATABASE_URL, quiet logs.
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: path.join(dir, "pglite"), LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  try {
    const baseline = await timed([empty], env);
    const first = await timed(["src/console/cli.ts", "status", "02N"], env);
    const second = await timed(["src/console/cli.ts", "status", "02N"], env);
    for (const r of [first, second])
      if (!r.stdout.includes("02N")) throw new Error(`status 02N gave no answer: ${r.stdout.slice(0, 300)}`);
    const s = (n: number) => `${n.toFixed(1)} s`;
    return [
      {
        name: "first start to the first answer (`npm run cli -- status 02N`, fresh embedded database)",
        value: s(first.seconds),
        baseline: `${s(baseline.seconds)} runtime start alone`,
        ratio: `${(first.seconds / baseline.seconds).toFixed(1)}×`,
      },
      {
        name: "second start to the first answer (the same database)",
        value: s(second.seconds),
        baseline: `${s(baseline.seconds)} runtime start alone`,
        ratio: `${(second.seconds / baseline.seconds).toFixed(1)}×`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
