import { describe, expect, it } from "vitest";
import { ragFor, trendOf } from "../../src/core/indicators/rag";
import { staleSince } from "../../src/core/indicators/periods";

const base = { standard: 95, tolerance: 2, plan: null, higherIsBetter: true, stale: false };

describe("RAG", () => {
  it("is green when the standard is met", () => {
    expect(ragFor({ ...base, value: 95 }).rag).toBe("green");
  });
  it("is amber when missing the standard but within tolerance", () => {
    expect(ragFor({ ...base, value: 93.5 })).toEqual({ rag: "amber", reason: "within tolerance" });
  });
  it("is amber when missing the standard but on the CCG's own plan", () => {
    expect(ragFor({ ...base, value: 90, plan: 89 })).toEqual({ rag: "amber", reason: "on plan" });
  });
  it("is red when off standard, outside tolerance and behind plan", () => {
    expect(ragFor({ ...base, value: 90, plan: 91 }).rag).toBe("red");
  });
  it("reads lower-is-better indicators the other way", () => {
    const lower = { ...base, standard: 1, tolerance: 0.5, higherIsBetter: false };
    expect(ragFor({ ...lower, value: 0.8 }).rag).toBe("green");
    expect(ragFor({ ...lower, value: 1.4 }).rag).toBe("amber");
    expect(ragFor({ ...lower, value: 3 }).rag).toBe("red");
  });
  it("is grey with no data, and grey when stale whatever the value", () => {
    expect(ragFor({ ...base, value: null })).toEqual({ rag: "grey", reason: "no data" });
    expect(ragFor({ ...base, value: 99, stale: true })).toEqual({ rag: "grey", reason: "stale" });
  });
  it("a zero-tolerance standard missed is red, whatever the plan or tolerance says", () => {
    const zero = { standard: 0, tolerance: 1, plan: 1, higherIsBetter: false, stale: false };
    expect(ragFor({ ...zero, value: 1 })).toEqual({ rag: "red", reason: "zero tolerance" });
    expect(ragFor({ ...zero, value: 3, plan: 5 })).toEqual({ rag: "red", reason: "zero tolerance" });
    expect(ragFor({ ...zero, value: 0 }).rag).toBe("green");
  });
  it("uses the plan as the target where there is no national standard", () => {
    expect(ragFor({ ...base, standard: null, tolerance: null, plan: 10, higherIsBetter: false, value: 9 }).rag).toBe(
      "green",
    );
    expect(ragFor({ ...base, standard: null, tolerance: null, plan: null, value: 9 }).rag).toBe("grey");
  });
});

describe("trend", () => {
  it("calls a rising series improving when higher is better, worsening when lower is better", () => {
    expect(trendOf([90, 91, 92, 93, 94, 95], true, 2)).toBe("improving");
    expect(trendOf([90, 91, 92, 93, 94, 95], false, 2)).toBe("worsening");
  });
  it("calls small wobbles steady and too few points unknown", () => {
    expect(trendOf([95, 95.1, 94.9, 95, 95.1, 95], true, 2)).toBe("steady");
    expect(trendOf([95, 96], true, 2)).toBe("unknown");
  });
});

describe("staleness", () => {
  it("counts monthly figures stale once the next month's were due and did not come", () => {
    // September 2013 figures, 45-day lag: October's figures were due 45 days after October ended (1 Nov).
    const since = staleSince(new Date("2013-09-01T00:00:00Z"), "MONTH", 45);
    expect(since.toISOString()).toBe("2013-12-16T00:00:00.000Z");
  });
});
