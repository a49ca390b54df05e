// The access matrix: who may do what, operation by operation, for eight kinds of people, through the same
// dispatcher every platform uses. The expected table is written out below from the rules (src/core/people/
// permissions.ts and the commands): the dialogue belongs to a CCG and its area team, neither side can agree for
// the other, admins manage their own organisation (an area team's admins also its CCGs), operators run the
// deployment, and someone the bot does not know can only read status and help. Everyone here is in one tenant (the
// console's), as people of many organisations are in one shared workspace or Microsoft 365 tenant: `member` must not
// let one organisation take another's people, or an admin change an operator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../src/console/console-channel";
import { createCore, type Core } from "../../src/core";
import type { Role } from "../../src/core/db";
import { fixedClock } from "../../src/core/time";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";
import { FakeFingertips } from "../fakes/fingertips-api";
import { tally } from "./counts";

type Who =
  "ccgMember" | "ccgAdmin" | "otherCcgAdmin" | "atMember" | "atAdmin" | "otherAtAdmin" | "operator" | "unknown";
const PEOPLE: Record<Exclude<Who, "unknown">, [string, string, Role]> = {
  ccgMember: ["Kim Lee", "02N", "MEMBER"], // 02N: the CCG of the dialogue
  ccgAdmin: ["Jo Smith", "02N", "ADMIN"],
  otherCcgAdmin: ["Dee Hart", "00C", "ADMIN"], // Darlington, another area team's CCG
  atMember: ["Sam Patel", "Q52", "MEMBER"], // 02N's area team
  atAdmin: ["Pat Moss", "Q52", "ADMIN"],
  otherAtAdmin: ["Lee Ward", "Q45", "ADMIN"], // another area team
  operator: ["Ops Desk", "Q45", "OPERATOR"], // runs the deployment; not a party to 02N's dialogue
};
const WHO: Who[] = [
  "ccgMember",
  "ccgAdmin",
  "otherCcgAdmin",
  "atMember",
  "atAdmin",
  "otherAtAdmin",
  "operator",
  "unknown",
];

// A: allowed, R: refused. Columns in WHO's order.
const EXPECTED: Record<string, string> = {
  "status 02N": "A A A A A A A A",
  help: "A A A A A A A A",
  "discuss 02N": "A A R A A R R R",
  "action (propose)": "A A R A A R R R",
  "agree (the CCG proposed)": "R R R A A R R R",
  "agree (the area team proposed)": "A A R R R R R R",
  "done (agreed action)": "A A R A A R R R",
  "close discussion": "A A R A A R R R",
  "reminders set 02N": "R A R R A R A R",
  "link 02N": "R A R R A R A R",
  "deadline add 02N": "R A R R A R A R",
  "priority new 02N": "A A R R R R R R",
  "sources sync": "R R R R R R A R",
  "reminders status": "R A A R A A A R",
  "member (someone new → 02N)": "R A R R A R A R",
  "member (02W's member → 02N)": "R R R R A R A R",
  "member (00C's member → 02N)": "R R R R R R A R",
  "member (an operator → 02N)": "R R R R R R A R",
};

const REFUSED =
  /Only (an admin of|an operator|people of|\w+ and its area team)|Your side has already|I don't know which organisation you act for|needs someone who can speak for|only an operator can change/;

let t: TestDatabase;
let fingertips: FakeFingertips;
let core: Core;
const as: Partial<Record<Who, ConsoleChannel>> = {};
let n = 0;

beforeAll(async () => {
  // `sources sync` fetches what FINGERTIPS_SYNC names, here from a local fake of the Fingertips API.
  fingertips = await new FakeFingertips().start();
  fingertips.metadata.set(90001, { name: "Cancer: 62-day wait from GP referral", unit: "%" });
  fingertips.rows = [{ indicatorId: 90001, areaCode: "E38000001", period: "2013/14 Q1", value: "84.1" }];
  process.env.FINGERTIPS_API_URL = fingertips.url;
  process.env.FINGERTIPS_SYNC = "90001=cancer_62d_gp";
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW));
  for (const who of WHO) {
    as[who] = new ConsoleChannel(core);
    if (who !== "unknown") {
      const [name, organisationCode, role] = PEOPLE[who];
      await as[who]!.actAs({ name, organisationCode, role });
    }
  }
});
afterAll(async () => {
  delete process.env.FINGERTIPS_API_URL;
  delete process.env.FINGERTIPS_SYNC;
  await t.cleanup();
  await fingertips.close();
});

const run = async (who: Who, line: string) => (await as[who]!.run(line)).text;
const idOf = (prefix: "D" | "A", text: string) => {
  const m = new RegExp(`\\b${prefix}(\\d+)\\b`).exec(text);
  if (!m) throw new Error(`no ${prefix} id in: ${text}`);
  return Number(m[1]);
};
/** Fixtures, made by 02N's admin and its area team: fresh for each cell, so one cell's change never decides another's. */
const discussion = async () => idOf("D", await run("ccgAdmin", `discuss 02N Matrix topic ${++n}`));
/** Someone already acting for an organisation, as `member` names them in the console (a plain user id). */
const someoneOf = async (organisationCode: string, role: Role = "MEMBER") => {
  const userId = `matrix-${organisationCode.toLowerCase()}-${++n}`;
  await core.people.register(
    { platform: "CONSOLE", tenantId: "local", userId, displayName: userId },
    organisationCode,
    role,
  );
  return userId;
};
const action = async (by: Who, d?: number) =>
  idOf("A", await run(by, `action D${d ?? (await discussion())} Matrix action ${++n} due 29 Nov`));

/** The command line for an operation, with whatever it needs made first. */
const OPERATIONS: Record<string, () => Promise<string>> = {
  "status 02N": async () => "status 02N",
  help: async () => "help",
  "discuss 02N": async () => `discuss 02N Matrix opened ${++n}`,
  "action (propose)": async () => `action D${await discussion()} Matrix proposal ${++n} due 29 Nov`,
  "agree (the CCG proposed)": async () => `agree A${await action("ccgAdmin")}`,
  "agree (the area team proposed)": async () => `agree A${await action("atAdmin")}`,
  "done (agreed action)": async () => {
    const a = await action("ccgAdmin");
    await run("atAdmin", `agree A${a}`);
    return `done A${a}`;
  },
  "close discussion": async () => `close D${await discussion()} Matrix closed`,
  "reminders set 02N": async () => "reminders set 02N offsets 10,3",
  "link 02N": async () => "link 02N",
  "deadline add 02N": async () => `deadline add 02N Matrix deadline ${++n} due 25 Jan 2014`,
  "priority new 02N": async () => `priority new 02N pm_${++n} Matrix measure standard 50 unit %`,
  "sources sync": async () => "sources sync",
  "reminders status": async () => "reminders status",
  "member (someone new → 02N)": async () => `member matrix-new-${++n} 02N`,
  "member (02W's member → 02N)": async () => `member ${await someoneOf("02W")} 02N`,
  "member (00C's member → 02N)": async () => `member ${await someoneOf("00C")} 02N`,
  "member (an operator → 02N)": async () => `member ${await someoneOf("Q45", "OPERATOR")} 02N`,
};

describe("the access matrix", () => {
  it("allows and refuses exactly as the rules say, for every role and operation", async () => {
    const got: Record<string, string> = {};
    const wrong: string[] = [];
    for (const [operation, expected] of Object.entries(EXPECTED)) {
      const cells: string[] = [];
      for (const [i, who] of WHO.entries()) {
        const { text, isError } = await as[who]!.run(await OPERATIONS[operation]!());
        // R: refused for who they are; A: done; E: failed for another reason (a broken fixture, not a permission)
        const cell = REFUSED.test(text) ? "R" : isError ? "E" : "A";
        cells.push(cell);
        if (cell !== expected.split(" ")[i])
          wrong.push(`${operation} as ${who}: expected ${expected.split(" ")[i]}, got ${cell}: ${text.slice(0, 160)}`);
      }
      got[operation] = cells.join(" ");
    }
    const width = Math.max(...Object.keys(EXPECTED).map((k) => k.length));
    console.log(`\n${"".padEnd(width)}  ${WHO.join(" ")}`);
    for (const [operation, cells] of Object.entries(got))
      console.log(
        `${operation.padEnd(width)}  ${cells
          .split(" ")
          .map((c, i) => c.padEnd(WHO[i]!.length))
          .join(" ")}`,
      );
    const checked = Object.keys(EXPECTED).length * WHO.length;
    tally("access-matrix", { accessCellsChecked: checked, accessCellsWrong: wrong.length });
    expect(wrong).toEqual([]);
  });
});
