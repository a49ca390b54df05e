// Graceful shutdown of the real process (`src/main.ts`), as docker stop or a rolling restart does it: SIGTERM
// while a request is in flight. The request finishes, new connections are refused meanwhile, the log says so,
// and the process exits 0. The in-flight request is a Teams activity whose body is still arriving: the route
// reads the whole body before it answers, so the request stays open for as long as the test holds it back.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "plan-shutdown-"));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** Collects the child's stdout and resolves when a line matches. */
function watch(proc: ChildProcess) {
  let out = "";
  let err = "";
  proc.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  proc.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.splice(0)) {
      const m = out.match(w.re);
      if (m) w.resolve(m);
      else waiters.push(w);
    }
  });
  return {
    output: () => out,
    waitFor: (re: RegExp, ms: number) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const m = out.match(re);
        if (m) return resolve(m);
        const timer = setTimeout(() => reject(new Error(`no ${re} within ${ms} ms; output:\n${out}\n${err}`)), ms);
        waiters.push({ re, resolve: (found) => (clearTimeout(timer), resolve(found)) });
      }),
  };
}

const connect = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });

/** Connects until the port refuses, for up to `ms`; the refusal's error, or the last connection made. */
async function refusedWithin(port: number, ms: number): Promise<unknown> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const socket = await connect(port);
      socket.destroy();
      if (Date.now() > end) return socket;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } catch (error) {
      return error;
    }
  }
}

describe("graceful shutdown of the real process", () => {
  it("on SIGTERM finishes the request in flight, refuses new connections, logs it and exits 0", async () => {
    // A clean environment: the embedded database in a temp folder, Teams in local mode, nothing from the test run.
    // Started as the Dockerfile starts it: node itself, with tsx as a loader, so the signal reaches the app.
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: "0",
        HOST: "127.0.0.1",
        PGLITE_DIR: dataDir,
        SEED_DEMO: "off",
        LOG_LEVEL: "info",
        TEAMS_DEV_UNAUTHENTICATED: "on",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    const out = watch(child);
    // Start-up migrates and seeds the embedded database: about 10 s on a quiet machine, more while CI runs other files.
    const port = Number((await out.waitFor(/up on http:\/\/localhost:(\d+)/, 60_000))[1]);

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready", database: "pglite" });

    // Headers and half the body: the request is in flight until the rest comes.
    const body = JSON.stringify({ type: "message", text: "status 02N", serviceUrl: "https://not-microsoft.example" });
    const slow = await connect(port);
    let response = "";
    slow.on("data", (chunk: Buffer) => (response += chunk.toString()));
    const slowClosed = new Promise((resolve) => slow.once("close", resolve));
    slow.write(
      `POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: slow-1\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    child.kill("SIGTERM");
    await out.waitFor(/"msg":"shutting down"/, 5_000);

    // No longer listening: a proxy in front moves new requests to another replica. The listening socket is closed
    // by the event loop just after close() is called, so a connection made in that instant may still be taken in;
    // within a moment every new one is refused.
    await expect(refusedWithin(port, 2_000)).resolves.toMatchObject({ code: "ECONNREFUSED" });
    expect(child.exitCode).toBeNull(); // still waiting for the request in flight

    slow.end(body.slice(10));
    await slowClosed;
    // Answered in full (refused for its serviceUrl, which is what this route says to such an activity).
    expect(response).toMatch(/^HTTP\/1\.1 403 /);
    expect(response).toMatch(/x-request-id: slow-1/i);

    expect(await exited).toBe(0);
    const lines = out
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; reqId?: string; reason?: string });
    expect(lines.find((l) => l.msg === "shutting down")).toMatchObject({ reason: "SIGTERM" });
    expect(lines.some((l) => l.msg === "request completed" && l.reqId === "slow-1")).toBe(true);
    expect(lines.at(-1)?.msg).toBe("stopped");
  }, 90_000);
});
