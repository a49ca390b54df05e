// `npm start` and `npm run cli` side by side on one embedded database, as the README suggests: the bot owns the
// database (a lock file beside it names its pid and port), and the CLI hands its commands to the bot instead of
// opening a second copy. A discussion the CLI opens is seen by the bot and is still there after the bot stops.
// A second bot on the same folder refuses at once with a sentence; a lock left by a dead process is taken over.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "plan-beside-"));
const PGLITE_DIR = path.join(dataDir, "pglite");
const LOCK = `${PGLITE_DIR}.lock`;
const execFileP = promisify(execFile);

const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PORT: "0",
  HOST: "127.0.0.1",
  PGLITE_DIR,
  SEED_DEMO: "off",
  SCHEDULER: "off",
  LOG_LEVEL: "info",
};

let bot: ChildProcess | undefined;
let port = 0;
let output = "";

/** Starts `src/main.ts` and resolves with its port when it says it is up. */
async function startBot(): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const m = /up on http:\/\/localhost:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => reject(new Error(`the bot exited (${code}):\n${output}`)));
  });
  return { child, port, exited };
}

/** `npm run cli -- …` as a person types it; resolves with what it printed and its exit code. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, ["--import", "tsx", "src/console/cli.ts", ...args], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? "", stderr: e.stderr ?? "", code: e.code ?? -1 };
  }
}

beforeAll(async () => {
  ({ child: bot, port } = await startBot());
}, 120_000);

afterAll(() => {
  if (bot && bot.exitCode === null) bot.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the console beside the running bot", () => {
  let exited: Promise<number | null>;

  it("the bot owns the embedded database: its lock file names its pid and port", () => {
    const lock = JSON.parse(readFileSync(LOCK, "utf8")) as { pid: number; kind: string; port: number };
    expect(lock).toMatchObject({ pid: bot!.pid, kind: "bot" });
    expect(output).toContain(`localhost:${lock.port}`);
  });

  it("local mode is quiet: no warnings at start, and a browser's /favicon.ico is answered, not a 404 warning", async () => {
    const favicon = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
    expect(favicon.status).toBe(204);
    await fetch(`http://127.0.0.1:${port}/healthz`); // logged after the favicon's line, so that one is written
    const levels = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(levels.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });

  it("a discussion the CLI opens is opened in the bot, which lists it to the next command", async () => {
    const opened = await cli("--as", "Jo Smith@02N", "discuss", "02N", "A&E 4-hour recovery");
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/D1\b/);
    expect(opened.stdout).toContain("A&E 4-hour recovery");
    const listed = await cli("--as", "Sam Patel@Q52", "discussions", "02N", "all");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("A&E 4-hour recovery");
    expect(output).not.toMatch(/PrismaClient|at async/);
  }, 120_000);

  it("a second bot on the same folder refuses at once, saying what to do", async () => {
    const second = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: "pipe" });
    let said = "";
    second.stderr.on("data", (c: Buffer) => (said += c.toString()));
    second.stdout.on("data", (c: Buffer) => (said += c.toString()));
    const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
    expect(code).toBe(1);
    expect(said).toContain(`Plan Dialogue (npm start, pid ${bot!.pid}) is running on the embedded database`);
    expect(said).not.toMatch(/^\s+at /m);
  }, 60_000);

  it("a command that can't be handed to the bot (the seed, an import) refuses at once, saying what to do", async () => {
    const seeded = await execFileP(process.execPath, ["--import", "tsx", "src/db/seed/seed-cli.ts"], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(seeded).toMatchObject({ code: 1 });
    const said = (seeded as { stderr: string }).stderr;
    expect(said).toContain(`Plan Dialogue (npm start, pid ${bot!.pid}) is running on the embedded database`);
    expect(said).toContain("Stop it (Ctrl-C), run this, then start it again");
    expect(said).not.toMatch(/^\s+at /m);
  }, 120_000);

  it("after the bot stops, the discussion is still there and the CLI opens the database itself", async () => {
    exited = new Promise((resolve) => bot!.once("exit", resolve));
    bot!.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(LOCK)).toBe(false);
    const listed = await cli("--as", "Sam Patel@Q52", "discussions", "02N", "all");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("A&E 4-hour recovery");
    expect(listed.stdout).toMatch(/D1\b/);
    expect(existsSync(LOCK)).toBe(false); // released when it ended
  }, 120_000);

  it("a lock left by a process that died is stale: the CLI takes it over", async () => {
    writeFileSync(
      LOCK,
      JSON.stringify({
        pid: 2 ** 22 + 17, // above Linux's pid_max default: no such process
        kind: "bot",
        host: "127.0.0.1",
        port: 1,
        token: "x".repeat(64),
        startedAt: new Date().toISOString(),
      }),
    );
    const listed = await cli("--as", "Sam Patel@Q52", "discussions", "02N", "all");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("A&E 4-hour recovery");
  }, 120_000);
});
