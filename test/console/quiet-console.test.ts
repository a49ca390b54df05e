// The console prompt as a person uses it (`npm run cli` with no command, typing at `plan>`): what they read is
// the prompt and the answers, never a JSON log line in between. The log goes to data/plan-dialogue.log.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "plan-quiet-"));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the console prompt", () => {
  it("shows answers only: the first start's migration and seed lines go to the log file", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/console/cli.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PGLITE_DIR: path.join(dataDir, "pglite"),
        SEED_DEMO: "off",
        LOG_LEVEL: "info",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // Typed once the prompt is there, as a person would.
    await new Promise<void>((resolve, reject) => {
      const onData = () => out.includes("plan> ") && resolve();
      child.stdout.on("data", onData);
      void exited.then(() => reject(new Error(`the console exited:\n${out}\n${err}`)));
    });
    child.stdin.write("whoami\n");
    child.stdin.end("exit\n");
    expect(await exited).toBe(0);
    expect(out).toContain("Plan Dialogue console.");
    expect(out.split("\n").filter((l) => /^\s*(plan> )?\{"level"/.test(l))).toEqual([]);
    expect(err).toBe("");
    const log = readFileSync(path.join(dataDir, "plan-dialogue.log"), "utf8");
    expect(log).toContain('"msg":"reference data loaded"');
  }, 120_000);
});
