// Plans in the dialogue: each import of a CCG's plan is a version, `plan` shows it and what moved, `plans` shows where
// an area team's round stands, and a version is "discussed" only when both parties say so. Nobody approves a plan.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { importCsvFile } from "../../src/sources/import";
import { consolePerson } from "../support/console-person";
import { seededDatabaseWithDir, type TestDatabaseWithDir } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let t: TestDatabaseWithDir;
let dir: string;

const as = (name: string, org: string) => consolePerson(core, name, org);

async function importPlan(name: string, ...rows: string[]) {
  const file = path.join(dir, name);
  await writeFile(file, ["organisation,indicator,period,plan", ...rows].join("\n"));
  return importCsvFile(t.db, file, { kind: "plans", mode: "all-or-nothing", now: clock.now() });
}

beforeAll(async () => {
  t = await seededDatabaseWithDir("plans", { demo: false });
  dir = t.dir;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => t.cleanup());

describe("a CCG's plan, version by version", () => {
  it("versions each changed submission, shows what moved, and counts 'discussed' only from both parties", async () => {
    const jo = await as("Jo Smith", "02N");
    const kim = await as("Kim Lee", "02N");
    const sam = await as("Sam Patel", "Q52");

    expect((await jo.run("plan 02N")).text).toMatch(/02N has no plan yet/);
    const first = await importPlan(
      "plan-v1.csv",
      "02N,ae_4hr,2013-10,94",
      "02N,ae_4hr,2013-11,94.5",
      "02W,ae_4hr,2013-10,96",
    );
    expect(first.planVersions).toEqual([
      { ccg: "02N", number: 1 },
      { ccg: "02W", number: 1 },
    ]);
    // The same file again moves nothing, so it makes no version.
    expect((await importPlan("plan-v1.csv", "02N,ae_4hr,2013-10,94", "02N,ae_4hr,2013-11,94.5")).planVersions).toEqual(
      [],
    );
    const second = await importPlan("plan-v2.csv", "02N,ae_4hr,2013-11,95", "02N,rtt_incomplete_18wk,2013-11,92.5");
    expect(second.planVersions).toEqual([{ ccg: "02N", number: 2 }]);

    const shown = await sam.run("plan 02N");
    expect(shown.text).toMatch(/plan version 2 of 2/);
    expect(shown.text).toMatch(/ae_4hr: Oct 2013 94% … Nov 2013 95%/);
    expect(shown.text).toMatch(/1 of 2 periods short of the standard/);
    expect((await sam.run("plan 02N version 1")).text).toMatch(/plan version 1 of 2/);

    const changes = await sam.run("plan 02N changes");
    expect(changes.text).toMatch(/version 1 → 2/);
    expect(changes.text).toMatch(/ae_4hr Nov 2013: 94.5% → 95%/);
    expect(changes.text).toMatch(/rtt_incomplete_18wk Nov 2013: \(none\) → 92.5%/);
    expect(changes.text).not.toMatch(/Oct 2013/); // October did not move
    expect((await sam.run("plan 02N changes 2 1")).isError).toBe(true);

    // No sign-off by either side, whatever it is called.
    for (const word of ["approve", "reject", "sign-off"]) {
      const refused = await sam.run(`plan 02N ${word}`);
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/holds a dialogue about it rather than signing it off/);
    }

    // "Discussed" takes both parties; the CCG's second voice does not make it so.
    expect((await jo.run("plan 02N discussed")).text).toMatch(
      /discussed for the CCG\. It is discussed when Q52 says so too/,
    );
    expect((await kim.run("plan 02N discussed")).text).toMatch(/already marked discussed by the CCG/);
    expect((await as("Alex Ray", "02W").then((a) => a.run("plan 02N discussed"))).text).toMatch(
      /Only 02N and its area team Q52 can/,
    );
    expect((await sam.run("plan 02N discussed")).text).toMatch(/version 2 is discussed: both 02N and Q52 have said so/);
    const v2 = await core.prisma.planVersion.findFirstOrThrow({ where: { organisationCode: "02N", number: 2 } });
    expect(v2.ccgDiscussedById).not.toBe(v2.areaTeamDiscussedById);
  });

  it("`plans Q52` says which of the area team's CCGs have submitted and what their plans leave open", async () => {
    const sam = await as("Sam Patel", "Q52");
    await core.prisma.deadline.create({
      data: {
        scope: "NATIONAL",
        title: "Operating plans 2014/15: first submission",
        dueAt: new Date("2013-12-13T12:00:00Z"),
        source: "test",
      },
    });
    const round = await sam.run("plans Q52");
    expect(round.text).toMatch(/2 of 10 CCGs have submitted a plan/);
    expect(round.text).toMatch(/02R NHS Bradford Districts CCG: not submitted/);
    expect(round.text).toMatch(
      /02N NHS Airedale, Wharfedale and Craven CCG: version 2, Wed 20 Nov 2013, discussed\n\s+23 indicators of the national ask with no trajectory · 1 line short of the standard/,
    );
    expect(round.text).toMatch(/02W NHS Bradford City CCG: version 1/);
    expect(round.text).toMatch(/Next plan deadline: Operating plans 2014\/15: first submission, Fri 13 Dec 2013/);
    expect((await sam.run("plans 02N")).isError).toBe(true);
  });
});
