// The tab's pages as the server sends them: behind a path-based proxy every URL keeps PUBLIC_URL's path, and the
// privacy and terms pages the Teams manifest points at are pages of their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTabHarness, type TabHarness } from "./harness";

let h: TabHarness;
beforeAll(async () => {
  h = await startTabHarness({ publicUrl: "https://host.example/plan-dialogue/" });
});
afterAll(() => h.close());

const page = async (path: string) => {
  const res = await fetch(`${h.url}${path}`);
  return { status: res.status, type: res.headers.get("content-type") ?? "", html: await res.text() };
};

describe("the tab behind a path-based proxy", () => {
  it("links its script and styles under PUBLIC_URL's path, on the dashboard and the settings page", async () => {
    for (const path of ["/tab", "/tab/config"]) {
      const { status, html } = await page(path);
      expect(status).toBe(200);
      expect(html).toContain('src="/plan-dialogue/tab/app.js"');
      expect(html).toContain('href="/plan-dialogue/tab/styles.css"');
      expect(html).not.toMatch(/(src|href)="\/tab\//);
    }
  });

  it("serves a privacy page and a terms page, not the dashboard", async () => {
    const privacy = await page("/tab/privacy");
    const terms = await page("/tab/terms");
    expect(privacy.status).toBe(200);
    expect(terms.status).toBe(200);
    expect(privacy.type).toMatch(/html/);
    expect(privacy.html).toMatch(/<h2>Privacy<\/h2>[\s\S]*It keeps:/);
    expect(terms.html).toMatch(/<h2>Terms of use<\/h2>/);
    for (const p of [privacy, terms]) {
      expect(p.html).not.toContain('id="status-section"');
      expect(p.html).toContain('href="/plan-dialogue/tab"');
    }
  });
});
