import { describe, expect, it } from "vitest";
import * as rules from "../../src/core/actions/rules";
import { DomainError } from "../../src/core/errors";

describe("agreed action state machine", () => {
  it("counts the proposer's side as agreed, and only the other side's agreement makes it agreed", () => {
    const s = rules.proposed("CCG");
    expect(s).toMatchObject({ status: "PROPOSED", ccgAgreed: true, areaTeamAgreed: false });
    expect(() => rules.agree(s, "CCG")).toThrow(DomainError);
    expect(rules.agree(s, "AREA_TEAM").next.status).toBe("AGREED");
  });

  it("sends an edited action back to proposed, agreed only by the editor's side", () => {
    const agreed = rules.agree(rules.proposed("AREA_TEAM"), "CCG").next;
    const edited = rules.edit(agreed, "CCG");
    expect(edited.step).toBe("edited");
    expect(edited.next).toMatchObject({ status: "PROPOSED", ccgAgreed: true, areaTeamAgreed: false });
  });

  it("marks only agreed actions done", () => {
    expect(() => rules.done(rules.proposed("CCG"))).toThrow(/Only an agreed action/);
    const agreed = rules.agree(rules.proposed("CCG"), "AREA_TEAM").next;
    expect(rules.done(agreed).next.status).toBe("DONE");
  });

  it("drops an agreed action only when both sides ask", () => {
    const agreed = rules.agree(rules.proposed("CCG"), "AREA_TEAM").next;
    const asked = rules.drop(agreed, "CCG");
    expect(asked).toMatchObject({ step: "drop-requested", next: { status: "AGREED", dropRequestedBy: "CCG" } });
    expect(() => rules.drop(asked.next, "CCG")).toThrow(/already asked/);
    expect(rules.drop(asked.next, "AREA_TEAM")).toMatchObject({ step: "dropped", next: { status: "DROPPED" } });
  });

  it("lets either side withdraw or decline a proposal that nobody else has agreed", () => {
    expect(rules.drop(rules.proposed("CCG"), "AREA_TEAM").next.status).toBe("DROPPED");
    expect(rules.drop(rules.proposed("CCG"), "CCG").next.status).toBe("DROPPED");
  });

  it("refuses any change to a finished action", () => {
    const done = rules.done(rules.agree(rules.proposed("CCG"), "AREA_TEAM").next).next;
    expect(() => rules.edit(done, "CCG")).toThrow(/no longer be changed/);
    expect(() => rules.agree(done, "AREA_TEAM")).toThrow(DomainError);
    expect(() => rules.drop(done, "AREA_TEAM")).toThrow(/already done/);
  });
});
