// The CCGs' appraisal of their area team: Q50 (North Yorkshire and Humber) has 8 CCGs. With 2 answers its area team
// sees nothing and is told why; with 3 it sees totals, with no CCG and no name. An answer is kept apart from who gave
// it, and nobody answers twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { AppraisalService } from "../../src/core/appraisal/appraisal";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2014-05-06T10:00:00Z");
let core: Core;
let t: TestDatabase;

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
});
afterAll(() => t.cleanup());

describe("an appraisal round", () => {
  it("asks nothing before a round opens, and only an operator opens one by hand", async () => {
    const ccg = await consolePerson(core, "Ann Ward", "02Y");
    expect((await ccg.run("appraisal")).text).toMatch(/No appraisal round has opened yet/);
    expect((await ccg.run("appraisal answer 4 4 4 4")).text).toMatch(/No appraisal round is open/);
    expect((await ccg.run("appraisal open")).text).toMatch(/Only an operator opens an appraisal round/);
    const operator = await consolePerson(core, "Olu Op", "Q50", "OPERATOR");
    expect((await operator.run("appraisal open")).text).toMatch(/The 2014 appraisal is open until Tue 3 Jun 2014/);
    expect((await ccg.run("appraisal")).text).toMatch(/1\. The area team listens to the CCG/);
  });

  it("with 2 of 8 CCGs answered shows the area team nothing and says why; with 3 it shows totals and no name", async () => {
    const a = await consolePerson(core, "Ann Ward", "02Y");
    const b = await consolePerson(core, "Bea Khan", "03D");
    const c = await consolePerson(core, "Cal Evans", "03E");
    const at = await consolePerson(core, "Pat Area", "Q50");

    const first = await a.run("appraisal answer 4 3 5 2 Listens well, answers slowly");
    expect(first.isError).toBe(false);
    expect(first.text).toMatch(/02Y's answer to the 2014 appraisal is recorded, apart from your name/);
    await b.run("appraisal answer 2 3 4 2");

    const two = await at.run("appraisal Q50");
    expect(two.isError).toBe(false);
    expect(two.text).toMatch(
      /nothing to show yet\. 2 of 8 CCGs have answered the 2014 appraisal\. Answers are shown only when at least 3 CCGs have answered, so that no CCG's answer can be picked out/,
    );
    expect(two.text).not.toMatch(/Listens well|3\.0|Mean rating/);
    const england2 = await at.run("appraisal england");
    expect(england2.text).toMatch(/0 of 27 area teams have answers from at least 3 of their CCGs/);
    expect(england2.text).toMatch(/Q50 \(2 of 8\)/);
    expect(england2.text).not.toMatch(/Listens well/);

    await c.run("appraisal answer 3 3 3 5 Clear asks");
    const three = await at.run("appraisal Q50");
    expect(three.text).toMatch(/3 of 8 CCGs answered the 2014 appraisal \(3 answers\)/);
    // By hand: (4+2+3)/3 = 3.0; (3+3+3)/3 = 3.0; (5+4+3)/3 = 4.0; (2+2+5)/3 = 3.0
    expect(three.text).toMatch(/3\.0 — The area team listens to the CCG/);
    expect(three.text).toMatch(/4\.0 — The area team answers and acts in good time/);
    expect(three.text).toMatch(/1: 0 · 2: 1 · 3: 1 · 4: 1 · 5: 0/);
    expect(three.text).toMatch(/“Clear asks”[\s\S]*“Listens well, answers slowly”/);
    for (const name of ["Ann Ward", "Bea Khan", "Cal Evans", "02Y", "03D", "03E"])
      expect(three.text).not.toContain(name);
    const england3 = await at.run("appraisal england");
    expect(england3.text).toMatch(/1 of 27 area teams have answers/);
    expect(england3.text).toMatch(/Q50 .*: 3 of 8 CCGs answered/);
  });

  it("takes one answer per person, keeps no name with it, and keeps the marker apart from the answer", async () => {
    const a = await consolePerson(core, "Ann Ward", "02Y");
    const again = await a.run("appraisal answer 1 1 1 1");
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/You have already answered the 2014 appraisal/);
    expect((await a.run("appraisal")).text).toMatch(/You have answered this round/);
    const at = await consolePerson(core, "Pat Area", "Q50");
    expect((await at.run("appraisal answer 4 4 4 4")).text).toMatch(/Only a CCG appraises its area team/);
    expect((await a.run("appraisal answer 4 4")).text).toMatch(/Give 4 ratings from 1 \(strongly disagree\) to 5/);
    expect((await a.run("appraisal answer 4 4 9 4")).isError).toBe(true);

    // The answer rows: round, CCG, area team, ratings, comment, and nothing else; the markers: round and person.
    const answers = await t.db.prisma.appraisalAnswer.findMany();
    expect(answers).toHaveLength(3);
    expect(Object.keys(answers[0]!).sort()).toEqual(["areaTeamCode", "ccgCode", "comment", "id", "ratings", "roundId"]);
    const markers = await t.db.prisma.appraisalAnswered.findMany();
    expect(markers).toHaveLength(3);
    expect(Object.keys(markers[0]!).sort()).toEqual(["personId", "roundId"]);
    const people = await t.db.prisma.person.findMany({ where: { id: { in: markers.map((m) => m.personId) } } });
    expect(people.map((p) => p.displayName).sort()).toEqual(["Ann Ward", "Bea Khan", "Cal Evans"]);
    expect(JSON.stringify(answers)).not.toMatch(/Ann|Bea|Cal|console|@/);
  });

  it("takes no answers after the round closes, and still shows its totals", async () => {
    const service = new AppraisalService(t.db.prisma, core.organisations);
    const round = (await service.roundOf(2014))!;
    clock.set(new Date(round.closesAt.getTime() + 1));
    const d = await consolePerson(core, "Dev Rao", "03F");
    expect((await d.run("appraisal answer 4 4 4 4")).text).toMatch(/The 2014 appraisal closed on Tue 3 Jun 2014/);
    expect((await d.run("appraisal Q50 2014")).text).toMatch(/3 of 8 CCGs answered/);
    expect((await d.run("appraisal Q50 2013")).text).toMatch(/There was no appraisal round in 2013/);
    const operator = await consolePerson(core, "Olu Op", "Q50", "OPERATOR");
    expect((await operator.run("appraisal open")).text).toMatch(
      /The 2014 appraisal already ran: it closed on Tue 3 Jun 2014/,
    );
  });
});
