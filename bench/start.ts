// A newcomer's first start: the time from starting the bot's command line on a fresh clone's embedded database
// (created, migrated, reference and demo data loaded) to its first answer of `status 02N`, and the same command's
// second start on the database the first left. A fresh database beside one that has started before opens from
// that one's snapshot (src/db/snapshot.ts), so both are timed: the very first (no snapshot yet) and the next fresh
// one. Baseline, in the same run: starting the same runtime (tsx) on a script that does nothing, the part no change
// of ours can remove. Each run is a process of its own, as a person runs it; `npm ci` is not timed.
//
// BENCH_START_BEFORE=<commit> also times that commit's code in the same run (its tree from `git archive`, this
// checkout's node_modules and generated Prisma client), for a before-and-after on the same machine and load.
// BENCH_START_RUNS=<n> (default 1) repeats each figure n times and shows every run.
// The steps of this code's starts (PLAN_DIALOGUE_TIMING, src/db/start-timing.ts) are printed before the table.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { readStartMarks, type StartMark } from "../src/db/start-timing";
import type { Figure } from "./measure";

const run = promisify(execFile);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

interface Timed {
  seconds: number;
  /** CPU seconds of the process and its children (tsx starts node), NaN where /proc is not there */
  cpu: number;
  marks: StartMark[];
}

/**
 * CPU seconds used by this process's children that have ended (Linux: cutime + cstime in /proc/self/stat). On a
 * machine shared with other work the clock says as much about the neighbours as about the start; this does not.
 */
function childrenCpu(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

async function timed(args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<Timed> {
  const [started, cpuBefore] = [performance.now(), childrenCpu()];
  const { stdout, stderr } = await run(tsx, args, { env, cwd, maxBuffer: 16 << 20, timeout: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  const cpu = childrenCpu() - cpuBefore;
  if (args.length > 1 && !stdout.includes("02N")) throw new Error(`status 02N gave no answer: ${stdout.slice(0, 300)}`);
  return { seconds, cpu, marks: readStartMarks(stderr) };
}

/** The embedded database, as a fresh clone has none: no DATABASE_URL, quiet logs, the data in `dataDir`. */
function envFor(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dataDir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  delete env.PLAN_DIALOGUE_TIMING;
  return env;
}

const STATUS = ["src/console/cli.ts", "status", "02N"];

/** One round of a code's starts, each in a folder of its own: the very first, the next fresh one beside it, the second. */
async function startsOf(root: string, cwd: string, timing: boolean) {
  const place = await mkdtemp(path.join(root, "place-"));
  const env = (dir: string) => ({ ...envFor(path.join(place, dir)), ...(timing && { PLAN_DIALOGUE_TIMING: "1" }) });
  const first = await timed(STATUS, env("first"), cwd);
  const beside = await timed(STATUS, env("beside"), cwd);
  const second = await timed(STATUS, env("first"), cwd);
  return { first, beside, second };
}

/** That commit's tree, runnable: this checkout's node_modules and generated client (src/db/generated is not in git). */
async function checkout(commit: string, root: string): Promise<string> {
  const dir = path.join(root, `code-${commit}`);
  await mkdir(dir);
  const tar = path.join(root, `${commit}.tar`);
  await run("git", ["archive", "--format=tar", "-o", tar, commit]);
  await run("tar", ["-xf", tar, "-C", dir]);
  await symlink(path.join(process.cwd(), "node_modules"), path.join(dir, "node_modules"));
  await cp(path.join(process.cwd(), "src/db/generated"), path.join(dir, "src/db/generated"), { recursive: true });
  return dir;
}

/** Loads a code's modules once, with nothing to start (a database that refuses at once), so tsx has compiled them. */
async function warmUp(cwd: string, root: string) {
  const env = { ...envFor(path.join(root, "unused")), DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" };
  await run(tsx, STATUS, { env, cwd, timeout: 120_000 }).catch(() => undefined);
}

function printSteps(label: string, marks: StartMark[]) {
  let previous = { ms: 0, cpu: 0 };
  const steps = marks.map((m) => {
    const step = `${m.step} +${m.ms - previous.ms} ms (${m.cpu - previous.cpu} ms cpu)`;
    previous = m;
    return step;
  });
  console.log(`  ${label}: ${steps.join(", ")}`);
}

export async function benchStart(): Promise<Figure[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), "plan-dialogue-start-"));
  const runs = Math.max(1, Number(process.env.BENCH_START_RUNS ?? 1));
  const before = process.env.BENCH_START_BEFORE;
  try {
    const empty = path.join(root, "empty.ts");
    await writeFile(empty, "export {};\n");
    const oldCode = before ? await checkout(before, root) : undefined;
    // tsx keeps what it compiled; both codes start with it filled, as any start after the first does.
    for (const cwd of [process.cwd(), ...(oldCode ? [oldCode] : [])]) await warmUp(cwd, root);
    const baseline: Timed[] = [];
    const now: Awaited<ReturnType<typeof startsOf>>[] = [];
    const old: Awaited<ReturnType<typeof startsOf>>[] = [];
    // One start at a time, this code and the old one in turn, so both meet the same load.
    for (let i = 0; i < runs; i++) {
      baseline.push(await timed([empty], envFor(path.join(root, "unused"))));
      now.push(await startsOf(root, process.cwd(), true));
      if (oldCode) old.push(await startsOf(root, oldCode, false));
    }
    console.log("Where this code's starts go (the last run; clock since the process began, cpu of all its threads):");
    const last = now.at(-1)!;
    printSteps("very first start", last.first.marks);
    printSteps("next fresh database", last.beside.marks);
    printSteps("second start", last.second.marks);

    const s = (xs: Timed[]) => xs.map((t) => `${t.seconds.toFixed(1)} s (${t.cpu.toFixed(1)} s cpu)`).join(", ");
    const base = `${s(baseline)} runtime start alone`;
    const mean = (xs: Timed[]) => xs.reduce((a, t) => a + t.seconds, 0) / xs.length;
    const ratio = (xs: Timed[]) => `${(mean(xs) / mean(baseline)).toFixed(1)}×`;
    const figure = (name: string, xs: Timed[]): Figure => ({ name, value: s(xs), baseline: base, ratio: ratio(xs) });
    const pick = (rs: typeof now, k: "first" | "beside" | "second") => rs.map((r) => r[k]);
    const figures = [
      figure(
        "first start to the first answer (`npm run cli -- status 02N`, fresh clone, no snapshot)",
        pick(now, "first"),
      ),
      figure("first start of another fresh database beside it (from the snapshot)", pick(now, "beside")),
      figure("second start to the first answer (the same database)", pick(now, "second")),
    ];
    if (oldCode)
      figures.push(
        figure(`first start, code of ${before}`, pick(old, "first")),
        figure(`another fresh database, code of ${before}`, pick(old, "beside")),
        figure(`second start, code of ${before}`, pick(old, "second")),
      );
    return figures;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
