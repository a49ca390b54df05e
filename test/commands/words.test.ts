import { describe, expect, it } from "vitest";
import { actionKeywords, parseUserMention, splitWords, takeKeywords } from "../../commands/words";

describe("reading what people type", () => {
  it("keeps quoted phrases and Slack escapes whole", () => {
    expect(splitWords(`action D1 "publish plan" owner <@U123|Jo Smith> in <#C9|planning>`)).toEqual([
      "action",
      "D1",
      "publish plan",
      "owner",
      "<@U123|Jo Smith>",
      "in",
      "<#C9|planning>",
    ]);
  });
  it("takes owner and due off the end in either order", () => {
    const words = "Publish the plan due 25 Jan owner Jo Smith".split(" ");
    expect(takeKeywords(words, ["owner", "due"] as const)).toEqual({
      rest: ["Publish", "the", "plan"],
      found: { owner: "Jo Smith", due: "25 Jan" },
    });
  });
  it("accepts keywords with a colon and ignores words that only contain them", () => {
    const words = "Chase overdue returns owner: Sam".split(" ");
    expect(takeKeywords(words, ["owner", "due"] as const)).toEqual({
      rest: ["Chase", "overdue", "returns"],
      found: { owner: "Sam" },
    });
  });
  it("reads owner and due only where they make sense: the last one whose value is a name or a date", () => {
    const take = (line: string) => takeKeywords(line.split(" "), ["owner", "due"] as const, actionKeywords);
    expect(take("Confirm the new owner of the 111 contract due 25 Jan")).toEqual({
      rest: "Confirm the new owner of the 111 contract".split(" "),
      found: { due: "25 Jan" },
    });
    expect(take("Review cases due to winter pressure")).toEqual({
      rest: "Review cases due to winter pressure".split(" "),
      found: {},
    });
    expect(take("Review cases due to winter pressure owner Jo due in 2 weeks")).toEqual({
      rest: "Review cases due to winter pressure".split(" "),
      found: { owner: "Jo", due: "in 2 weeks" },
    });
  });
  it("reads Slack user mentions", () => {
    expect(parseUserMention("<@U123|jo>")).toEqual({ userId: "U123", name: "jo" });
    expect(parseUserMention("@jo")).toBeNull();
  });
});
