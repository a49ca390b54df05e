// A CCG's planning template and its submission, through the console: the template lists the national ask and the
// CCG's local priorities by period of the planning year; a submission with a bad cell names it and stores nothing;
// a good one is a new version, recording who and the note; the area team cannot submit a CCG's plan.
import { readFile } from "node:fs/promises";
import * as XLSX from "@e965/xlsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededDatabaseWithDir, type TestDatabaseWithDir } from "../support/test-database";
import type { InboundFile } from "../../commands";
import { ConsoleChannel } from "../../src/console/console-channel";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let t: TestDatabaseWithDir;
let dir: string;

const file = (name: string, content: string | Uint8Array): InboundFile[] => [
  { name, read: async () => (typeof content === "string" ? new Uint8Array(Buffer.from(content)) : content) },
];

/** Sets the plan cell of a template row (by indicator and period) in CSV text. */
function fill(csv: string, values: Record<string, string>): string {
  return csv
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .map((line) => {
      const cells = line.split(",");
      const v = values[`${cells[0]}|${cells[1]}`];
      if (v === undefined) return line;
      cells[2] = v;
      return cells.join(",");
    })
    .join("\r\n");
}

beforeAll(async () => {
  t = await seededDatabaseWithDir("plan-submit", { demo: false });
  dir = t.dir;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => t.cleanup());

describe("plan template and plan submit", () => {
  it("makes the template, refuses a bad cell by its reference, and versions a good submission", async () => {
    const jo = new ConsoleChannel(core, dir);
    await jo.actAs({ name: "Jo Smith", organisationCode: "02N", role: "MEMBER" });
    const sam = await consolePerson(core, "Sam Patel", "Q52");

    const template = await jo.run("plan template 02N");
    expect(template.isError).toBe(false);
    expect(template.text).toMatch(/planning template for 02N .*2014\/15/);
    expect(template.files).toHaveLength(1);
    const csv = await readFile(template.files[0]!, "utf8");
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("indicator,period,plan,indicator name,unit,standard,organisation");
    // A&E 4-hour is monthly: the twelve months of 2014/15, blank to fill in
    const ae = lines.filter((l) => l.startsWith("ae_4hr,"));
    expect(ae.map((l) => l.split(",").slice(0, 3).join(","))).toEqual(
      ["Apr 2014", "May 2014", "Jun 2014", "Jul 2014", "Aug 2014", "Sep 2014", "Oct 2014", "Nov 2014", "Dec 2014"]
        .concat(["Jan 2015", "Feb 2015", "Mar 2015"])
        .map((p) => `ae_4hr,${p},`),
    );

    const bad = fill(csv, { "ae_4hr|Apr 2014": "94", "ae_4hr|May 2014": "9x.5" });
    const row = bad.split("\r\n").findIndex((l) => l.startsWith("ae_4hr,May 2014")) + 1;
    const refused = await jo.run("plan submit 02N first go", file("plan.csv", bad));
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`C${row}: value "9x.5" is not a number`);
    expect(refused.text).toMatch(/Nothing was stored/);
    expect(await t.db.prisma.planVersion.count({ where: { organisationCode: "02N" } })).toBe(0);
    expect(await t.db.prisma.planTrajectory.count({ where: { organisationCode: "02N" } })).toBe(0);

    // Refused before the file is even fetched.
    const unread: InboundFile[] = [{ name: "plan.csv", read: () => Promise.reject(new Error("fetched")) }];
    const refusedAreaTeam = await sam.run("plan submit 02N", unread);
    expect(refusedAreaTeam.text).toMatch(/Only people of 02N can submit its plan; you act for Q52/);

    const good = fill(csv, { "ae_4hr|Apr 2014": "94", "ae_4hr|May 2014": "94.5" });
    const accepted = await jo.run("plan submit 02N first go", file("plan.csv", good));
    expect(accepted.text).toMatch(
      /02N's plan version 1 is in, from Jo Smith \(02N\): 2 planned values. Note: first go/,
    );
    const v1 = await t.db.prisma.planVersion.findFirstOrThrow({ where: { organisationCode: "02N" } });
    expect(v1).toMatchObject({
      number: 1,
      note: "first go",
      submittedByParty: "CCG",
      source: "console upload: plan.csv",
    });

    // The same in a spreadsheet, with one value moved: version 2, and only that line moved.
    const again = await jo.run("plan template 02N xlsx");
    const book = XLSX.read(await readFile(again.files[0]!));
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 });
    const q1 = rows.findIndex((r) => r[0] === "ae_4hr" && r[1] === "Apr 2014");
    expect(rows[q1]![2]).toBe(94);
    sheet[`C${q1 + 1}`] = { t: "n", v: 95 };
    const bytes = new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Buffer);
    expect((await jo.run("plan submit 02N", file("plan.xlsx", bytes))).text).toMatch(/version 2 is in/);
    expect((await sam.run("plan 02N changes")).text).toContain("• ae_4hr Apr 2014: 94% → 95%");
  });
});
