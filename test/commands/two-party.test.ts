// The two-party rule, walked through the console channel on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let cleanup: () => Promise<void>;

const as = (name: string, org: string, role?: "MEMBER" | "ADMIN" | "OPERATOR") => consolePerson(core, name, org, role);

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: false });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => cleanup());

describe("agreeing an action takes both parties", () => {
  it("a CCG proposes, its colleague can't make it agreed, the area team agrees, an edit reopens it, all audited", async () => {
    const jo = await as("Jo Smith", "02N");
    const colleague = await as("Kim Lee", "02N");
    const areaTeam = await as("Sam Patel", "Q52");
    const otherCcg = await as("Alex Ray", "02W");

    const opened = await jo.run("discuss 02N A&E 4-hour recovery ae_4hr");
    expect(opened.isError).toBe(false);
    expect(opened.text).toMatch(/D1 · 02N · A&E 4-hour recovery/);

    const proposed = await jo.run("action D1 Publish the recovery plan owner Jo Smith due 10 Jan");
    expect(proposed.text).toMatch(/A1 · Publish the recovery plan/);
    expect(proposed.text).toMatch(/waiting for the area team to agree/);
    expect(proposed.text).toMatch(/Fri 10 Jan 2014/);

    const byColleague = await colleague.run("agree A1");
    expect(byColleague.isError).toBe(true);
    expect(byColleague.text).toMatch(/Your side has already agreed this action; it needs the area team to agree/);

    const byStranger = await otherCcg.run("agree A1");
    expect(byStranger.isError).toBe(true);
    expect(byStranger.text).toMatch(/Only 02N and its area team Q52 can/);

    const agreed = await areaTeam.run("agree A1");
    expect(agreed.isError).toBe(false);
    expect(agreed.text).toMatch(/Agreed by both sides/);

    const edited = await areaTeam.run("edit A1 due 17 Jan");
    expect(edited.text).toMatch(/back to proposed/);
    expect(edited.text).toMatch(/waiting for the CCG to agree/);

    expect((await jo.run("agree A1")).text).toMatch(/Agreed by both sides/);
    expect((await colleague.run("done A1")).text).toMatch(/Status: Done/);

    const history = await areaTeam.run("history A1");
    const steps = [...history.text.matchAll(/— (\S+)\n\s+(.+) for (the CCG|the area team)/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
    expect(steps).toEqual([
      "proposed Jo Smith the CCG",
      "agreed Sam Patel the area team",
      "edited Sam Patel the area team",
      "agreed Jo Smith the CCG",
      "done Kim Lee the CCG",
    ]);

    // Nothing the refused attempts did left a trace.
    const events = await core.prisma.actionEvent.count({ where: { actionId: 1 } });
    expect(events).toBe(5);
  });

  it("closes a discussion with a summary of what was agreed, and only its parties can", async () => {
    const stranger = await as("Alex Ray", "02W");
    expect((await stranger.run("close D1")).text).toMatch(/Only 02N and its area team Q52 can/);
    const areaTeam = await as("Sam Patel", "Q52");
    const closed = await areaTeam.run("close D1 Plan agreed; review in March");
    expect(closed.text).toMatch(/Plan agreed; review in March\nAgreed: A1 Publish the recovery plan \(done\)/);
    expect((await areaTeam.run("close D1")).text).toMatch(/already closed/);
    expect((await areaTeam.run("action D1 Something else")).text).toMatch(/D1 is closed/);
  });
});
