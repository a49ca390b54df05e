import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  atLondonTime,
  formatLondonDate,
  formatPeriod,
  isPastDate,
  isWorkingDay,
  londonDate,
  parseUserDate,
  previousWorkingDayOnOrBefore,
  workingDaysBetween,
} from "../../../src/core/time";

const wednesday = new Date("2013-11-20T10:00:00Z");
const read = (text: string, now = wednesday) => parseUserDate(text, now);

describe("dates people type, read in London", () => {
  it.each([
    ["2014-01-25", "2014-01-25"],
    ["25/01/2014", "2014-01-25"],
    ["01/02/2014", "2014-02-01"], // day first, as in the UK
    ["25 Jan", "2014-01-25"], // the next 25 January
    ["25 January 2014", "2014-01-25"],
    ["tomorrow", "2013-11-21"],
    ["friday", "2013-11-22"],
    ["next Friday", "2013-11-29"],
    ["in 2 weeks", "2013-12-04"],
  ])("reads %s as %s", (text, date) => {
    expect(read(text)).toEqual({ ok: true, date });
  });

  it.each([
    ["blah", /could not read "blah"/],
    ["25 Jan please", /could not read "25 Jan please"/],
    ["31 Feb", /could not read|no date/],
    ["2013-02-30", /There is no date 2013-02-30/],
    ["Jan 25", /Which day\?/],
    ["January 2014", /Which day\?/],
    ["", /Give a date/],
  ])("refuses %s, saying what works", (text, reason) => {
    const result = read(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
    }
  });

  it("knows it is already tomorrow in London before it is in UTC", () => {
    const lateJune = new Date("2013-06-30T23:30:00Z"); // 00:30 BST on 1 July
    expect(londonDate(lateJune)).toBe("2013-07-01");
    expect(read("today", lateJune)).toEqual({ ok: true, date: "2013-07-01" });
    expect(isPastDate("2013-06-30", lateJune)).toBe(true);
    expect(isPastDate("2013-07-01", lateJune)).toBe(false);
  });
});

describe("London wall-clock times across the clock changes", () => {
  it("puts 09:00 London at 09:00Z in winter and 08:00Z in summer", () => {
    expect(atLondonTime("2013-03-30", 9).toISOString()).toBe("2013-03-30T09:00:00.000Z");
    expect(atLondonTime("2013-03-31", 9).toISOString()).toBe("2013-03-31T08:00:00.000Z"); // clocks went forward at 01:00
    expect(atLondonTime("2013-10-26", 9).toISOString()).toBe("2013-10-26T08:00:00.000Z");
    expect(atLondonTime("2013-10-27", 9).toISOString()).toBe("2013-10-27T09:00:00.000Z"); // back at 02:00
  });

  it("formats dates and NHS financial periods as people read them", () => {
    expect(formatLondonDate(new Date("2014-01-10T00:00:00Z"))).toBe("Fri 10 Jan 2014");
    expect(formatPeriod(new Date("2013-10-01T00:00:00Z"), "QUARTER")).toBe("Q3 2013/14");
    expect(formatPeriod(new Date("2014-01-01T00:00:00Z"), "QUARTER")).toBe("Q4 2013/14");
    expect(formatPeriod(new Date("2013-04-01T00:00:00Z"), "YEAR")).toBe("2013/14");
    expect(formatPeriod(new Date("2013-09-01T00:00:00Z"), "MONTH")).toBe("Sep 2013");
  });
});

describe("working days in England", () => {
  it("skips weekends and England and Wales bank holidays, one-offs included", () => {
    expect(isWorkingDay("2013-12-24")).toBe(true);
    for (const holiday of [
      "2013-05-06",
      "2013-12-25",
      "2013-12-26",
      "2014-04-18",
      "2014-04-21",
      "2022-09-19",
      "2023-05-08",
    ]) {
      expect(isWorkingDay(holiday), holiday).toBe(false);
    }
    expect(isWorkingDay("2013-11-23")).toBe(false); // Saturday
  });

  it("moves a reminder due on Christmas Day to Christmas Eve, and counts across the break", () => {
    expect(previousWorkingDayOnOrBefore("2013-12-25")).toBe("2013-12-24");
    expect(previousWorkingDayOnOrBefore("2013-12-24")).toBe("2013-12-24");
    expect(addWorkingDays("2013-12-24", 1)).toBe("2013-12-27");
    expect(addWorkingDays("2013-12-27", -2)).toBe("2013-12-23");
    expect(addWorkingDays("2013-12-24", 0)).toBe("2013-12-24");
    expect(workingDaysBetween("2013-12-20", "2013-12-27")).toBe(3); // 23, 24, 27
  });
});
