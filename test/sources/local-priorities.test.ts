// A CCG's local priorities, through the console channel: its own people add national indicators or create their own,
// status shows them under their own heading, and no one else can change them.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import type { Database } from "../../src/db/database";
import { importCsvFile } from "../../src/sources/import";
import { ConsoleChannel } from "../../src/console/console-channel";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase } from "../support/test-database";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let db: Database;
let cleanup: () => Promise<void>;

const as = (name: string, org: string, role?: "MEMBER" | "ADMIN" | "OPERATOR") => consolePerson(core, name, org, role);

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: false });
  db = t.db;
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => cleanup());

describe("local priorities", () => {
  it("a CCG member creates the CCG's own indicator, imports its figures, and status shows it under Local priorities", async () => {
    const jo = await as("Jo Smith", "02N");
    const created = await jo.run(
      "priority new 02N dementia_dx Dementia diagnosis rate standard 67 unit % quarterly amber 3",
    );
    expect(created.isError).toBe(false);
    expect(created.text).toMatch(
      /02N now has its own indicator 02n_dementia_dx: Dementia diagnosis rate, standard 67% \(higher is better, quarterly figures, amber within 3%\)/,
    );
    const indicator = await db.prisma.indicator.findUniqueOrThrow({ where: { code: "02n_dementia_dx" } });
    expect(indicator).toMatchObject({
      framework: "LOCAL",
      ownerCode: "02N",
      standard: 67,
      amberTolerance: 3,
      period: "QUARTER",
    });

    const dir = await mkdtemp(path.join(tmpdir(), "plan-dialogue-local-"));
    try {
      const file = path.join(dir, "dementia.csv");
      await writeFile(
        file,
        "organisation,indicator,period,value\n02N,02n_dementia_dx,2013/14 Q1,61.5\n02N,02n_dementia_dx,2013/14 Q2,65.0\n00C,02n_dementia_dx,2013/14 Q2,50\n",
      );
      const report = await importCsvFile(db, file, { kind: "values", mode: "valid-rows", now: clock.now() });
      expect(report.inserted).toBe(2);
      // another CCG's figures for 02N's own indicator are refused
      expect(report.rejections).toEqual([
        { line: 4, kind: "indicator", message: "indicator 02n_dementia_dx is 02N's own local indicator, not 00C's" },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const { text } = await jo.run("status 02N");
    const local = text.slice(text.indexOf("Local priorities"));
    expect(text.indexOf("Local priorities")).toBeGreaterThan(text.indexOf("National ask"));
    expect(local).toMatch(/AMBER\s+Dementia diagnosis rate\s+65%\s+67%/);
    // the CCG's own indicator is not shown to another CCG (who sees the national dementia diagnosis rate, 66.7%)
    const other = (await jo.run("status 00C")).text;
    expect(other).not.toMatch(/Local priorities/);
    expect(other).not.toMatch(/Dementia diagnosis rate[^\n]*\b67%/);
    expect(other).toMatch(/Dementia diagnosis rate[^\n]*66\.7%/);
  });

  it("adds a national indicator to the local priorities, once, and removes it again", async () => {
    const kim = await as("Kim Lee", "02N", "ADMIN");
    const added = await kim.run("priority add 02N ae_4hr");
    expect(added.text).toMatch(/ae_4hr \(A&E: 4-hour wait.*\) is now one of 02N's local priorities/);
    expect((await kim.run("priority add 02N AE_4HR")).text).toMatch(/already one of 02N's local priorities/);
    const list = await kim.run("priority list 02N");
    expect(list.text).toMatch(/ae_4hr — A&E: 4-hour wait.*\n\s+national; standard 95%/);
    expect(list.text).toMatch(/02n_dementia_dx — Dementia diagnosis rate\n\s+the CCG's own; standard 67%/);
    expect(added.text).toMatch(/`status 02N` shows it under Local priorities/);
    const status = (await kim.run("status 02N")).text;
    expect(status.slice(status.indexOf("Local priorities"))).toMatch(/A&E: 4-hour wait/);

    const removed = await kim.run("priority remove 02N ae_4hr");
    expect(removed.text).toMatch(/no longer one of 02N's local priorities; it stays in the national ask/);
    expect(await db.prisma.indicator.findUnique({ where: { code: "ae_4hr" } })).not.toBeNull();
    const again = await kim.run("priority remove 02N ae_4hr");
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/ae_4hr is not one of 02N's local priorities/);
  });

  it("only the CCG's own people change its priorities: not its area team, not another CCG", async () => {
    const areaTeamAdmin = await as("Sam Patel", "Q52", "ADMIN");
    const refused = await areaTeamAdmin.run("priority add 02N ae_4hr");
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Only people of 02N can choose its local priorities; you act for Q52/);
    expect(refused.text).toMatch(/discuss 02N local priorities/);
    const otherCcg = await as("Alex Ray", "02W");
    expect((await otherCcg.run("priority new 02N x_y Something standard 1 unit count")).text).toMatch(
      /Only people of 02N can add its own indicators/,
    );
    const anonymous = await new ConsoleChannel(core).run("priority list 02N");
    expect(anonymous.isError).toBe(true);
  });

  it("explains mistakes: a taken code, a percentage standard of 140, a missing unit, an unknown indicator", async () => {
    const jo = await as("Jo Smith", "02N");
    expect((await jo.run("priority new 02N dementia_dx Another dementia standard 60 unit %")).text).toMatch(
      /already an indicator 02n_dementia_dx \(Dementia diagnosis rate\)/,
    );
    expect((await jo.run("priority new 02N falls Falls admissions standard 140 unit %")).text).toMatch(
      /140% is not a percentage/,
    );
    expect((await jo.run("priority new 02N falls Falls admissions standard 140")).text).toMatch(/Give the unit/);
    expect((await jo.run("priority new 02N falls standard 3 unit count")).text).toMatch(/Give the indicator a name/);
    const unknown = await jo.run("priority add 02N ae_4hour");
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/I don't know an indicator "ae_4hour" for 02N/);
    expect(unknown.text).toMatch(/such as ae_4hr/);
  });

  it("removing the CCG's own indicator removes it with its figures; lower-is-better and yearly are understood", async () => {
    const jo = await as("Jo Smith", "02N");
    const falls = await jo.run(
      "priority new 02N falls_65 Emergency admissions for falls, 65+ standard 2000 unit per 100,000 lower yearly",
    );
    expect(falls.text).toMatch(/standard 2,000 per 100,000 \(lower is better, yearly figures\)/);
    const removed = await jo.run("priority remove 02N dementia_dx");
    expect(removed.text).toMatch(
      /02N's own indicator 02n_dementia_dx \(Dementia diagnosis rate\) is removed, with its 2 figures and 0 plan values/,
    );
    expect(await db.prisma.indicatorValue.count({ where: { indicatorCode: "02n_dementia_dx" } })).toBe(0);
    expect(await db.prisma.indicator.findUnique({ where: { code: "02n_dementia_dx" } })).toBeNull();
  });
});
