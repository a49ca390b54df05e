// The dashboard tab in headless Chromium: outside Teams it loads with an organisation picker and shows a CCG's
// status table; inside a frame whose parent is not Teams it still loads once teams-js has been given up on.
// A screenshot is kept in test-artifacts/tab-status.png.
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTabHarness, type TabHarness } from "./harness";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

if (!existsSync(CHROMIUM)) {
  console.warn(
    `Skipping the tab's browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`,
  );
}

describe.skipIf(!existsSync(CHROMIUM))("the dashboard tab in headless Chromium", () => {
  let h: TabHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startTabHarness();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("loads outside Teams, lets you pick a CCG and shows its status table", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const started = Date.now();
    await page.goto(`${h.url}/tab`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
    const readyMs = Date.now() - started;
    expect(await page.getAttribute("body", "data-host")).toBe("browser");
    expect(await page.textContent("#notice")).toMatch(/Choose a CCG/);
    expect(await page.locator("#org option").count()).toBe(212); // 211 CCGs and the prompt

    await page.selectOption("#org", "02N");
    await page.waitForSelector("#status-rows tr[data-rag]");
    expect(await page.textContent("#status-title")).toBe("02N NHS Airedale, Wharfedale and Craven CCG");
    const rows = await page.locator("#status-rows tr[data-rag]").count();
    expect(rows).toBeGreaterThan(5);
    const first = await page.locator("#status-rows tr[data-rag]").first().locator("td").allTextContents();
    expect(first[0]).toMatch(/^(RED|AMBER|GREY|GREEN)$/);
    expect(await page.textContent("#status-summary")).toMatch(/\d+ red, \d+ amber, \d+ green/);
    expect(await page.textContent("#status-note")).toMatch(/Demo data/);
    expect(await page.textContent("#dialogue-note")).toMatch(/shown in Teams, to people of the CCG and its area team/);
    expect(new URL(page.url()).searchParams.get("org")).toBe("02N");

    // An indicator's name opens its trend chart: the server-drawn image, with the chart in words as alt text.
    await page.getByRole("button", { name: "A&E: 4-hour wait", exact: false }).first().click();
    await page.waitForSelector("#chart:not([hidden]) #chart-image:not([hidden])");
    await page.waitForFunction(() => (document.getElementById("chart-image") as HTMLImageElement).naturalWidth > 0);
    expect(await page.getAttribute("#chart-image", "alt")).toMatch(/^A&E: 4-hour wait.*Latest .* in Sep 2013/);
    expect(await page.textContent("#chart-title")).toMatch(/: 02N$/);
    expect(errors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}tab-status.png`, fullPage: true });
    expect(existsSync(`${ARTIFACTS}tab-status.png`)).toBe(true);
    // outside Teams, teams-js fails at once: the page must not wait out the 1.5 s race
    expect(readyMs).toBeLessThan(5_000);
    await page.close();
  });

  it("opens straight on the CCG named in the address, as a configured channel tab does", async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/tab?org=02w`);
    await page.waitForSelector("#status-rows tr[data-rag]", { timeout: 10_000 });
    expect(await page.inputValue("#org")).toBe("02W");
    expect(await page.textContent("#status-title")).toMatch(/^02W NHS Bradford City/);
    await page.close();
  });

  it("inside a frame whose parent never answers teams-js, gives up after the race and still loads", async () => {
    const page = await browser.newPage();
    await page.route(`${h.url}/host.html`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><iframe id="tab" src="/tab?org=02N" width="1000" height="700"></iframe>`,
      }),
    );
    const started = Date.now();
    await page.goto(`${h.url}/host.html`);
    const frame = page.frameLocator("#tab");
    await frame.locator("#status-rows tr[data-rag]").first().waitFor({ timeout: 10_000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_400); // it waited for teams-js…
    expect(elapsed).toBeLessThan(8_000); // …but not the minute teams-js would take on its own
    await page.close();
  });

  it("sends the security headers Teams needs: frameable by Teams only, scripts from the bot only", async () => {
    const res = await fetch(`${h.url}/tab`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    expect(csp).toMatch(/script-src 'self'/);
    const script = await fetch(`${h.url}/tab/app.js`);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
  });
});
