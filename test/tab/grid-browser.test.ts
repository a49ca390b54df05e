// The grid in headless Chromium: the dashboard links to the grid of the area team it shows and to England's; where the
// deployment keeps the dashboard to people signed in through Teams, /tab/grid's script draws the grid from the API
// with the person's token, and without one (outside Teams) says how to see it.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { startTabHarness, type TabHarness } from "./harness";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const jo = { oid: "aad-jo-0001", name: "Jo Smith" };

describe.skipIf(!existsSync(CHROMIUM))("the grid in headless Chromium", () => {
  let database: TestDatabase;
  let open: TabHarness;
  let signedInOnly: TabHarness;
  let browser: Browser;
  beforeAll(async () => {
    database = await seededTestDatabase({ demo: true });
    open = await startTabHarness({ database });
    signedInOnly = await startTabHarness({ database, publicStatus: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await open?.close();
    await signedInOnly?.close();
    await database?.cleanup();
  });

  it("links a CCG's dashboard to its area team's grid and England's, and an area team's to its own", async () => {
    const page = await browser.newPage();
    await page.goto(`${open.url}/tab?org=02N`);
    await page.waitForSelector("#grid-links:not([hidden]) a", { timeout: 10_000 });
    expect(await page.locator("#grid-links a").allTextContents()).toEqual(["Grid of Q52", "Grid of England"]);
    expect(await page.getAttribute("#grid-links a >> nth=0", "href")).toBe(`${open.url}/tab/grid?of=Q52`);
    await page.click("text=Grid of Q52");
    await page.waitForSelector("#grid-table");
    expect(await page.textContent("h1")).toBe("Grid — Q52 West Yorkshire Area Team");

    await page.goto(`${open.url}/tab?org=Q51`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
    expect(await page.locator("#grid-links a").allTextContents()).toEqual(["Grid of Q51", "Grid of England"]);
    await page.close();
  });

  it("outside Teams, where figures are for signed-in people only, says how to see the grid", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${signedInOnly.url}/tab/grid?of=Q52`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
    expect(await page.textContent("#notice")).toMatch(
      /open the Plan Dialogue tab in Teams, or ask for it in chat \(`grid Q52`\)/,
    );
    expect(await page.locator("#grid-table").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws the grid from the API with a signed-in person's token", async () => {
    // teams-js can't give a token outside Teams: the browser sends one as Teams' SSO would have it sent
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${signedInOnly.token(jo)}` },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${signedInOnly.url}/tab/grid?of=Q52`);
    await page.waitForSelector("#grid-table tbody tr", { timeout: 10_000 });
    expect(await page.textContent("h1")).toBe("Grid — Q52 West Yorkshire Area Team");
    expect(await page.locator("#grid-table thead th").allTextContents()).toContain("02N");
    const cell = page.locator("#grid-table tbody tr", { hasText: "ae_4hr" }).locator("td").first();
    expect(await cell.locator("span.rag").count()).toBe(2);
    expect(await cell.locator("span.rag >> nth=1").getAttribute("title")).toMatch(/^plan: /);
    expect(await page.textContent("#grid")).toMatch(/Demo data: generated figures, not published statistics\./);
    expect(await page.textContent("#grid-summary")).toMatch(/indicators × \d+ CCGs\. Figures: /);
    expect(errors).toEqual([]);
    await context.close();
  });
});
