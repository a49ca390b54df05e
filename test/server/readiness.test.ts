// /readyz answers anyone who can reach it (the proxy passes it through), so when the database fails it says
// "database unreachable" and an error id, and keeps the database's own words — host, role, the URL with its
// password — for the log, under that id.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database";
import { createLogger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";

const DATABASE_ERROR =
  'password authentication failed for user "plan" connecting to postgresql://plan:Pq9vLm2xRt7wZk4s@10.20.0.5:5432/plan';

/** A database whose every query fails as PostgreSQL's driver would report it. */
const failing = {
  kind: "postgres",
  sql: {
    query: async () => {
      throw new Error(DATABASE_ERROR);
    },
  },
  prisma: {},
  close: async () => undefined,
} as unknown as Database;

const lines: string[] = [];
let server: Server;
let url = "";
beforeAll(async () => {
  const logger = createLogger({ write: (s: string) => void lines.push(s) });
  logger.level = "info";
  server = await new Promise<Server>((resolve) => {
    const s = createHttpApp(failing, { logger }).listen(0, "127.0.0.1", () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("/readyz when the database fails", () => {
  it("answers 503 with a short body and an error id, never the database's error", async () => {
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text) as { status: string; errorId: string };
    expect(body).toEqual({ status: "database unreachable", errorId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(text).not.toMatch(/password|plan|10\.20\.0\.5|Pq9vLm2x/);

    // the log has the error under that id, with the password scrubbed
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.errorId === body.errorId);
    expect(logged).toMatchObject({ msg: "readiness check: database unreachable" });
    expect(JSON.stringify(logged)).toContain("password authentication failed");
    expect(lines.join("")).not.toContain("Pq9vLm2xRt7wZk4s");
  });
});
