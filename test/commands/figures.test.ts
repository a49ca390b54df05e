// Figures people can reach: families and common words narrow `status`, codes are listed, a zero-tolerance miss is
// red, and a national indicator chosen as a local priority counts once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { ConsoleChannel } from "../../src/console/console-channel";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, TEST_SEED_NOW } from "../support/test-database";

let core: Core;
let cleanup: () => Promise<void>;
const clock = fixedClock(TEST_SEED_NOW);
const ask = (line: string) => new ConsoleChannel(core).run(line);
const ragRows = (text: string) => [...text.matchAll(/^(RED|AMBER|GREY|GREEN)\s+(.+?)\s{2,}/gm)].map((m) => m[2]!);

beforeAll(async () => {
  const t = await seededTestDatabase({ demo: true });
  cleanup = t.cleanup;
  core = createCore(t.db.prisma, clock);
});
afterAll(() => cleanup());

describe("status narrowed by the words people use", () => {
  it.each([
    ["cancer", /^Cancer:/],
    ["rtt", /^RTT:/],
    ["mrsa", /^MRSA/],
    ["ae", /^A&E:/],
    ["infections", /^(MRSA|C\. difficile)/],
  ])("`status 02N %s` shows that family only", async (word, name) => {
    const r = await ask(`status 02N ${word}`);
    expect(r.isError).toBe(false);
    const rows = ragRows(r.text);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(name);
  });
  it("a word of an indicator's name works too; neither a CCG nor an indicator is still refused", async () => {
    const r = await ask("status 02N bacteraemia");
    expect(r.isError).toBe(false);
    const rows = ragRows(r.text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^MRSA bacteraemia/);
    expect((await ask("status 02N zzzz")).text).toMatch(/I don't know a CCG called "02N zzzz"/);
  });
  it("the codes are discoverable: status says how, help status names families, `indicators` lists codes", async () => {
    expect((await ask("status 02N")).text).toMatch(/`indicators` lists them/);
    const help = (await ask("help status")).text;
    expect(help).toMatch(/status 02N cancer[\s\S]*status 02N mrsa/);
    expect(help).toMatch(/family \(cancer, rtt, mrsa…\) or code/);
    expect(help).toMatch(/`indicators` lists codes and families/);
    const list = (await ask("indicators")).text;
    expect(list).toMatch(
      /mrsa_bacteraemia — MRSA bacteraemia\n\s+Healthcare-associated infection.*standard 0, zero tolerance/,
    );
    expect(list).toMatch(/cancer_2ww — Cancer: 2-week wait/);
    expect(list).toMatch(/rtt_incomplete_18wk/);
  });
});

describe("a zero-tolerance standard missed is red", () => {
  it("1 MRSA case on a plan of 1 is red, not amber", async () => {
    const latest = await core.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "mrsa_bacteraemia" },
      orderBy: { periodStart: "desc" },
    });
    const key = { organisationCode: "02N", indicatorCode: "mrsa_bacteraemia", periodStart: latest.periodStart };
    await core.prisma.indicatorValue.update({
      where: { organisationCode_indicatorCode_periodStart: key },
      data: { value: 1, suppressed: false },
    });
    await core.prisma.planTrajectory.upsert({
      where: { organisationCode_indicatorCode_periodStart: key },
      create: { ...key, value: 1, source: "test" },
      update: { value: 1 },
    });
    const r = await ask("status 02N mrsa_bacteraemia");
    expect(r.text).toMatch(/^RED\s+MRSA bacteraemia/m);
  });
});

describe("a national indicator chosen as a local priority counts once", () => {
  it("`priority add 02N ae_4hr`: the summary's counts do not change", async () => {
    const tally = (text: string) => /Indicator status: (.+?)\. Worst first/.exec(text)?.[1];
    const before = tally((await ask("status 02N")).text);
    expect(before).toMatch(/\d+ red/);
    const admin = await consolePerson(core, "Ann Admin", "02N", "ADMIN");
    expect((await admin.run("priority add 02N ae_4hr")).isError).toBe(false);
    const after = await ask("status 02N");
    expect(tally(after.text)).toBe(before);
    expect(after.text).toMatch(/Local priorities[\s\S]*A&E: 4-hour wait/);
  });
});
