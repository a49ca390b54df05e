// What people type reaches the core as they typed it, and what others see can't be turned into Slack markup:
// Slack's entity escaping is undone once at the edge; the bot's own mention is the only one removed; a replayed modal submission acts once; names come from
// users.info, not from the deprecated `user_name`. (The escaping of what the bot sends: rendering.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { logger } from "../../src/logging/logger";
import { SlackDirectory } from "../../src/slack/directory";
import { invocationOf } from "../../src/slack/invocation";
import { sign, SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N admin
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "ADMIN");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
});
afterAll(() => world.stop());

describe("Slack's escaping is undone once, at the edge", () => {
  it("`discuss 02N A&amp;E recovery` stores `A&E recovery`; Block Kit shows `A&amp;E` once", async () => {
    const before = world.mark();
    await world.plan(jo, "discuss 02N A&amp;E recovery"); // what Slack sends when someone types "A&E"
    const root = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => textOf(m).includes("recovery")),
    );
    const d = await world.prisma.discussion.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(d.topic).toBe("A&E recovery");
    expect(root.text).toContain("A&amp;E recovery");
    const strings = world.stringsSince(before).map((s) => s.value);
    expect(strings.some((s) => s.includes("A&amp;E recovery"))).toBe(true);
    expect(strings.filter((s) => s.includes("&amp;amp;"))).toEqual([]);
  });

  it("an @mention's and a thread reply's text are unescaped too", async () => {
    await world.eventBy(jo, {
      type: "app_mention",
      text: "<@UBOT> discuss 02N Beds &amp; flow",
      channel: "C02N",
      ts: "1.1",
    });
    const d = await world.waitFor(() =>
      world.prisma.discussion.findFirst({ where: { topic: { startsWith: "Beds" } } }),
    );
    expect(d.topic).toBe("Beds & flow");
    await world.settle();
    const thread = await world.prisma.discussion.findUniqueOrThrow({ where: { id: d.id } });
    await world.eventBy(sam, {
      type: "message",
      channel: "C02N",
      text: "Fine if &lt;50 beds &amp; by Friday",
      ts: "1900.2",
      thread_ts: thread.threadRootId,
    });
    const kept = await world.waitFor(() => world.prisma.discussionMessage.findFirst({ where: { discussionId: d.id } }));
    expect(kept.text).toBe("Fine if <50 beds & by Friday");
  });
});

describe("an @mention keeps every mention but the bot's own", () => {
  it("`@Plan Dialogue member <@UNEW> 02N` by an admin registers UNEW", async () => {
    world.knownToSlack({ teamId: "T1", userId: "UNEW", name: "new" }, "Nia Ewart");
    const posts = world.fake.callsTo("chat.postMessage").length;
    await world.eventBy(jo, { type: "app_mention", text: "<@UBOT> member <@UNEW> 02N", channel: "C02N", ts: "1.2" });
    const reply = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[posts]);
    expect(textOf(reply)).toMatch(/now acts for 02N/);
    const identity = await world.prisma.platformIdentity.findFirst({
      where: { platform: "SLACK", userId: "UNEW" },
      include: { person: true },
    });
    expect(identity?.person.organisationCode).toBe("02N");
  });
});

describe("a modal submission replayed within the signing window", () => {
  it("three identical signed view_submissions make one action", async () => {
    const d = await world.prisma.discussion.findFirstOrThrow({ orderBy: { id: "asc" } });
    const before = await world.prisma.action.count();
    const body = world.viewSubmission(
      sam,
      {
        id: "VREPLAY",
        hash: "1700000001.replay",
        callback_id: "action_modal",
        private_metadata: JSON.stringify({ mode: "propose", discussionId: d.id, channelId: "C02N" }),
        state: {
          values: {
            text: { value: { type: "plain_text_input", value: "Send the recovery trajectory" } },
            owner: { value: { type: "plain_text_input", value: "" } },
            due: { value: { type: "plain_text_input", value: "" } },
          },
        },
      },
      { triggerId: "1337.replayed" },
    );
    const form = `payload=${encodeURIComponent(body)}`;
    for (let i = 0; i < 3; i++) {
      const res = await world.post(form, "application/x-www-form-urlencoded", sign(form));
      expect(res.status).toBe(200);
    }
    await world.settle();
    expect(await world.prisma.action.count()).toBe(before + 1);
  });
});

describe("names come from Slack's profile (users.info), not the deprecated user_name", () => {
  it("registered `Jo Smith` stays `Jo Smith` after a command whose user_name is `jo`", async () => {
    await world.plan(jo, "whoami");
    const person = await world.prisma.person.findFirstOrThrow({
      where: { identities: { some: { platform: "SLACK", userId: "UJO" } } },
    });
    expect(person.displayName).toBe("Jo Smith");
  });

  it("someone first seen through a mapped workspace is named as Slack names them", async () => {
    await world.prisma.tenantLink.create({ data: { platform: "SLACK", tenantId: "T3", organisationCode: "02N" } });
    const lee: SlackUser = { teamId: "T3", userId: "ULEE", name: "lee" };
    world.knownToSlack(lee, "Lee Ahmed", "Lee A.");
    const { answer } = await world.plan(lee, "whoami");
    expect(textOf(answer)).toMatch(/\*You\*\nLee A\./);
    const users = world.fake.callsTo("users.info").filter((c) => c.user === "ULEE").length;
    await world.plan(lee, "whoami");
    expect(world.fake.callsTo("users.info").filter((c) => c.user === "ULEE").length).toBe(users); // cached
  });
});

describe("every Slack invocation can look up a named user (lookupUser, for `member`)", () => {
  it("answers with the user's own workspace and name from users.info, or null when Slack doesn't know them", async () => {
    const client = new WebClient("xoxb-test-token", { slackApiUrl: world.fake.apiUrl });
    const invocation = await invocationOf(
      { client, directory: new SlackDirectory(logger) },
      { person: { teamId: "T1", userId: "UJO", from: "user.team_id" }, hostTeamId: "T1", channelId: "C02N" },
    );
    expect(invocation.user).toEqual({ platform: "SLACK", tenantId: "T1", userId: "UJO", displayName: "Jo Smith" });
    expect(await invocation.lookupUser?.("USAM")).toEqual({ tenantId: "T2", displayName: "Sam Patel" });
    expect(await invocation.lookupUser?.("UNOBODY")).toBeNull();
  });
});
