// Request ids in logs: every line written while a request is handled carries its `reqId`, including lines
// logged deep inside (dispatch's "command failed", through the shared logger, which is never handed the id).
// The shared logger is swapped for one that writes to an array, with the same request-context mixin.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dispatch } from "../../commands/dispatch";
import { defineCommand } from "../../commands/command";
import { createCore } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { createHttpApp } from "../../src/server/http";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { z } from "zod";

const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("../../src/logging/logger", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/logging/logger")>();
  const logger = original.createLogger({ write: (line: string) => void captured.lines.push(line) });
  logger.level = "debug";
  return { ...original, logger };
});

/** A command whose handler breaks, as a bug deep in the core would. */
const broken = defineCommand({
  name: "broken",
  summary: "fails",
  usage: "broken",
  examples: [],
  needsPerson: false,
  parse: () => ({}),
  args: z.object({}),
  run: async () => {
    await new Promise((resolve) => setTimeout(resolve, 5)); // the id must survive an await
    throw new Error("a bug");
  },
});

let t: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const core = createCore(t.db.prisma, fixedClock("2013-11-20T12:00:00Z"));
  const app = createHttpApp(t.db);
  app.post("/run", async (_req, res) => {
    const result = await dispatch(core, [broken], "broken", {
      user: { platform: "CONSOLE", tenantId: "local", userId: "someone" },
    });
    res.json({ summary: result.reply.summary });
  });
  app.get("/fails", (_req, res) => {
    res.status(500).send("no");
  });
  app.get("/hangs", () => undefined); // never answers: the caller gives up
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.cleanup();
});

const logLines = () => captured.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

/** Waits for the request line, written when the response has finished. */
async function linesFor(reqId: string, count: number) {
  await vi.waitFor(() => expect(logLines().filter((l) => l.reqId === reqId).length).toBeGreaterThanOrEqual(count));
  return logLines().filter((l) => l.reqId === reqId);
}

describe("request ids", () => {
  it("keeps a caller's X-Request-Id, echoes it, and puts it on every line the request logs", async () => {
    const res = await fetch(`${base}/run`, {
      method: "POST",
      headers: { "x-request-id": "proxy-5f2c9a01", authorization: "Bearer do-not-log-me" },
    });
    expect(res.headers.get("x-request-id")).toBe("proxy-5f2c9a01");
    expect(((await res.json()) as { summary: string }).summary).toMatch(/error id/);

    const lines = await linesFor("proxy-5f2c9a01", 2);
    expect(lines.map((l) => l.msg)).toEqual(["command failed", "request completed"]);
    expect(lines[1]).toMatchObject({ req: { method: "POST", path: "/run" }, res: { statusCode: 200 } });
    // Headers (bearer tokens) stay out of the logs.
    expect(captured.lines.join("")).not.toContain("do-not-log-me");
  });

  it("makes a new id when there is none, or when the given one is not sane", async () => {
    for (const given of [undefined, "x".repeat(200), "two words", "<script>"]) {
      const res = await fetch(`${base}/run`, { method: "POST", headers: given ? { "x-request-id": given } : {} });
      const reqId = res.headers.get("x-request-id")!;
      expect(reqId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const lines = await linesFor(reqId, 2);
      expect(lines.map((l) => l.msg)).toEqual(["command failed", "request completed"]);
    }
  });

  it("writes one request line a request, at a level by its outcome, with no query string", async () => {
    const lineOf = async (path: string, init: RequestInit = {}) => {
      const reqId = `line-${path.split("?")[0]!.slice(1)}`;
      await fetch(`${base}${path}`, { ...init, headers: { "x-request-id": reqId } }).catch(() => undefined);
      const lines = await linesFor(reqId, 1);
      expect(lines).toHaveLength(1);
      return lines[0]!;
    };
    expect(await lineOf("/healthz?token=secret")).toMatchObject({
      level: 20, // debug: probes would bury the rest
      msg: "request completed",
      req: { method: "GET", path: "/healthz" },
      res: { statusCode: 200 },
    });
    expect(await lineOf("/nowhere")).toMatchObject({ level: 40, msg: "request completed", res: { statusCode: 404 } });
    expect(await lineOf("/fails")).toMatchObject({ level: 50, msg: "request errored", res: { statusCode: 500 } });
    expect(await lineOf("/hangs", { signal: AbortSignal.timeout(200) })).toMatchObject({
      level: 40,
      msg: "request aborted",
    });
    expect(captured.lines.join("")).not.toContain("secret");
  });

  it("writes no id on lines logged outside a request", async () => {
    captured.lines.length = 0;
    await dispatch(createCore(t.db.prisma, fixedClock("2013-11-20T12:00:00Z")), [broken], "broken", {
      user: { platform: "CONSOLE", tenantId: "local", userId: "someone" },
    });
    expect(logLines()).toHaveLength(1);
    expect(logLines()[0]).not.toHaveProperty("reqId");
  });
});
