import { describe, expect, it } from "vitest";
import { cutText } from "../../src/reply/cut";
import { LONE_SURROGATE } from "../support/text";

describe("cutting text to a limit", () => {
  it("leaves text that fits alone", () => {
    expect(cutText("A&E recovery", 150)).toBe("A&E recovery");
  });

  it("never splits an emoji into an unpaired surrogate", () => {
    const header = `${"x".repeat(148)}🏥🏥`; // the first 🏥 straddles the 149th code unit
    const cut = cutText(header, 150);
    expect(cut.length).toBeLessThanOrEqual(150);
    expect(LONE_SURROGATE.test(cut)).toBe(false);
    expect(cut).toBe(`${"x".repeat(148)}…`);
  });

  it("keeps a family emoji (joined by zero-width joiners) whole or drops it whole", () => {
    const family = "👨‍👩‍👧";
    const cut = cutText(`${"y".repeat(145)}${family}${family}`, 150);
    expect(cut).toBe(`${"y".repeat(145)}…`);
  });
});
