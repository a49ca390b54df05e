// 10,000 generated command strings (RELIABILITY_INPUTS to change it) through the console, and a tenth of that
// number each through the real Slack path (signed /plan over HTTP to Bolt, answers through the fake response_url)
// and the real Teams path (activities to /api/messages, answers through the fake Bot Connector): no crash, no 5xx,
// every reply either an answer or an error sentence naming the problem.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../src/console/console-channel";
import { createCore } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { SlackWorld, textOf } from "../slack/harness";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";
import { cardOf, cardText, startHarness, users, type Harness } from "../teams/harness";
import { tally } from "./counts";
import { commandString, random, unhelpful } from "./generate";

const INPUTS = Number(process.env.RELIABILITY_INPUTS ?? 10_000);
const PLATFORM_INPUTS = Math.max(50, Math.round(INPUTS / 10));

/** Runs every input, collects what went wrong (at most 20 shown), and tallies. */
async function fuzz(name: string, seed: number, n: number, ask: (input: string) => Promise<string>) {
  const r = random(seed);
  const problems: string[] = [];
  let helpful = 0;
  for (let i = 0; i < n; i++) {
    const input = commandString(r);
    let why: string | null;
    try {
      why = unhelpful(input, await ask(input));
    } catch (error) {
      why = `threw ${(error as Error).message}`;
    }
    if (why) problems.push(`${JSON.stringify(input.slice(0, 120))}: ${why}`);
    else helpful++;
  }
  tally(name, { inputsTried: n, helpfulReplies: helpful, failures: problems.length });
  expect(problems.slice(0, 20)).toEqual([]);
}

describe("generated commands through the console", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await seededTestDatabase({ demo: true });
  });
  afterAll(() => t.cleanup());

  it(`answers ${INPUTS} generated commands, as four kinds of people, helpfully`, async () => {
    const core = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW));
    const people = [
      new ConsoleChannel(core),
      new ConsoleChannel(core),
      new ConsoleChannel(core),
      new ConsoleChannel(core),
    ];
    await people[0]!.actAs({ name: "Jo Smith", organisationCode: "02N", role: "ADMIN" });
    await people[1]!.actAs({ name: "Kim Lee", organisationCode: "02N", role: "MEMBER" });
    await people[2]!.actAs({ name: "Sam Patel", organisationCode: "Q52", role: "MEMBER" });
    // people[3] is nobody the bot knows
    let i = 0;
    await fuzz("fuzz-console", 20131120, INPUTS, async (input) => (await people[i++ % 4]!.run(input)).text);
  });
});

describe("generated commands through Slack", () => {
  const world = new SlackWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it(`answers ${PLATFORM_INPUTS} generated /plan commands over HTTP, never a 5xx`, async () => {
    await world.core.people.register(
      { platform: "SLACK", tenantId: "T02N", userId: "U_JO", displayName: "Jo" },
      "02N",
      "ADMIN",
    );
    const jo = { teamId: "T02N", userId: "U_JO", name: "jo" };
    await fuzz("fuzz-slack", 42, PLATFORM_INPUTS, async (input) => {
      const { status, answer } = await world.plan(jo, input);
      if (status !== 200) return `HTTP ${status}`;
      const a = answer as { text?: string; blocks?: unknown[] };
      return `${a.text ?? ""}\n${textOf(a.blocks ?? [])}`;
    });
  });
});

describe("generated commands through Teams", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authenticated: true });
    await h.register(users.jo, "02N", "ADMIN");
  });
  afterAll(() => h.close());

  it(`answers ${PLATFORM_INPUTS} generated messages to the bot, never a 5xx`, async () => {
    await fuzz("fuzz-teams", 7, PLATFORM_INPUTS, async (input) => {
      const before = h.connector.sends().length;
      const res = await h.say(users.jo, input, { kind: "personal", user: users.jo });
      if (res.status >= 300) return `HTTP ${res.status}`;
      const sent = h.connector.sends().slice(before);
      return sent.map((s) => cardText(cardOf(s)) || JSON.stringify(s.body)).join("\n");
    });
  });
});
