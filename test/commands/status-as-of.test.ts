// `status 02N as of Dec 2014`: the status as it stood in a period, on figures of 2014/15 read long after (the clock
// is in 2026), through the console channel. Suppressed figures show as suppressed; demo figures are marked per row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../src/console/console-channel";
import { createCore, type Core } from "../../src/core";
import { lastPeriodBy, parseAsOf } from "../../src/core/indicators/as-of";
import { fixedClock } from "../../src/core/time";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { writeStatusFigures } from "./status-figures";

let t: TestDatabase;
let core: Core;
const clock = fixedClock("2026-12-02T10:00:00Z");
const run = (text: string) => new ConsoleChannel(core).run(text);
/** The console table's line for an indicator. */
const line = (text: string, name: string) => text.split("\n").find((l) => l.includes(name)) ?? "";

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  await writeStatusFigures(t.db.prisma);
});
afterAll(() => t.cleanup());

describe("reading the period after `as of`", () => {
  const now = new Date("2026-12-02T10:00:00Z");
  it.each([
    ["Dec 2014", "MONTH", "2014-12-01", "Dec 2014"],
    ["December 2014", "MONTH", "2014-12-01", "Dec 2014"],
    ["dec. 2014", "MONTH", "2014-12-01", "Dec 2014"],
    ["Sept 2014", "MONTH", "2014-09-01", "Sep 2014"],
    ["2014-12", "MONTH", "2014-12-01", "Dec 2014"],
    ["2014-12-31", "MONTH", "2014-12-01", "Dec 2014"],
    ["Q3 2014/15", "QUARTER", "2014-10-01", "Q3 2014/15"],
    ["2014/15 Q4", "QUARTER", "2015-01-01", "Q4 2014/15"],
    ["q1 2014/2015", "QUARTER", "2014-04-01", "Q1 2014/15"],
    ["2013/14", "YEAR", "2013-04-01", "2013/14"],
    ["2014/2015", "YEAR", "2014-04-01", "2014/15"],
    ["2014", "YEAR", "2014-01-01", "2014"],
    ["w/e 07/12/2014", "WEEK", "2014-12-01", "w/e 07/12/2014"],
    ["week ending 7 December 2014", "WEEK", "2014-12-01", "w/e 07/12/2014"],
  ])("%s is %s from %s", (text, kind, start, label) => {
    const asOf = parseAsOf(text, now);
    expect(asOf).toMatchObject({ kind, label });
    expect(asOf.start.toISOString().slice(0, 10)).toBe(start);
  });

  it("reads the same forms as the import, with the same grammar", () => {
    // the week of 1 to 7 December 2014, up to the end of its last day
    const week = parseAsOf("w/e 07/12/2014", now);
    expect(week.end.toISOString()).toBe("2014-12-08T00:00:00.000Z");
    expect(lastPeriodBy(week, "MONTH").toISOString().slice(0, 10)).toBe("2014-11-01");
    expect(parseAsOf("2014", now).end.toISOString().slice(0, 10)).toBe("2015-01-01");
  });

  it("takes in, for each kind of indicator, the periods that ended by the end of the period asked for", () => {
    const at = (text: string, kind: "MONTH" | "QUARTER" | "YEAR") =>
      lastPeriodBy(parseAsOf(text, now), kind).toISOString().slice(0, 10);
    expect(at("Dec 2014", "MONTH")).toBe("2014-12-01");
    expect(at("Dec 2014", "QUARTER")).toBe("2014-10-01");
    expect(at("Nov 2014", "QUARTER")).toBe("2014-07-01");
    expect(at("Dec 2014", "YEAR")).toBe("2013-04-01");
    expect(at("Mar 2015", "YEAR")).toBe("2014-04-01");
    expect(at("Q3 2014/15", "MONTH")).toBe("2014-12-01");
    expect(at("2014/15", "QUARTER")).toBe("2015-01-01");
    expect(at("2014/15", "MONTH")).toBe("2015-03-01");
  });
});

describe("status as of a period", () => {
  it("shows each indicator's latest figure up to then, with the plan of its period, and no staleness against today", async () => {
    const { text, isError } = await run("status 02N as of Dec 2014");
    expect(isError).toBe(false);
    expect(text).toMatch(/^02N NHS Airedale, Wharfedale and Craven CCG as of Dec 2014\n/);
    expect(text).toMatch(/Indicator status as of Dec 2014: \d+ red, \d+ amber, \d+ green/);
    // Dec 2014's figure, not Mar 2015's; amber within tolerance, against Dec 2014's plan
    expect(line(text, "RTT: incomplete")).toMatch(
      /^AMBER\s+RTT: incomplete pathways within 18 weeks\s+90\.5%\s+92%\s+93%\s+−2\.5 pts\s+↓ worsening\s+Dec 2014$/,
    );
    expect(line(text, "RTT: incomplete")).not.toMatch(/stale/);
    // a quarterly indicator: the quarter that ended with Dec 2014; a yearly one: the last year ended by then
    expect(line(text, "Cancer: 62 days from urgent GP")).toMatch(/^AMBER .*84%.*Q3 2014\/15$/);
    expect(line(text, "(PYLL)")).toMatch(/2,100 per 100,000.*2013\/14$/);
    expect(line(text, "(PYLL)")).not.toMatch(/stale/);
    // stale against Dec 2014: nothing after Jun 2014
    expect(line(text, "A&E: 4-hour")).toMatch(/^GREY .*\(stale: no figure for Dec 2014\).*96%.*Jun 2014$/);
    expect(text).toMatch(/As it stood in Dec 2014: each indicator's latest figure for a period ended by then/);
  });

  it("as of a week: the months that ended by its last day; as of a calendar year: its figures, up to December", async () => {
    const week = await run("status 02N as of w/e 07/12/2014");
    expect(week.text).toMatch(/^02N .* as of w\/e 07\/12\/2014\n/);
    expect(line(week.text, "RTT: incomplete")).toMatch(/91%.*Nov 2014$/);
    expect(line(week.text, "Cancer: 62 days from urgent GP")).toMatch(/86%.*Q2 2014\/15$/);
    const year = await run("status 02N as of 2014");
    expect(year.text).toMatch(/^02N .* as of 2014\n/);
    expect(line(year.text, "RTT: incomplete")).toMatch(/90\.5%.*Dec 2014$/);
    expect(line(year.text, "(PYLL)")).toMatch(/2,100 per 100,000.*2013\/14$/);
  });

  it("a yearly figure of a calendar year (stored from 1 January) shows as that year, once it has ended", async () => {
    await writeStatusFigures(t.db.prisma, "02W");
    await t.db.prisma.indicatorValue.create({
      data: {
        organisationCode: "02W",
        indicatorCode: "ois_1_1",
        periodStart: new Date("2014-01-01T00:00:00Z"),
        value: 1990,
        source: "ois-2014.csv",
      },
    });
    expect(line((await run("status 02W as of 2014")).text, "(PYLL)")).toMatch(/1,990 per 100,000.*2014$/);
    expect(line((await run("status 02W as of Nov 2014")).text, "(PYLL)")).toMatch(/2,100 per 100,000.*2013\/14$/);
  });

  it("today, the same figures are stale: that is what as of a period leaves out", async () => {
    const { text } = await run("status 02N rtt_incomplete_18wk");
    expect(line(text, "RTT: incomplete")).toMatch(/^GREY .*\(stale since .*2015\).*89%.*Mar 2015$/);
  });

  it("reads the period as people write it: a month's name in full, an ISO month, a quarter, a financial year", async () => {
    const december = await run("status 02N as of December 2014");
    expect(december.text).toMatch(/^02N .* as of Dec 2014\n/);
    expect(line(december.text, "RTT: incomplete")).toMatch(/90\.5%.*Dec 2014$/);
    expect(line((await run("status 02N as of 2014-12")).text, "RTT: incomplete")).toMatch(/90\.5%.*Dec 2014$/);
    const quarter = await run("status 02N as of Q3 2014/15");
    expect(quarter.text).toMatch(/^02N .* as of Q3 2014\/15\n/);
    expect(line(quarter.text, "RTT: incomplete")).toMatch(/90\.5%.*Dec 2014$/);
    const year = await run("status 02N as of 2013/14");
    expect(year.text).toMatch(/^02N .* as of 2013\/14\n/);
    expect(line(year.text, "(PYLL)")).toMatch(/2,100 per 100,000.*2013\/14$/);
    expect(line(year.text, "RTT: incomplete")).toMatch(/^GREY .*\(no data\)/);
  });

  it("with a filter: one indicator as it stood then, and its chart in words up to that period", async () => {
    const { text } = await run("status 02N rtt_incomplete_18wk as of Dec 2014");
    expect(text).toMatch(/^02N NHS Airedale, Wharfedale and Craven CCG — rtt_incomplete_18wk as of Dec 2014\n/);
    expect(text.match(/^(RED|AMBER|GREEN|GREY) /gm)).toHaveLength(1);
    expect(text).toMatch(/Chart: RTT: incomplete pathways within 18 weeks, 02N .*, Jul 2014 to Dec 2014, 6 periods\./);
    expect(text).toMatch(/Latest 90\.5% in Dec 2014: AMBER/);
    expect(text).not.toMatch(/88%|Mar 2015/);
  });

  it.each([
    [
      "status 02N as of Decembre 2014",
      /"Decembre" is not a month\.[\s\S]*Dec 2014, December 2014, 2014-12, w\/e 07\/12\/2014, Q3 2014\/15, 2013\/14 or 2014/,
    ],
    [
      "status 02N as of 2011-13",
      /"2011-13" is several years pooled together \(2011-13\)[\s\S]*say one year, such as 2013/,
    ],
    ["status 02N as of 2010/11-2012/13", /such as 2012\/13/],
    ["status 02N as of w/e 31/11/2014", /"31\/11\/2014" is not a date[\s\S]*e\.g\. `status 02N as of Dec 2014`/],
    ["status 02N as of 2014/16", /"2014\/16" is not a financial year/],
    ["status 02N as of 2014-13", /"2014-13" is not a month/],
    ["status 02N as of next week", /I can't read "next week" as a period/],
    ["status 02N as of", /As of when\? Give a period after `as of`/],
    ["status 02N as of Dec 2030", /Dec 2030 has not begun yet/],
    ["status 02N as of Dec 1900", /Dec 1900 is before 1948/],
  ])("%s is refused with a sentence and examples, and changes nothing", async (command, message) => {
    const before = await t.db.prisma.indicatorValue.count();
    const { text, isError } = await run(command);
    expect(isError).toBe(true);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/RTT: incomplete/);
    expect(await t.db.prisma.indicatorValue.count()).toBe(before);
  });
});

describe("suppressed figures", () => {
  it("show as suppressed, grey and with no value, rather than an older figure; the trend skips them", async () => {
    const { text } = await run("status 02N as of Feb 2015");
    const rtt = line(text, "RTT: incomplete");
    expect(rtt).toMatch(
      /^GREY\s+RTT: incomplete pathways within 18 weeks\s+suppressed\s+92%\s+92%\s+—\s+↓ worsening\s+Feb 2015$/,
    );
    expect(rtt).not.toMatch(/88%/);
    const one = await run("status 02N rtt_incomplete_18wk as of Feb 2015");
    // the chart draws the figures around it and says which period was suppressed
    expect(one.text).toMatch(
      /Chart: .*Jul 2014 to Jan 2015, 7 periods\..*Suppressed by the publisher, so not drawn: Feb 2015\./,
    );
  });

  it("a later published figure is shown again", async () => {
    const { text } = await run("status 02N as of Mar 2015");
    expect(line(text, "RTT: incomplete")).toMatch(/^RED .*89%.*Mar 2015$/);
  });
});

describe("demo figures among published ones", () => {
  it("are marked demo, row by row, and the reply says how many of the figures are demo data", async () => {
    const { text } = await run("status 02N as of Dec 2014");
    expect(line(text, "A&E: 12-hour trolley")).toMatch(/^GREEN\s+A&E: 12-hour trolley waits \[demo\]/);
    expect(line(text, "MRSA")).toMatch(/^RED\s+MRSA bacteraemia \[demo\]/);
    expect(line(text, "RTT: incomplete")).not.toMatch(/demo/);
    expect(text).toMatch(/2 of 6 figures are demo data \(marked demo\); the others are published statistics\./);
  });

  it("say nothing of demo data where none is shown", async () => {
    const { text } = await run("status 02N rtt_incomplete_18wk as of Dec 2014");
    expect(text).not.toMatch(/demo/i);
  });
});
