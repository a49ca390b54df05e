// How the first Slack admin is made: `npm run slack:grant` from the server's shell, then that admin registers others
// with `/plan member` in Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantSlack, parseSlackGrant } from "../../src/slack/grant";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" };

beforeAll(() => world.start());
afterAll(() => world.stop());

describe("npm run slack:grant", () => {
  it("reads <team id> <user id> <organisation> [role] [--name]", () => {
    expect(parseSlackGrant(["T1", "UJO", "02N", "admin", "--name", "Jo Smith"])).toEqual({
      teamId: "T1",
      userId: "UJO",
      organisation: "02N",
      role: "ADMIN",
      name: "Jo Smith",
    });
    expect(parseSlackGrant(["T1", "UJO", "Q52"])).toMatchObject({ role: "MEMBER" });
    expect(parseSlackGrant(["E1", "W123", "02N", "operator"])).toMatchObject({ teamId: "E1", role: "OPERATOR" });
    for (const bad of [
      [],
      ["T1", "UJO"],
      ["T1", "UJO", "02N", "boss"],
      ["jo", "UJO", "02N"],
      ["T1", "UJO", "02N", "--x"],
    ])
      expect(parseSlackGrant(bad)).toBeNull();
  });

  it("makes the first admin, who can then add people with `/plan member`", async () => {
    world.knownToSlack(jo, "Jo Smith");
    const said = await grantSlack(world.core, {
      teamId: "T1",
      userId: "UJO",
      organisation: "02N",
      role: "ADMIN",
      name: "Jo Smith",
    });
    expect(said).toMatch(/^Jo Smith \(Slack T1 UJO\) now acts for 02N .* as admin\.$/);
    world.knownToSlack({ teamId: "T1", userId: "UKIM", name: "kim" }, "Kim Lee");
    const { answer } = await world.plan(jo, "member <@UKIM|kim> 02N");
    expect(textOf(answer)).toMatch(/kim now acts for 02N/);
  });

  it("an unknown organisation is refused with the core's sentence", async () => {
    await expect(
      grantSlack(world.core, { teamId: "T1", userId: "UX", organisation: "ZZZ", role: "MEMBER" }),
    ).rejects.toThrow(/ZZZ/);
  });
});
