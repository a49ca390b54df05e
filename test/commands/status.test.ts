// `status` on seeded demo data, through the console channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { ConsoleChannel } from "../../src/console/console-channel";
import { seededTestDatabase, TEST_SEED_NOW } from "../support/test-database";

let core: Core;
let cleanup: () => Promise<void>;
const clock = fixedClock(TEST_SEED_NOW);

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: true });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => cleanup());

describe("status", () => {
  it("shows a CCG's indicators with standard, latest value, plan, RAG and trend, worst first, labelled demo data", async () => {
    const { text, isError } = await new ConsoleChannel(core).run("status 02N");
    expect(isError).toBe(false);
    expect(text).toMatch(/^02N NHS Airedale, Wharfedale and Craven CCG/);
    expect(text).toMatch(/RAG\s+Indicator\s+Latest\s+Standard\s+Plan\s+vs plan\s+Trend\s+Period/);
    expect(text).toMatch(/A&E: 4-hour wait .*\d+(\.\d)?%\s+95%\s+\d+(\.\d)?%/);
    expect(text).toMatch(/Demo data: generated figures, not published statistics/);
    const rags = [...text.matchAll(/^(RED|AMBER|GREY|GREEN) /gm)].map((m) => m[1]);
    const order = { RED: 0, AMBER: 1, GREY: 2, GREEN: 3 } as const;
    expect(rags.length).toBeGreaterThan(20);
    expect(rags).toEqual([...rags].sort((a, b) => order[a as keyof typeof order] - order[b as keyof typeof order]));
    expect(new Set(rags)).toEqual(new Set(["RED", "AMBER", "GREY", "GREEN"]));
  });

  it("narrows to one indicator or a framework, in the same order", async () => {
    const one = await new ConsoleChannel(core).run("status 02N ae_4hr");
    expect(one.text.match(/^(RED|AMBER|GREEN|GREY) /gm)).toHaveLength(1);
    expect(one.text).toMatch(/A&E: 4-hour wait/);
    const framework = await new ConsoleChannel(core).run("status Airedale constitution");
    expect(framework.isError).toBe(false);
  });

  it("marks figures stale, grey, once the next period was due and has not come", async () => {
    clock.set("2014-06-01T09:00:00Z");
    try {
      const { text } = await new ConsoleChannel(core).run("status 02N ae_4hr");
      expect(text).toMatch(/^GREY\s+A&E: 4-hour wait .*\(stale since Mon 16 Dec 2013\)/m);
    } finally {
      clock.set(TEST_SEED_NOW);
    }
  });
});
