import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../src/sources/periods";

const start = (text: string, kind: "MONTH" | "QUARTER" | "YEAR") => {
  const r = parsePeriod(text, kind);
  return r.ok ? r.start : `! ${r.reason}`;
};

describe("periods as publishers write them", () => {
  it("reads months and dates as the indicator's period that contains them", () => {
    expect(start("2013-09", "MONTH")).toBe("2013-09-01");
    expect(start("2013-09-30", "MONTH")).toBe("2013-09-01");
    expect(start("Sep 2013", "MONTH")).toBe("2013-09-01");
    expect(start("September 2013", "MONTH")).toBe("2013-09-01");
    expect(start("2013-11-15", "QUARTER")).toBe("2013-10-01");
    expect(start("2014-02", "YEAR")).toBe("2013-04-01");
    expect(start("2013-04-01", "YEAR")).toBe("2013-04-01");
  });

  it("reads months and quarters as NHS England's titles, columns and file names write them", () => {
    expect(start("Dec-14", "MONTH")).toBe("2014-12-01");
    expect(start("Dec 14", "MONTH")).toBe("2014-12-01");
    expect(start("December-2014", "MONTH")).toBe("2014-12-01");
    expect(start("December 2014", "MONTH")).toBe("2014-12-01");
    expect(start("07/12/2014", "MONTH")).toBe("2014-12-01"); // a week ending
    expect(start("31/02/2014", "MONTH")).toMatch(/not a date/);
    expect(start("Q3 2014/15", "QUARTER")).toBe("2014-10-01");
    expect(start("Quarter 4 2014-15", "QUARTER")).toBe("2015-01-01");
    expect(start("2014-15 Q2", "QUARTER")).toBe("2014-07-01");
    expect(start("2014-15", "YEAR")).toBe("2014-04-01");
    expect(start("Q3 2014/15", "MONTH")).toMatch(/is a quarter, but the indicator is monthly/);
    expect(start("Dec-14", "QUARTER")).toBe("2014-10-01");
  });

  it("reads financial-year quarters (Q1 is April to June) and financial years", () => {
    expect(start("2013/14 Q1", "QUARTER")).toBe("2013-04-01");
    expect(start("2013/14 Q3", "QUARTER")).toBe("2013-10-01");
    expect(start("2013/14 Q4", "QUARTER")).toBe("2014-01-01");
    expect(start("2013/14", "YEAR")).toBe("2013-04-01");
    expect(start("1999/00", "YEAR")).toBe("1999-04-01");
  });

  it("refuses what it cannot place, saying why", () => {
    expect(start("2013/14 Q3", "MONTH")).toMatch(/is a quarter, but the indicator is monthly/);
    expect(start("2013/14", "QUARTER")).toMatch(/is a whole year, but the indicator is quarterly/);
    expect(start("2013/15", "YEAR")).toMatch(/not a financial year/);
    expect(start("2013-02-30", "MONTH")).toMatch(/not a date/);
    expect(start("2013", "MONTH")).toMatch(/period "2013" is a calendar year, but the indicator is monthly/);
    expect(start("2011-13", "QUARTER")).toMatch(/is pooled over 3 years, but the indicator is quarterly/);
    expect(start("2014-13", "MONTH")).toMatch(/"2014-13" is not a month/);
    expect(start("2011 - 31", "YEAR")).toMatch(/not a run of years/);
    expect(start("2010/11-2012/14", "YEAR")).toMatch(/not a run of financial years/);
    expect(start("w/e 31/11/2014", "MONTH")).toMatch(/"31\/11\/2014" is not a date/);
    expect(start("w/e next Sunday", "MONTH")).toMatch(/names a week, but "next Sunday" is not a day/);
    expect(start("Decembre 2014", "MONTH")).toMatch(/"Decembre" is not a month/);
    expect(start("last month", "MONTH")).toMatch(/not one I read/);
    // Years no NHS figure can have: a broken file, or 2103 typed for 2013.
    expect(start("0644-08", "MONTH")).toMatch(/"0644-08" is before 1948: is the year mistyped\?/);
    expect(start("2103-09", "MONTH")).toMatch(/after 2099/);
    expect(start("Mar 1948", "YEAR")).toMatch(/before 1948/); // its financial year began in April 1947
    expect(start("1948-07", "MONTH")).toBe("1948-07-01");
  });

  it("reads calendar years and pooled years for yearly indicators: a pooled figure is stored as its last year", () => {
    expect(start("2014", "YEAR")).toBe("2014-01-01");
    const pooled = (text: string) => parsePeriod(text, "YEAR");
    expect(pooled("2011-13")).toEqual({ ok: true, start: "2013-01-01", pooled: "2011-13" });
    expect(pooled("2011 - 13")).toEqual({ ok: true, start: "2013-01-01", pooled: "2011-13" });
    expect(pooled("2009-2013")).toEqual({ ok: true, start: "2013-01-01", pooled: "2009-13" });
    expect(pooled("2010/11-2012/13")).toEqual({ ok: true, start: "2012-04-01", pooled: "2010/11-2012/13" });
    expect(pooled("2010/11 - 12/13")).toEqual({ ok: true, start: "2012-04-01", pooled: "2010/11-2012/13" });
    // two years that follow are a financial year, not a pool; a compact "2011-12" is December 2011 (in 2011/12)
    expect(pooled("2014-15")).toEqual({ ok: true, start: "2014-04-01" });
    expect(start("2011-12", "MONTH")).toBe("2011-12-01");
    expect(start("1947", "YEAR")).toMatch(/before 1948/);
  });

  it("reads a week by its last day, in that day's month, as NHS England sums weekly sitreps into months", () => {
    expect(start("w/e 07/12/2014", "MONTH")).toBe("2014-12-01");
    expect(start("W/E: 07-Dec-2014", "MONTH")).toBe("2014-12-01");
    expect(start("week ending 4 January 2015", "MONTH")).toBe("2015-01-01");
    expect(start("w/e 30/11/2014", "MONTH")).toBe("2014-11-01");
    expect(start("w/e 30/11/2014", "QUARTER")).toBe("2014-10-01");
    expect(start("07-Dec-14", "MONTH")).toBe("2014-12-01");
    expect(start("7 December 2014", "MONTH")).toBe("2014-12-01");
  });
});
