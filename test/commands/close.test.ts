// Closing is part of the dialogue: what is still pending is said, the summary is one side's until the other confirms,
// and a closed discussion's actions can be done or dropped but not agreed or changed until it is reopened.
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
});
afterAll(() => cleanup());

describe("closing a discussion takes both sides", () => {
  it("the area team closes with two proposals pending: it says so, and they can't be agreed while closed", async () => {
    await jo.run("discuss 02N A&E recovery");
    await jo.run("action D1 Publish the plan owner Jo Smith due 10 Jan");
    await sam.run("agree A1");
    await sam.run("action D1 Share the trajectory owner Sam Patel due 10 Jan");
    await sam.run("action D1 Review winter capacity owner Sam Patel due 10 Jan");

    const closed = await sam.run("close D1 Agreed revised trajectory");
    expect(closed.isError).toBe(false);
    expect(closed.text).toMatch(/Still pending: A2 Share the trajectory; A3 Review winter capacity/);
    expect(closed.text).toMatch(/summary waiting for the CCG to confirm/);
    expect(closed.text).toMatch(/The summary is the area team's until the CCG confirms it with `close D1`/);

    const agree = await jo.run("agree A2");
    expect(agree.isError).toBe(true);
    expect(agree.text).toMatch(/D1 is closed, so A2 can't be agreed/);
    expect((await core.prisma.action.findUniqueOrThrow({ where: { id: 2 } })).status).toBe("PROPOSED");
    expect((await jo.run("edit A1 due 17 Jan")).text).toMatch(/D1 is closed, so A1 can't be changed/);
    // What may still happen: an agreed action is done, a proposal is declined.
    expect((await jo.run("done A1")).isError).toBe(false);
    expect((await jo.run("drop A3")).isError).toBe(false);

    // The closer's side can't confirm its own summary; the other side can't swap in its own.
    expect((await sam.run("close D1")).text).toMatch(/its summary is the area team's until the CCG confirms it/);
    expect((await jo.run("close D1 Something else")).text).toMatch(/confirm it with `close D1`, or `reopen D1`/);

    const confirmed = await jo.run("close D1");
    expect(confirmed.isError).toBe(false);
    expect(confirmed.text).toMatch(/Jo Smith confirmed the area team's closing summary/);
    expect(confirmed.text).toMatch(/summary agreed by both sides/);
    expect((await jo.run("close D1")).text).toMatch(/D1 is already closed/);
  });

  it("reopening lets the pending proposal be agreed again", async () => {
    const reopened = await jo.run("reopen D1");
    expect(reopened.isError).toBe(false);
    expect(reopened.text).toMatch(/Status: Open/);
    expect((await jo.run("agree A2")).text).toMatch(/Agreed by both sides/);
    expect((await jo.run("help close")).text).toMatch(
      /the other side confirms with close; then actions can only be done or dropped/,
    );
  });
});
