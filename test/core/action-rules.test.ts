import { describe, expect, it } from "vitest";
import * as rules from "../../src/core/actions/rules";
import { DomainError } from "../../src/core/errors";

// Two people of the CCG (jo, kim) and one of the area team (sam).
const proposedByJo = () => rules.proposed("CCG", "jo");
const agreedBySam = () => rules.agree(proposedByJo(), "AREA_TEAM", "sam").next;

describe("agreed action state machine", () => {
  it("counts the proposer's side as agreed, and only the other side's agreement makes it agreed", () => {
    const s = proposedByJo();
    expect(s).toMatchObject({ status: "PROPOSED", ccgAgreedBy: "jo", areaTeamAgreedBy: null });
    expect(() => rules.agree(s, "CCG", "kim")).toThrow(DomainError);
    expect(rules.agree(s, "AREA_TEAM", "sam").next).toMatchObject({ status: "AGREED", areaTeamAgreedBy: "sam" });
  });

  it("never counts one person for both sides, whatever party they act for now", () => {
    // jo proposed for the CCG, then (moved, or known under both) tries to agree for the area team
    expect(() => rules.agree(proposedByJo(), "AREA_TEAM", "jo")).toThrow(
      /You already agreed this action for the CCG, so you can't also agree it for the area team/,
    );
    // after an edit by sam for the area team, sam can't agree it for the CCG either
    const edited = rules.edit(agreedBySam(), "AREA_TEAM", "sam").next;
    expect(() => rules.agree(edited, "CCG", "sam")).toThrow(DomainError);
    expect(rules.agree(edited, "CCG", "jo").next.status).toBe("AGREED");
  });

  it("sends an edited action back to proposed, agreed only by the editor", () => {
    const edited = rules.edit(agreedBySam(), "CCG", "kim");
    expect(edited.step).toBe("edited");
    expect(edited.next).toMatchObject({ status: "PROPOSED", ccgAgreedBy: "kim", areaTeamAgreedBy: null });
  });

  it("marks only agreed actions done", () => {
    expect(() => rules.done(proposedByJo())).toThrow(/Only an agreed action/);
    expect(rules.done(agreedBySam()).next.status).toBe("DONE");
  });

  it("drops an agreed action only when both sides ask", () => {
    const asked = rules.drop(agreedBySam(), "CCG");
    expect(asked).toMatchObject({ step: "drop-requested", next: { status: "AGREED", dropRequestedBy: "CCG" } });
    expect(() => rules.drop(asked.next, "CCG")).toThrow(/already asked/);
    expect(rules.drop(asked.next, "AREA_TEAM")).toMatchObject({ step: "dropped", next: { status: "DROPPED" } });
  });

  it("lets either side withdraw or decline a proposal that nobody else has agreed", () => {
    expect(rules.drop(proposedByJo(), "AREA_TEAM").next.status).toBe("DROPPED");
    expect(rules.drop(proposedByJo(), "CCG").next.status).toBe("DROPPED");
  });

  it("refuses any change to a finished action", () => {
    const done = rules.done(agreedBySam()).next;
    expect(() => rules.edit(done, "CCG", "jo")).toThrow(/no longer be changed/);
    expect(() => rules.agree(done, "AREA_TEAM", "sam")).toThrow(DomainError);
    expect(() => rules.drop(done, "AREA_TEAM")).toThrow(/already done/);
  });
});
