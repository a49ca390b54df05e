// The Teams SDK logs through our logger: lines at enabled levels come out as before, and a disabled level costs
// nothing (the SDK logs every inbound activity at debug, which used to be stringified on every request).
import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { sdkLogger } from "../../src/teams/teams-app";

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { lines, log: sdkLogger(logger) };
}

describe("the Teams SDK's logger", () => {
  it("does not format what a disabled level would log", () => {
    const { lines, log } = capture("info");
    let formatted = 0;
    const body = { toJSON: () => (formatted++, { type: "message" }) };
    log.debug("Handling activity", body);
    log.trace(body);
    log.log("debug", "Handling activity", body);
    expect(formatted).toBe(0);
    expect(lines).toEqual([]);
  });

  it("writes enabled levels as one line of text, with its component", () => {
    const { lines, log } = capture("debug");
    log.debug("Handling activity", { type: "message", id: "1" });
    log.warn("bad", new Error("token expired"));
    log.child("http").log("error", "failed", 500);
    expect(lines.map((l) => [l.level, l.component, l.msg])).toEqual([
      [20, "teams-sdk", 'Handling activity {"type":"message","id":"1"}'],
      [40, "teams-sdk", "bad token expired"],
      [50, "teams-sdk/http", "failed 500"],
    ]);
  });
});
