// Slack Connect: CCG 02N in workspace T1 and its area team Q52 in workspace T2 share one channel, hosted by T1.
// Slack's payloads then name two workspaces: the host (team.id of a click, team_id of an event) and the person's own
// (user.team_id, event.user_team). Who acts is the person's own, on every path; an area-team person clicking in the
// CCG's channel still acts for the area team, so they cannot agree the area team's own proposal for the CCG.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const CHANNEL = "CSHARED"; // hosted by T1 (the CCG's workspace), shared with T2
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N, CCG, host workspace
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52, area team, from the other workspace

const statusOf = async (id: number) => (await world.prisma.action.findUniqueOrThrow({ where: { id } })).status;
const eventCount = (actionId: number) => world.prisma.actionEvent.count({ where: { actionId } });

/** The newest ephemeral message to a user after `before` calls. */
const ephemeralTo = (user: SlackUser, before: number) =>
  world.waitFor(() =>
    world.fake
      .callsTo("chat.postEphemeral")
      .slice(before)
      .find((m) => m.user === user.userId),
  );

beforeAll(async () => {
  await world.start();
  // Each side's whole workspace acts for its organisation; people are registered on first use.
  await world.prisma.tenantLink.createMany({
    data: [
      { platform: "SLACK", tenantId: "T1", organisationCode: "02N" },
      { platform: "SLACK", tenantId: "T2", organisationCode: "Q52" },
    ],
  });
  world.knownToSlack(jo, "Jo Smith");
  world.knownToSlack(sam, "Sam Patel");
  await world.plan(jo, "discuss 02N Winter resilience", CHANNEL);
  await world.plan(jo, "action D1 Publish the winter plan", CHANNEL); // A1, the CCG's
  await world.plan(sam, "action D1 Share the activity model", CHANNEL); // A2, the area team's
});
afterAll(() => world.stop());

describe("Slack Connect: each side acts for its own organisation in a shared channel", () => {
  it("the proposals are each side's own", async () => {
    expect(await world.prisma.action.findMany({ orderBy: { id: "asc" }, select: { proposedByParty: true } })).toEqual([
      { proposedByParty: "CCG" },
      { proposedByParty: "AREA_TEAM" },
    ]);
  });

  it("the area team's Agree on its own proposal, clicked in the CCG's channel, is refused and changes nothing", async () => {
    const events = await eventCount(2);
    const ephemerals = world.fake.callsTo("chat.postEphemeral").length;
    await world.click(sam, "action.agree", { actionId: 2 }, CHANNEL); // team.id T1 (host), user.team_id T2
    const refusal = await ephemeralTo(sam, ephemerals);
    expect(textOf(refusal)).toMatch(/Your side has already agreed this action; it needs the CCG to agree/);
    expect(await statusOf(2)).toBe("PROPOSED");
    expect(await eventCount(2)).toBe(events);
    // sam is not made a member of the host's CCG by clicking there
    expect(await world.prisma.platformIdentity.findMany({ where: { userId: "USAM" } })).toEqual([
      expect.objectContaining({ tenantId: "T2" }),
    ]);
  });

  it("the same through an Enterprise Grid org install (team: null): still the person's own workspace", async () => {
    const events = await eventCount(2);
    const ephemerals = world.fake.callsTo("chat.postEphemeral").length;
    await world.click(sam, "action.agree", { actionId: 2 }, CHANNEL, undefined, { grid: "E1" });
    expect(textOf(await ephemeralTo(sam, ephemerals))).toMatch(/it needs the CCG to agree/);
    expect(await statusOf(2)).toBe("PROPOSED");
    expect(await eventCount(2)).toBe(events);
  });

  it("…and through `/plan agree`", async () => {
    const events = await eventCount(2);
    const { answer } = await world.plan(sam, "agree A2", CHANNEL);
    expect(textOf(answer)).toMatch(/it needs the CCG to agree/);
    expect(await statusOf(2)).toBe("PROPOSED");
    expect(await eventCount(2)).toBe(events);
  });

  it("…and through an @mention in the shared channel", async () => {
    const events = await eventCount(2);
    const posts = world.fake.callsTo("chat.postMessage").length;
    await world.eventBy(sam, {
      type: "app_mention",
      text: "<@UBOT> agree A2",
      channel: CHANNEL,
      ts: "1800.1",
    });
    const reply = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[posts]);
    expect(textOf(reply)).toMatch(/it needs the CCG to agree/);
    expect(await statusOf(2)).toBe("PROPOSED");
    expect(await eventCount(2)).toBe(events);
  });

  it("a proposal through the modal by the area team is the area team's, and its own Agree is refused", async () => {
    const opened = world.fake.callsTo("views.update").length;
    await world.click(sam, "discussion.propose", { discussionId: 1 }, CHANNEL);
    const form = await world.waitFor(() => world.fake.callsTo("views.update")[opened]);
    const view = form.view as { private_metadata: string; callback_id: string };
    const res = await world.submitView(sam, {
      id: "VSAM",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: {
        values: {
          text: { value: { type: "plain_text_input", value: "Review the bed model" } },
          owner: { value: { type: "plain_text_input", value: "" } },
          due: { value: { type: "plain_text_input", value: "" } },
        },
      },
    });
    expect(res.status).toBe(200);
    const a3 = await world.waitFor(async () => world.prisma.action.findUnique({ where: { id: 3 } }));
    expect(a3).toMatchObject({ text: "Review the bed model", proposedByParty: "AREA_TEAM", status: "PROPOSED" });

    const ephemerals = world.fake.callsTo("chat.postEphemeral").length;
    await world.click(sam, "action.agree", { actionId: 3 }, CHANNEL);
    expect(textOf(await ephemeralTo(sam, ephemerals))).toMatch(/it needs the CCG to agree/);
    expect(await statusOf(3)).toBe("PROPOSED");
  });

  it("only the other side's agreement makes it agreed", async () => {
    await world.click(jo, "action.agree", { actionId: 2 }, CHANNEL); // the CCG agrees the area team's proposal
    await world.waitFor(async () => (await statusOf(2)) === "AGREED", "A2 agreed");
    await world.click(sam, "action.agree", { actionId: 1 }, CHANNEL); // the area team agrees the CCG's, from T2
    await world.waitFor(async () => (await statusOf(1)) === "AGREED", "A1 agreed");
    const agreed = await world.prisma.actionEvent.findMany({
      where: { kind: "agreed" },
      orderBy: { id: "asc" },
      select: { actionId: true, party: true },
    });
    expect(agreed).toEqual([
      { actionId: 2, party: "CCG" },
      { actionId: 1, party: "AREA_TEAM" },
    ]);
  });

  it("`whoami` by @mention from the area team's person answers the area team", async () => {
    const posts = world.fake.callsTo("chat.postMessage").length;
    await world.eventBy(sam, { type: "app_mention", text: "<@UBOT> whoami", channel: CHANNEL, ts: "1800.2" });
    const reply = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[posts]);
    expect(textOf(reply)).toMatch(/\*Acting for\*\nQ52/);
    expect(textOf(reply)).toMatch(/\*Side\*\nArea team/);
    expect(textOf(reply)).toMatch(/Sam Patel/);
  });

  it("an event in the shared channel that doesn't say the person's workspace: unknown, never the host's", async () => {
    const posts = world.fake.callsTo("chat.postMessage").length;
    await world.eventBy(
      sam,
      { type: "app_mention", text: "<@UBOT> whoami", channel: CHANNEL, ts: "1800.3" },
      { personFields: false }, // no user_team, source_team or team: only the host's team_id in the envelope
    );
    const reply = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[posts]);
    expect(textOf(reply)).toMatch(/I don't know which organisation you act for yet/);
  });
});
