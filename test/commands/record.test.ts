// The record can be trusted: history says what changed, an edit that changes nothing changes nothing, "mine" is what
// I own, free text keeps its words, and what the bot assumed is said.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  expect((await jo.run("discuss 02N Winter plan")).isError).toBe(false);
});
afterAll(() => cleanup());

const latestAction = () => core.prisma.action.findFirstOrThrow({ orderBy: { id: "desc" } });

describe("history says what each edit changed", () => {
  it("text, owner and due date: before → after", async () => {
    await jo.run("action D1 Publish the plan owner Jo Smith due 10 Jan");
    const { id } = await latestAction();
    await sam.run(`edit A${id} due 17 Jan`);
    await jo.run(`edit A${id} owner Sam Patel`);
    await sam.run(`edit A${id} Publish the revised plan`);
    const history = (await sam.run(`history A${id}`)).text;
    expect(history).toContain("proposed\n");
    expect(history).toMatch(/Jo Smith for the CCG: owner Jo Smith, due Fri 10 Jan 2014/);
    expect(history).toMatch(/Sam Patel for the area team: due Fri 10 Jan 2014 → Fri 17 Jan 2014/);
    expect(history).toMatch(/Jo Smith for the CCG: owner Jo Smith → Sam Patel/);
    expect(history).toMatch(/Sam Patel for the area team: text "Publish the plan" → "Publish the revised plan"/);
  });
});

describe("an edit that changes nothing changes nothing", () => {
  it("the same due date keeps agreement, writes no event, and says so", async () => {
    await jo.run("action D1 Share the trajectory owner Jo Smith due 10 Jan");
    const { id } = await latestAction();
    await sam.run(`agree A${id}`);
    const events = await core.prisma.actionEvent.count({ where: { actionId: id } });
    const same = await sam.run(`edit A${id} due 10 Jan`);
    expect(same.isError).toBe(false);
    expect(same.text).toMatch(new RegExp(`Nothing changed: A${id} already reads so, and it stays agreed`));
    const after = await core.prisma.action.findUniqueOrThrow({ where: { id } });
    expect(after.status).toBe("AGREED");
    expect(await core.prisma.actionEvent.count({ where: { actionId: id } })).toBe(events);
    // A real change still goes back to proposed.
    expect((await sam.run(`edit A${id} due 11 Jan`)).text).toMatch(/back to proposed/);
  });
});

describe("actions mine is what I own; actions proposed is what I proposed", () => {
  it("an action Jo proposed for Sam is Sam's, and in Jo's proposed list", async () => {
    await jo.run("action D1 Chase the 111 figures owner Sam Patel due 10 Jan");
    const { id } = await latestAction();
    await sam.run(`edit A${id} owner me`);
    const samMine = (await sam.run("actions mine")).text;
    expect(samMine).toMatch(/Actions you own/);
    expect(samMine).toContain(`A${id} Chase the 111 figures`);
    const joMine = (await jo.run("actions mine")).text;
    expect(joMine).not.toContain(`A${id} Chase the 111 figures`);
    const joProposed = (await jo.run("actions proposed")).text;
    expect(joProposed).toContain(`A${id} Chase the 111 figures`);
    expect((await jo.run("help actions")).text).toMatch(/mine: those you own/);
  });
});

describe("free text that uses the words owner and due keeps them", () => {
  it("`…new owner of the 111 contract due 25 Jan`: the text whole, a due date, the proposer as owner", async () => {
    const r = await jo.run("action D1 Confirm the new owner of the 111 contract due 24 Jan");
    expect(r.isError).toBe(false);
    const a = await latestAction();
    expect(a.text).toBe("Confirm the new owner of the 111 contract");
    expect(a.owner).toBe("Jo Smith");
    expect(a.dueDate?.toISOString().slice(0, 10)).toBe("2014-01-24");
    expect(r.text).toMatch(/No owner given, so I put you \(Jo Smith\) as the owner/);
  });
  it("`Review cases due to winter pressure`: no date is read out of it", async () => {
    const r = await jo.run("action D1 Review cases due to winter pressure");
    expect(r.isError).toBe(false);
    const a = await latestAction();
    expect(a.text).toBe("Review cases due to winter pressure");
    expect(a.dueDate).toBeNull();
    expect(r.text).toMatch(/No due date/);
    expect(r.text).not.toMatch(/due no due date/);
  });
  it("quoting keeps keywords as words; a mistyped date is still explained", async () => {
    await jo.run('action D1 "Agree who is owner" owner Sam Patel');
    expect((await latestAction()).text).toBe("Agree who is owner");
    expect((await latestAction()).owner).toBe("Sam Patel");
    const typo = await jo.run("action D1 Send figures due 31 Fbe");
    expect(typo.isError).toBe(true);
    expect(typo.text).toMatch(/could not read "31 Fbe" as a date/);
  });
  it("an action list shows a missing due date as such", async () => {
    const list = (await jo.run("actions")).text;
    expect(list).toMatch(/no due date/);
    expect(list).not.toMatch(/due no due date/);
  });
});

describe("a due date that is not a working day is accepted with a word", () => {
  it("a Sunday and Boxing Day are named", async () => {
    const sunday = await jo.run("action D1 Sign off the return due 2014-01-26");
    expect(sunday.isError).toBe(false);
    expect(sunday.text).toMatch(/Sun 26 Jan 2014 is a Sunday, not a working day/);
    const { id } = await latestAction();
    const boxing = await jo.run(`edit A${id} due 26 Dec`);
    expect(boxing.text).toMatch(/Thu 26 Dec 2013 is a bank holiday \(Boxing Day\), not a working day/);
  });
});

describe("text that hides itself, and text too long, at the edge", () => {
  it("a topic of zero-width characters only is refused", async () => {
    const r = await jo.run("discuss 02N \u200B\u200B\u2060");
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/The topic is made only of invisible characters/);
  });
  it("a right-to-left override is taken out of a topic and an action", async () => {
    await jo.run("discuss 02N Budget \u202Etxt.exe");
    const d = await core.prisma.discussion.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(d.topic).toBe("Budget txt.exe");
    await jo.run(`action D${d.id} Send \u202Egnp.exe owner Jo Smith`);
    expect((await latestAction()).text).toBe("Send gnp.exe");
  });
  it("a close summary over 1,500 characters gets our sentence, not zod's", async () => {
    const r = await jo.run(`close D1 ${"x".repeat(1509)}`);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/The summary can be at most 1,500 characters; this one has 1,509/);
    expect(r.text).not.toMatch(/Too big/);
  });
});
