// The README's console examples are what the code answers: on a fresh demo database first started on the
// README's day, each example runs in order, as its persona, through the console channel, and the README's block
// must be exactly that (`npx tsx scripts/readme-examples.ts` rewrites it). The demo is one round on one calendar,
// so its deadlines and reminders are upcoming on the same day as its figures.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README, readmeExamples, withExamples } from "../../scripts/readme-examples";

describe("the README's examples", () => {
  it("are what the code answers on a demo first started on the README's day", async () => {
    const readme = readFileSync(README, "utf8");
    const block = await readmeExamples();
    expect(withExamples(readme, block), "run `npx tsx scripts/readme-examples.ts` to rewrite them").toBe(readme);
    // the first minute has something true to show: upcoming deadlines, reminders and a digest to preview
    expect(block).not.toContain("No upcoming deadlines");
    expect(block).not.toContain("Nothing is due");
    expect(block).toMatch(/· deadline\n/);
    expect(block).toMatch(/· digest\n/);
    expect(block).toContain("Area team: Q52");
    expect(block).toContain('discuss 02N "A&E 4-hour recovery"');
  }, 300_000);
});
