// `plan <ccg> set <indicator> <period> <value>… [note …]`, through the console: the periods as the template names
// them (or short, within the planning year), a helpful answer to bad input with nothing changed, and the area team
// refused as `plan submit` refuses it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import type { ConsoleChannel } from "../../src/console/console-channel";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let t: TestDatabase;
let jo: ConsoleChannel;
let sam: ConsoleChannel;

const versions = () => t.db.prisma.planVersion.count({ where: { organisationCode: "02N" } });
const ae = async () =>
  (
    await t.db.prisma.planTrajectory.findMany({
      where: { organisationCode: "02N", indicatorCode: "ae_4hr" },
      orderBy: { periodStart: "asc" },
    })
  ).map((p) => `${p.periodStart.toISOString().slice(0, 7)} ${p.value}`);

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  jo = await consolePerson(core, "Jo Smith", "02N");
  sam = await consolePerson(core, "Sam Patel", "Q52");
});
afterAll(() => t.cleanup());

describe("plan <ccg> set", () => {
  it("stores a line as the next version, periods with or without their year, and says what moved", async () => {
    const first = await jo.run('plan 02N set ae_4hr Apr 2014 93 May 94 "Jun 2014" 95 note "first cut"');
    expect(first.isError).toBe(false);
    expect(first.text).toMatch(
      /02N's plan version 1 is in, from Jo Smith \(02N\): ae_4hr moved in 3 periods. Note: first cut/,
    );
    expect(first.text).toContain("• ae_4hr Apr 2014: (none) → 93%");
    expect(await ae()).toEqual(["2014-04 93", "2014-05 94", "2014-06 95"]);

    const second = await jo.run("plan 02N set ae_4hr May 94.5 Jun none");
    expect(second.text).toMatch(/version 2 is in/);
    expect(second.text).toContain("• ae_4hr May 2014: 94% → 94.5%");
    expect(second.text).toContain("• ae_4hr Jun 2014: 95% → (removed)");
    expect(await ae()).toEqual(["2014-04 93", "2014-05 94.5"]);
    expect((await sam.run("plan 02N changes")).text).toMatch(
      /• ae_4hr May 2014: 94% → 94.5%\n• ae_4hr Jun 2014: 95% → \(removed\)/,
    );

    const same = await jo.run("plan 02N set ae_4hr Apr 93");
    expect(same.text).toMatch(/Nothing moved: 02N's plan version 2 already has those values for ae_4hr/);
    expect(await versions()).toBe(2);
  });

  it.each([
    [
      "plan 02N set ae_4hr Apr 9x.5 May 101",
      /Apr: value "9x.5" is not a number[\s\S]*May: value 101 is not a percentage/,
    ],
    ["plan 02N set ae_4hr Apr 95 May", /The last period has no value after it/],
    ["plan 02N set ae_4hr", /Give each period and its value/],
    ["plan 02N set", /Which indicator\?/],
    ["plan 02N set frobnicate Apr 95", /I don't know an indicator "frobnicate" in 02N's plan/],
    ["plan 02N set ae_4hr Apr 2014 95 Apr 2015 95", /Apr 2015: Apr 2015 is not in the planning year 2014\/15/],
  ])("`%s` gets a helpful answer and changes nothing", async (line, expected) => {
    const before = [await versions(), await ae()];
    const answer = await jo.run(line);
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(expected);
    expect([await versions(), await ae()]).toEqual(before);
  });

  it("refuses the area team exactly as `plan submit` does", async () => {
    const answer = await sam.run("plan 02N set ae_4hr Apr 50");
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/Only people of 02N can submit its plan; you act for Q52/);
    expect(answer.text).toMatch(/the area team discusses it rather than submitting or signing it off/);
    expect(await versions()).toBe(2);
  });

  it("is in the help of `plan`, and `plan 02N` names it", async () => {
    const help = await jo.run("help plan");
    expect(help.text).toContain("plan <ccg> set <indicator> <period> <value>");
    expect(help.text).toContain("plan 02N set ae_4hr Apr 94.5 May 95 Jun 95");
    const shown = await jo.run("plan 02N");
    expect(shown.text).toContain("`plan 02N set <indicator> <period> <value>…` changes one line");
    // the console has no Edit form: only the Discuss buttons are listed
    expect(shown.text).toContain("[Discuss ae_4hr]");
    expect(shown.text).not.toContain("Edit ae_4hr");
  });
});
