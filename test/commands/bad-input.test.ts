// Bad input gets a clear reply that says what to do instead, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { ConsoleChannel } from "../../src/console/console-channel";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase } from "../support/test-database";
import { commands } from "../../commands";

const clock = fixedClock("2013-11-20T10:00:00Z");
let core: Core;
let cleanup: () => Promise<void>;
let jo: ConsoleChannel;
let areaTeam: ConsoleChannel;
let anonymous: ConsoleChannel;
let stranger: ConsoleChannel;

const counts = async () => ({
  discussions: await core.prisma.discussion.count(),
  actions: await core.prisma.action.count(),
  events: await core.prisma.actionEvent.count(),
  deadlines: await core.prisma.deadline.count(),
  links: await core.prisma.channelLink.count(),
});

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: false });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
  jo = await consolePerson(core, "Jo Smith", "02N");
  areaTeam = await consolePerson(core, "Sam Patel", "Q52", "ADMIN");
  anonymous = new ConsoleChannel(core);
  stranger = await consolePerson(core, "Alex Ray", "02W", "ADMIN");
  await jo.run("discuss 02N Elective waits");
  await jo.run("action D1 Share the RTT trajectory due 1 Dec");
  await jo.run("discuss 02N Finished business");
  await jo.run("close D2 Nothing more to do");
});
afterAll(() => cleanup());

describe("bad input", () => {
  const cases: [string, () => ConsoleChannel, string, RegExp][] = [
    [
      "an unknown CCG code",
      () => jo,
      "status 02NN",
      /I don't know a CCG called "02NN"[\s\S]*Did you mean .*02N NHS Airedale, Wharfedale and Craven CCG/,
    ],
    ["a misspelt CCG name", () => jo, "status airdale", /Did you mean 02N NHS Airedale, Wharfedale and Craven CCG/],
    ["a missing argument", () => jo, "status", /Which CCG\?[\s\S]*Usage: `status <ccg>/],
    ["an extra argument", () => areaTeam, "agree A1 now please", /`agree` takes only an action id/],
    ["an unknown command", () => jo, "frobnicate 02N", /I don't know the command "frobnicate"[\s\S]*help/],
    ["text over 2,000 characters", () => jo, `discuss 02N ${"x".repeat(2100)}`, /commands can be at most 2000/],
    ["a topic over 200 characters", () => jo, `discuss 02N ${"y".repeat(250)}`, /at most 200 characters/],
    [
      "a date in the past",
      () => jo,
      "action D1 Chase the data due 2013-01-25",
      /The due date 2013-01-25 is in the past/,
    ],
    ["an unreadable date", () => jo, "action D1 Chase the data due blursday", /could not read "blursday"/],
    [
      "someone else's discussion",
      () => stranger,
      "action D1 Take over their plan",
      /Only 02N and its area team Q52 can/,
    ],
    ["someone else's actions", () => stranger, "actions 02N", /Only 02N and its area team Q52 can/],
    ["agreeing your own side's proposal", () => jo, "agree A1", /Your side has already agreed/],
    ["an action that does not exist", () => areaTeam, "agree A99", /There is no action A99/],
    ["a discussion id that is not one", () => jo, "close 02N", /Which discussion\?/],
    ["a thread asked for where there are none", () => jo, "thread D1", /The console has no threads/],
    ["a thread for a closed discussion", () => jo, "thread D2", /D2 is closed, so it gets no thread now/],
    ["a thread for someone else's discussion", () => stranger, "thread D1", /Only 02N and its area team Q52 can/],
    ["a CCG that is not a party opening a discussion", () => jo, "discuss 02W Something", /Only 02W and its area team/],
    ["a member adding a deadline", () => jo, "deadline add 02N Draft plan due 10 Jan", /Only an admin of 02N/],
    [
      "an unknown indicator filter",
      () => jo,
      "status 02N ae_4hrs",
      /I don't know an indicator or framework "ae_4hrs"[\s\S]*ae_4hr/,
    ],
    [
      "an unregistered person acting",
      () => anonymous,
      "discuss 02N Anything",
      /don't know which organisation you act for/,
    ],
    ["a deadline in the past", () => areaTeam, "deadline add Q52 Old thing due 2013-01-01", /in the past/],
    ["a bad deadline time", () => areaTeam, "deadline add Q52 Draft plan due 10 Jan at 25:00", /HH:MM/],
  ];

  it.each(cases)("%s gets a clear reply and changes nothing", async (_name, who, line, expected) => {
    const before = await counts();
    const { text, isError } = await who().run(line);
    expect(text).toMatch(expected);
    expect(isError).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe("every command with a word missing", () => {
  // Each command alone and with each common verb and nothing after it: the reply says what is missing in our words,
  // never a validation library's ("Invalid input: expected string, received undefined"). The fuzzer found one.
  const verbs = ["", "add", "remove", "list", "new", "set", "on", "off", "status", "preview", "settings"];
  it("answers in words a planning lead can act on", async () => {
    const leaks: string[] = [];
    for (const { name } of commands)
      for (const verb of verbs) {
        const { text } = await areaTeam.run(`${name} ${verb}`.trim());
        if (/Invalid input|undefined|received|expected (string|number)/.test(text))
          leaks.push(`${name} ${verb}: ${text}`);
      }
    expect(leaks).toEqual([]);
  });
});

describe("good input around the edges", () => {
  it("finds a CCG by part of its name and reads people's dates", async () => {
    expect((await jo.run("status Airedale")).text).toMatch(/02N NHS Airedale, Wharfedale and Craven CCG/);
    const { text } = await jo.run("action D1 Send the draft owner me due next Friday");
    expect(text).toMatch(/Owner: Jo Smith/);
    expect(text).toMatch(/Fri 29 Nov 2013/);
  });
  it("lets an area team admin add a deadline for one of its CCGs, and lists it", async () => {
    expect((await areaTeam.run("deadline add 02N Draft operational plan due 10 Jan at 12:00")).text).toMatch(
      /Fri 10 Jan 2014, 12:00/,
    );
    expect((await jo.run("deadlines")).text).toMatch(/Draft operational plan/);
  });
});
