// The server's routes match exactly what they say. The proxy (deploy/nginx.conf) keeps /metrics from the public;
// were express to answer /metrics/ or /METRICS as well, any spelling the proxy did not think of would leak the
// replica's figures. Raw HTTP requests, so that no client tidies the path first.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTabHarness, type TabHarness } from "../tab/harness";

let h: TabHarness;
beforeAll(async () => {
  h = await startTabHarness();
});
afterAll(() => h.close());

function get(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the server's routing", () => {
  it("serves /metrics at exactly /metrics (a query string is still /metrics)", async () => {
    for (const path of ["/metrics", "/metrics?x", "/metrics?format=text"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.body, path).toContain("plan_http_requests_total");
    }
  });

  it.each(["/metrics/", "/METRICS", "/Metrics", "/METRICS/", "//metrics", "/metrics%2F", "/metrics%2f", "/metrics/x"])(
    "does not answer %s with the metrics",
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain("plan_");
    },
  );

  it("still serves the other routes at their own paths", async () => {
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(200);
    expect((await get("/tab")).status).toBe(200);
    expect((await get("/tab/config")).status).toBe(200);
    expect((await get("/tab/styles.css")).status).toBe(200);
    expect((await get("/api/tab/organisations")).status).toBe(200);
    expect((await get("/api/tab/status/02N")).status).toBe(200);
    // strict and case-sensitive for these too
    expect((await get("/HEALTHZ")).status).toBe(404);
    expect((await get("/readyz/")).status).toBe(404);
  });
});
