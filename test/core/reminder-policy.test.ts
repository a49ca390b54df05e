import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, policyProblems } from "../../src/core/reminders/policy";
import { parseTarget, targetKey } from "../../src/core/reminders/target";

describe("reminder policy checks", () => {
  it("accepts the defaults", () => {
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
  });
  it("explains a negative offset and an impossible hour in words", () => {
    expect(policyProblems({ deadlineOffsetsDays: [14, -3] })).toEqual([
      "A reminder offset must be a whole number of days from 0 to 365 before the deadline; -3 is not.",
    ]);
    expect(policyProblems({ reminderHour: 25, digestMinute: 75 })).toEqual([
      "The hour must be from 0 to 23; 25 is not.",
      "The digest minute must be from 0 to 59; 75 is not.",
    ]);
  });
});

describe("delivery targets", () => {
  it("round-trip through the ledger's key, and a bad key is refused", () => {
    for (const t of [
      { kind: "channel", channelId: "C1" },
      { kind: "thread", channelId: "19:abc@thread.tacv2", rootId: "1700.1" },
      { kind: "person", tenantId: "T1", userId: "U1" },
    ] as const) {
      expect(parseTarget(targetKey(t))).toEqual(t);
    }
    expect(() => parseTarget("pigeon:C1")).toThrow(/not a delivery target/);
  });
});
