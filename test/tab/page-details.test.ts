// What a planning lead sees in the dashboard tab, in headless Chromium: the national deadlines (with their links)
// before any CCG is chosen; an area team's or an unknown code in the address explained, not silently dropped;
// sparklines with their scale; a national indicator that is also a local priority shown once; a plan and its
// variance kept on one line. Screenshots go to test-artifacts/ (tab-*.png) for a person to look at.
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTabHarness, type TabHarness } from "./harness";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const LINK = "https://www.england.nhs.uk/ourwork/sop/planning-round/";

if (!existsSync(CHROMIUM)) {
  console.warn(
    `Skipping the tab's browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`,
  );
}

describe.skipIf(!existsSync(CHROMIUM))("the dashboard tab, as a planning lead reads it", () => {
  let h: TabHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startTabHarness();
    await h.core.prisma.deadline.create({
      data: {
        scope: "NATIONAL",
        title: "Final two-year operational plans",
        dueAt: new Date("2014-04-04T12:00:00Z"),
        link: LINK,
        source: "test",
      },
    });
    // A&E is in the national ask and 02N also chose it as a local priority
    await h.core.prisma.localPriority.create({ data: { organisationCode: "02N", indicatorCode: "ae_4hr" } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const open = async (path: string, width = 1280) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${h.url}${path}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
    return { page, errors };
  };

  it("shows the national deadlines, with their links, before a CCG is chosen", async () => {
    const { page, errors } = await open("/tab");
    const items = await page.locator("#deadlines li").allTextContents();
    expect(items.some((t) => /Final two-year operational plans \(national\)/.test(t))).toBe(true);
    expect(items.join("\n")).not.toMatch(/^$/);
    const link = page.getByRole("link", { name: "Final two-year operational plans" });
    expect(await link.getAttribute("href")).toBe(LINK);
    expect(await page.textContent("#notice")).toMatch(/Choose a CCG/);
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}tab-national-deadlines.png`, fullPage: true });
    await page.close();
  });

  it("says why an area team's code or an unknown code in the address shows no CCG", async () => {
    const area = await open("/tab?org=Q52");
    expect(await area.page.textContent("#notice")).toMatch(
      /^Q52 West Yorkshire Area Team is an area team: the dashboard shows one CCG at a time\. Choose one of its \d+ CCGs \(.*02N.*\)/,
    );
    expect(await area.page.textContent("#deadlines-title")).toBe("Deadlines for Q52 West Yorkshire Area Team");
    await area.page.screenshot({ path: `${ARTIFACTS}tab-area-team.png`, fullPage: true });
    await area.page.close();

    const unknown = await open("/tab?org=ZZZ");
    expect(await unknown.page.textContent("#notice")).toMatch(/There is no CCG with the code “ZZZ”/);
    expect(await unknown.page.getAttribute("#notice", "data-kind")).toBe("error");
    await unknown.page.close();
  });

  it("shows A&E once, sparklines with their scale, and each plan with its variance on one line", async () => {
    const { page, errors } = await open("/tab?org=02N", 1024);
    await page.waitForSelector("#status-rows tr[data-rag]");
    const names = await page.locator("#status-rows tr[data-rag] td:nth-child(2)").allTextContents();
    const ae = names.filter((n) => n.startsWith("A&E: 4-hour wait"));
    expect(ae).toHaveLength(1);
    expect(ae[0]).toMatch(/local priority/);

    // every sparkline is labelled with the highest and lowest values it draws
    const sparks = page.locator("#status-rows .spark");
    expect(await sparks.count()).toBeGreaterThan(5);
    const first = sparks.first();
    const [max, min] = await Promise.all(
      [".max", ".min"].map(async (c) => Number((await first.locator(c).getAttribute("data-value"))!.replace(/,/g, ""))),
    );
    expect(max).toBeGreaterThanOrEqual(min!);
    // drawn beside the line, and said in words for a screen reader
    const drawn = await first
      .locator(".max")
      .evaluate((e) => getComputedStyle(e, "::before").content.replace(/"/g, ""));
    expect(Number(drawn.replace(/,/g, ""))).toBe(max);
    expect(await first.getAttribute("aria-label")).toMatch(/^the last \d+ periods: lowest .+, highest .+$/);

    // a plan and its variance read as one value: one line each, at a narrow width too
    const lines = await page.$$eval("#status-rows td.plan", (cells) =>
      cells
        .filter((c) => c.textContent?.includes("("))
        .map((c) => {
          const range = document.createRange();
          range.selectNodeContents(c);
          return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
        }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((n) => n === 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}tab-02n-details.png`, fullPage: true });
    await page.close();
  });
});
