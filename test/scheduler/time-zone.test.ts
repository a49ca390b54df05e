// Reminders follow Europe/London whatever time zone the process runs in; a mistyped TZ is reported at start-up.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { planOccurrences, type PlanInput } from "../../src/core/reminders/plan";
import { DEFAULT_POLICY } from "../../src/core/reminders/policy";

const input: PlanInput = {
  deadlines: [
    // Across the clock change: due Monday 31 March 2014, 12:00 London (BST); the 14-day reminder is still in GMT.
    {
      id: 1,
      scope: "NATIONAL",
      organisationCode: null,
      title: "A deadline",
      dueAt: new Date("2014-03-31T11:00:00Z"),
      createdAt: new Date("2014-01-01T00:00:00Z"),
    },
  ],
  actions: [],
  channels: [
    { platform: "SLACK", channelId: "C02N", organisationCode: "02N", areaTeamCode: "Q52", remindersEnabled: true },
  ],
};
const plan = () =>
  planOccurrences(input, DEFAULT_POLICY, new Date("2014-03-10T00:00:00Z"), new Date("2014-04-01T00:00:00Z")).map(
    (o) => `${o.dueAt.toISOString()} ${o.kind}`,
  );

const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe("time zones", () => {
  it("plans the same instants whatever the process's TZ", () => {
    process.env.TZ = "UTC";
    const inUtc = plan();
    expect(inUtc).toContain("2014-03-17T09:00:00.000Z deadline"); // 14 days before, 09:00 GMT
    expect(inUtc).toContain("2014-03-24T09:00:00.000Z deadline"); // 7 days before, still GMT
    expect(inUtc).toContain("2014-03-31T08:00:00.000Z deadline"); // on the day, 09:00 BST
    for (const zone of ["America/New_York", "Asia/Kolkata", "Pacific/Chatham"]) {
      process.env.TZ = zone;
      expect(new Date("2014-03-17T09:00:00Z").getHours()).not.toBe(9); // the zone did take effect
      expect(plan()).toEqual(inUtc);
    }
  });

  it("stops start-up with a clear message for an unknown TZ", () => {
    expect(() => loadConfig({ TZ: "Mars/Olympus_Mons" })).toThrow(
      /TZ expected an IANA time zone such as Europe\/London \(reminders use Europe\/London anyway\) \(got "Mars\/Olympus_Mons"\)/,
    );
    expect(loadConfig({ TZ: "Europe/London" }).TZ).toBe("Europe/London");
  });
});
