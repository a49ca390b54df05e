// The README shows a chart drawn by the code: this fails when the image in docs/ is no longer what the code draws
// from the same demo data (regenerate it with `npx tsx scripts/readme-chart.ts`).
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { README_CHART, README_CHART_AS_OF, readmeChart } from "../../scripts/readme-chart";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await seededTestDatabase({ demo: true, now: README_CHART_AS_OF });
});
afterAll(() => t.cleanup());

describe("the README's chart", () => {
  it("is the image the code draws today", async () => {
    const chart = await readmeChart(t.db);
    const committed = await readFile(new URL(`../../${README_CHART}`, import.meta.url));
    expect(chart.png.equals(committed), "regenerate it: npx tsx scripts/readme-chart.ts").toBe(true);
    expect(chart.alt).toMatch(/^A&E: 4-hour wait .*02N NHS Airedale, Wharfedale and Craven CCG.*\(demo data\)/);
  });
});
