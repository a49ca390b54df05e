// The dashboard tab's "As of" box in headless Chromium: the status as it stood in a period, kept in the address;
// demo rows marked, a suppressed figure shown as suppressed, an unreadable period explained.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeStatusFigures } from "../commands/status-figures";
import { startTabHarness, type TabHarness } from "./harness";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("the dashboard tab as of a period", () => {
  let h: TabHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startTabHarness({ now: "2026-12-02T10:00:00Z" });
    await writeStatusFigures(h.core.prisma);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("opens on the period in the address, and the box changes it", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${h.url}/tab?org=02N&asOf=${encodeURIComponent("Dec 2014")}`);
    await page.waitForSelector("#status-rows tr[data-rag]", { timeout: 10_000 });
    expect(await page.textContent("#status-title")).toBe("02N NHS Airedale, Wharfedale and Craven CCG as of Dec 2014");
    expect(await page.inputValue("#as-of")).toBe("Dec 2014");
    const cells = (name: string) =>
      page.locator("#status-rows tr", { hasText: name }).first().locator("td").allTextContents();
    expect(await cells("RTT: incomplete")).toEqual([
      "AMBER",
      "RTT: incomplete pathways within 18 weeks",
      "90.5%",
      "92%",
      "93% (−2.5 pts)",
      "↓ worsening",
      "Dec 2014",
    ]);
    expect((await cells("MRSA bacteraemia"))[1]).toBe("MRSA bacteraemiademo");
    expect(await page.textContent("#status-note")).toMatch(/\d+ of \d+ figures are demo data.*As it stood in Dec 2014/);

    await page.fill("#as-of", "Feb 2015");
    await page.click("#as-of-form button");
    await page.waitForFunction(() => document.getElementById("status-title")?.textContent?.endsWith("as of Feb 2015"));
    expect(new URL(page.url()).searchParams.get("asOf")).toBe("Feb 2015");
    const rtt = await cells("RTT: incomplete");
    expect(rtt[0]).toBe("GREY");
    expect(rtt[2]).toBe("suppressed");
    expect(rtt[6]).toBe("Feb 2015");
    // its chart, up to the same period, says which figure was suppressed
    await page.getByRole("button", { name: "RTT: incomplete pathways within 18 weeks" }).click();
    await page.waitForSelector("#chart:not([hidden]) #chart-image:not([hidden])");
    expect(await page.getAttribute("#chart-image", "alt")).toMatch(
      /Suppressed by the publisher, so not drawn: Feb 2015/,
    );

    // an unreadable period: the page says why, with examples
    await page.fill("#as-of", "Decembre 2014");
    await page.click("#as-of-form button");
    await page.waitForSelector("#notice[data-kind=error]:not([hidden])");
    expect(await page.textContent("#notice")).toMatch(/"Decembre" is not a month\..*Dec 2014, December 2014, 2014-12/);

    // empty: the latest figures again
    await page.fill("#as-of", "");
    await page.click("#as-of-form button");
    await page.waitForFunction(() => document.getElementById("status-title")?.textContent?.endsWith("CCG"));
    expect(new URL(page.url()).searchParams.has("asOf")).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
