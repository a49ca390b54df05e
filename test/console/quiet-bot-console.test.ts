// `npm start` in local mode on a terminal: the console below the start-up lines shows the prompt and the answers,
// and the log goes to data/plan-dialogue.log, so no JSON line lands after `plan>` (as one did). The terminal is a
// real pseudo-terminal (util-linux `script`), since the console only opens on one.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "plan-quiet-bot-"));
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm start's console in local mode", () => {
  it("shows no log lines between the prompt and the answers", async (ctx) => {
    if (!hasScript) ctx.skip("needs util-linux `script` to give the bot a terminal");
    const child = spawn("script", ["-qfec", `${process.execPath} --import tsx src/main.ts`, "/dev/null"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: "0",
        HOST: "127.0.0.1",
        PGLITE_DIR: path.join(dataDir, "pglite"),
        SEED_DEMO: "off",
        SCHEDULER: "off",
        LOG_LEVEL: "info",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const prompted = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (out.split("plan> ").length > n ? resolve() : undefined);
        child.stdout.on("data", check);
        check();
        void exited.then(() => reject(new Error(`the bot exited:\n${out}`)));
      });
    await prompted(1);
    child.stdin.write("whoami\n");
    await prompted(2);
    child.stdin.write("exit\n");
    expect(await exited).toBe(0);
    expect(out).toContain("Plan Dialogue is up on http://localhost:");
    expect(out).toContain(`Logs go to ${path.join(dataDir, "plan-dialogue.log")}.`);
    expect(out).not.toContain('{"level"');
    const log = readFileSync(path.join(dataDir, "plan-dialogue.log"), "utf8");
    expect(log).toContain("Plan Dialogue running in local mode");
    expect(log).toContain('"msg":"stopped"');
  }, 180_000);
});
