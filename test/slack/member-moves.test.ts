// `member` in one workspace holding people of several organisations: no organisation takes another's people, an
// operator can't be changed by an admin, every move is audited, and a person who moved can't agree an action for
// their new side after agreeing it for their old one. Signed slash commands into the real Bolt app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
// One workspace, T1, holds people of 02N, 02W (both CCGs of Q52) and of the area team Q52.
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N admin
const ria: SlackUser = { teamId: "T1", userId: "URIA", name: "ria" }; // 02W admin
const kim: SlackUser = { teamId: "T1", userId: "UKIM", name: "kim" }; // 02W member
const ops: SlackUser = { teamId: "T1", userId: "UOPS", name: "ops" }; // operator
const sam: SlackUser = { teamId: "T1", userId: "USAM", name: "sam" }; // Q52 admin
const ext: SlackUser = { teamId: "T9", userId: "UEXT", name: "ext" }; // someone of another workspace

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "ADMIN");
  await world.register(ria, "Ria Khan", "02W", "ADMIN");
  await world.register(kim, "Kim Lee", "02W", "MEMBER");
  await world.register(ops, "Ola Operator", "02N", "OPERATOR");
  await world.register(sam, "Sam Patel", "Q52", "ADMIN");
  world.knownToSlack(ext, "Eve Xu");
});
afterAll(() => world.stop());

const orgOf = async (u: SlackUser) =>
  (
    await world.prisma.platformIdentity.findUniqueOrThrow({
      where: { platform_tenantId_userId: { platform: "SLACK", tenantId: u.teamId, userId: u.userId } },
      include: { person: true },
    })
  ).person;
const answer = async (by: SlackUser, text: string) => textOf((await world.plan(by, text)).answer);

describe("member: who may change whom someone acts for", () => {
  it("an admin of 02N can't take 02W's member, nor 02W's admin, nor an operator; nothing changes", async () => {
    const audits = await world.prisma.membershipChange.count();
    expect(await answer(jo, "member <@UKIM> 02N")).toMatch(
      /Kim Lee acts for 02W; moving them to 02N needs someone who can speak for 02W too\. Nothing was changed\./,
    );
    expect(await answer(jo, "member <@URIA> 02N admin")).toMatch(/Ria Khan acts for 02W/);
    expect(await answer(jo, "member <@UOPS> 02N")).toMatch(/Ola Operator is an operator; only an operator can change/);
    expect((await orgOf(kim)).organisationCode).toBe("02W");
    expect(await orgOf(ria)).toMatchObject({ organisationCode: "02W", role: "ADMIN" });
    expect((await orgOf(ops)).role).toBe("OPERATOR");
    expect(await world.prisma.membershipChange.count()).toBe(audits);
  });

  it("an admin of 02W can't push their own member into 02N either", async () => {
    expect(await answer(ria, "member <@UKIM> 02N")).toMatch(/Only an admin of 02N can add members to 02N/);
    expect((await orgOf(kim)).organisationCode).toBe("02W");
  });

  it("the person named is registered under their own workspace (users.info), not the admin's", async () => {
    expect(await answer(jo, "member <@UEXT> 02N")).toMatch(/Eve Xu now acts for 02N/);
    expect((await orgOf(ext)).organisationCode).toBe("02N");
    expect(
      await world.prisma.platformIdentity.count({ where: { platform: "SLACK", tenantId: "T1", userId: "UEXT" } }),
    ).toBe(0);
  });

  it("a user Slack doesn't know is refused, and nobody is registered", async () => {
    expect(await answer(jo, "member <@UNOBODY> 02N")).toMatch(/I can't find <@UNOBODY> on slack; nothing was changed/);
    expect(await world.prisma.platformIdentity.count({ where: { userId: "UNOBODY" } })).toBe(0);
  });

  it("the area team's admin, who speaks for both CCGs, moves Kim to 02N; the move is audited", async () => {
    expect(await answer(sam, "member <@UKIM> 02N")).toMatch(/Kim Lee now acts for 02N/);
    const kimNow = await orgOf(kim);
    expect(kimNow.organisationCode).toBe("02N");
    const last = await world.prisma.membershipChange.findFirstOrThrow({
      where: { personId: kimNow.id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
    });
    expect(last).toMatchObject({
      fromOrganisationCode: "02W",
      toOrganisationCode: "02N",
      fromRole: "MEMBER",
      toRole: "MEMBER",
      byName: "Sam Patel",
    });
  });
});

describe("one person is never counted for both sides of an action", () => {
  it("someone who agreed for the CCG and then moved to the area team can't agree it for the area team", async () => {
    const lee: SlackUser = { teamId: "T1", userId: "ULEE", name: "lee" };
    await world.register(lee, "Lee Moss", "02N", "MEMBER");
    await world.plan(lee, "discuss 02N Elective waits");
    const d = await world.prisma.discussion.findFirstOrThrow({ orderBy: { id: "desc" } });
    await world.plan(lee, `action D${d.id} Publish the waiting list plan`);
    const a = await world.prisma.action.findFirstOrThrow({ orderBy: { id: "desc" } });
    // An operator moves Lee to the area team (a secondment, say).
    expect(await answer(ops, "member <@ULEE> Q52")).toMatch(/Lee Moss now acts for Q52/);
    const events = await world.prisma.actionEvent.count({ where: { actionId: a.id } });
    expect(await answer(lee, `agree A${a.id}`)).toMatch(
      /You already agreed this action for the CCG, so you can't also agree it for the area team/,
    );
    expect(await world.prisma.action.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ status: "PROPOSED" });
    expect(await world.prisma.actionEvent.count({ where: { actionId: a.id } })).toBe(events);
    // Someone else of the area team agrees: now it is agreed, by two people.
    expect(await answer(sam, `agree A${a.id}`)).toMatch(/Agreed by both sides/);
  });
});

describe("link workspace: a workspace that holds several organisations is never mapped to one", () => {
  it("an operator's `link workspace 02N` in T1 (people of 02N, 02W and Q52) is refused, saying whose; nothing is mapped", async () => {
    const said = await answer(ops, "link workspace 02N");
    expect(said).toMatch(
      /I won't map this whole workspace to 02N: people of 02N, 02W and Q52 are already registered in it/,
    );
    expect(said).toMatch(/Nothing was changed/);
    expect(await world.prisma.tenantLink.count()).toBe(0);
  });

  it("a workspace whose registered people are all of one organisation is mapped to it, and to no other", async () => {
    const op5: SlackUser = { teamId: "T5", userId: "UOP5", name: "op5" };
    await world.register(op5, "Omar Five", "02N", "OPERATOR");
    expect(await answer(op5, "link workspace Q52")).toMatch(/people of 02N are already registered in it/);
    expect(await world.prisma.tenantLink.count()).toBe(0);
    expect(await answer(op5, "link workspace 02N")).toMatch(/Everyone in this workspace now acts for 02N/);
    expect(await world.prisma.tenantLink.findMany({ select: { tenantId: true, organisationCode: true } })).toEqual([
      { tenantId: "T5", organisationCode: "02N" },
    ]);
  });
});
