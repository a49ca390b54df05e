// `export 02N actions` (CSV) and `export D1` (HTML) for a board paper: every action, its history, and no cell a
// spreadsheet would run as a formula.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../src/core/actions/export";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import type { ConsoleChannel } from "../../src/console/console-channel";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let cleanup: () => Promise<void>;
let jo: ConsoleChannel;
let sam: ConsoleChannel;

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: false });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
  jo = await consolePerson(core, "Jo Smith", "02N");
  sam = await consolePerson(core, "Sam Patel", "Q52");
  await jo.run("discuss 02N A&E <recovery>");
  await jo.run("action D1 Publish the plan owner Jo Smith due 10 Jan");
  await sam.run("agree A1");
  await sam.run("edit A1 due 17 Jan");
  await jo.run('action D1 "=HYPERLINK(""http://evil"")" owner @Kim');
});
afterAll(() => cleanup());

describe("export", () => {
  it("a CCG's actions as CSV, formula cells neutralised", async () => {
    const r = await sam.run("export 02N actions");
    expect(r.isError).toBe(false);
    const lines = r.text.split(/\r?\n/);
    expect(lines).toContain("action,discussion,ccg,topic,text,owner,due,status,proposed by,created");
    expect(r.text).toMatch(/A1,D1,02N,A&E <recovery>,Publish the plan,Jo Smith,2014-01-17,proposed,the CCG,2013-11-20/);
    expect(r.text).toMatch(/A2,D1,02N,A&E <recovery>,'=HYPERLINK\(\s*http:\/\/evil\s*\),'@Kim,/);
    expect(r.text).not.toMatch(/,=|,@/);
  });
  it("csv cells: = + - @ get an apostrophe; commas and quotes are quoted", () => {
    expect(["=1+2", "+44", "-5", "@SUM(A1)", "plain", 'a,"b"'].map(csvCell)).toEqual([
      "'=1+2",
      "'+44",
      "'-5",
      "'@SUM(A1)",
      "plain",
      '"a,""b"""',
    ]);
  });
  it("a discussion as an HTML page with its actions and their history, escaped", async () => {
    const r = await jo.run("export D1");
    expect(r.isError).toBe(false);
    expect(r.text).toMatch(/^<!doctype html>/);
    expect(r.text).toContain("D1 · 02N · A&amp;E &lt;recovery&gt;");
    expect(r.text).toMatch(/Publish the plan/);
    expect(r.text).toMatch(/edited: Sam Patel for the area team \(due Fri 10 Jan 2014 → Fri 17 Jan 2014\)/);
    expect(r.text).not.toMatch(/<recovery>/);
  });
  it("only the discussion's parties may export it", async () => {
    const stranger = await consolePerson(core, "Alex Ray", "02W");
    expect((await stranger.run("export D1")).text).toMatch(/Only 02N and its area team Q52 can/);
    expect((await stranger.run("export 02N actions")).text).toMatch(/Only 02N and its area team Q52 can/);
  });
});
