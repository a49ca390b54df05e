// The tab's grid page: /tab/grid?of=Q52 shows the area team's CCGs × the national ask with each cell's figure and plan
// in their RAG colours, served with the tab's security headers; a bad code is said on the page; a deployment that
// keeps the dashboard to signed-in people does not draw it for a request without a token, but sends the page whose
// script signs in through Teams and draws it from the API (test/tab/grid-browser.test.ts).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createTabChannel } from "../../src/tab";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let core: Core;
const servers: Server[] = [];

async function serve(publicStatus: boolean): Promise<string> {
  const tab = createTabChannel({
    config: { TEAMS_CLIENT_ID: undefined, PUBLIC_URL: undefined, TAB_PUBLIC_STATUS: publicStatus },
    core,
    logger,
  });
  const app = createHttpApp(t.db);
  tab.mount(app);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, fixedClock("2013-11-20T10:00:00Z"));
  const oct = new Date("2013-10-01");
  await t.db.prisma.indicatorValue.create({
    data: { organisationCode: "02N", indicatorCode: "ae_4hr", periodStart: oct, value: 93, source: "test" },
  });
  await t.db.prisma.planTrajectory.create({
    data: { organisationCode: "02N", indicatorCode: "ae_4hr", periodStart: oct, value: 95, source: "test" },
  });
}, 180_000);
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await t.cleanup();
});

describe("the tab's grid page", () => {
  it("shows Q52's grid, each cell's figure and plan in their RAG colours", async () => {
    const base = await serve(true);
    const res = await fetch(`${base}/tab/grid?of=Q52`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors/);
    const html = await res.text();
    expect(html).toContain("<h1>Grid — Q52 West Yorkshire Area Team</h1>");
    const row = /<tr><th scope="row"[^>]*>ae_4hr<\/th>(.*?)<\/tr>/.exec(html)![1]!;
    const first = /<td>(.*?)<\/td>/.exec(row)![1]!; // 02N, the first column
    // 93% is within 2 points of 95%: amber; the plan of 95% meets it: green.
    expect(first).toBe(
      '<span class="rag rag-amber" title="figure: amber">93%</span> <span class="rag rag-green" title="plan: green">95%</span>',
    );
    expect(html).toMatch(/<th scope="col">03R<\/th>/);
    const bad = await fetch(`${base}/tab/grid?of=02N`);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toMatch(/I don&#39;t know an area team called &quot;02N&quot;/);
    expect(await (await fetch(`${base}/tab/grid?of=<script>`)).text()).not.toContain("<script>");
    expect((await fetch(`${base}/tab/grid?of=england`)).status).toBe(200);
  });

  it("is not drawn on the server where the dashboard is for signed-in people only: the tab's script signs in", async () => {
    const base = await serve(false);
    const res = await fetch(`${base}/tab/grid?of=Q52`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).not.toContain("ae_4hr");
    expect(html).toContain('<script type="module" src="/tab/app.js"></script>');
    expect(html).toContain('<body data-mode="grid">');
  });
});
