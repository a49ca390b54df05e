// The dialogue on Slack: a CCG opens a discussion, proposes an action in its thread, the area team agrees
// with a button, the card updates in place, it is done — and retried deliveries create nothing twice.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N, in the CCG's workspace
const kim: SlackUser = { teamId: "T1", userId: "UKIM", name: "kim" }; // 02N colleague
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52, area team, own workspace (Slack Connect)

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
  await world.register(kim, "Kim Lee", "02N", "MEMBER");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
});
afterAll(() => world.stop());

describe("a discussion on Slack", () => {
  let rootTs = "";

  it("opens with a root message in the channel and keeps its thread", async () => {
    const trigger = randomUUID();
    await world.plan(jo, "discuss 02N A&E 4-hour recovery ae_4hr", "C02N", { triggerId: trigger });
    const root = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => textOf(m).includes("D1 · 02N")),
    );
    expect(root.channel).toBe("C02N");
    await world.settle(); // the thread is attached right after the root message is posted
    const stored = await world.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(stored).toMatchObject({ threadPlatform: "SLACK", threadChannel: "C02N", indicatorCodes: ["ae_4hr"] });
    rootTs = stored.threadRootId!;

    // Slack re-sends the same command (same trigger id): no second discussion.
    const retry = await world.plan(jo, "discuss 02N A&E 4-hour recovery ae_4hr", "C02N", {
      triggerId: trigger,
      retry: 1,
    });
    expect(retry.status).toBe(200);
    await world.settle();
    expect(await world.prisma.discussion.count()).toBe(1);
  });

  it("posts a proposed action in the thread; a colleague's Agree is refused privately and changes nothing", async () => {
    await world.plan(jo, "action D1 Publish the recovery plan owner Jo Smith due 10 Jan");
    const card = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => textOf(m).includes("A1 · Publish the recovery plan")),
    );
    expect(card.thread_ts).toBe(rootTs);
    expect(textOf(card)).toMatch(/waiting for the area team to agree/);

    const ephemerals = world.fake.callsTo("chat.postEphemeral").length;
    await world.click(kim, "action.agree", { actionId: 1 });
    const refusal = await world.waitFor(() => world.fake.callsTo("chat.postEphemeral")[ephemerals]);
    expect(refusal.user).toBe("UKIM");
    expect(textOf(refusal)).toMatch(/Your side has already agreed this action; it needs the area team/);
    expect((await world.prisma.action.findUniqueOrThrow({ where: { id: 1 } })).status).toBe("PROPOSED");
  });

  it("the area team agrees with the button: the card updates in place and the root counts it", async () => {
    const updates = world.fake.callsTo("chat.update").length;
    const trigger = randomUUID();
    await world.click(sam, "action.agree", { actionId: 1 }, "C02N", trigger);
    const updated = await world.waitFor(() =>
      world.fake
        .callsTo("chat.update")
        .slice(updates)
        .find((u) => textOf(u).includes("A1 ·")),
    );
    expect(textOf(updated)).toMatch(/Agreed by both sides/);
    const root = await world.waitFor(() =>
      world.fake
        .callsTo("chat.update")
        .slice(updates)
        .find((u) => u.ts === rootTs),
    );
    expect(textOf(root)).toMatch(/1 agreed, 0 waiting for agreement, 0 done/);

    // The same click delivered twice agrees nothing twice.
    await world.click(sam, "action.agree", { actionId: 1 }, "C02N", trigger);
    await world.settle();
    expect(await world.prisma.actionEvent.count({ where: { actionId: 1, kind: "agreed" } })).toBe(1);
  });

  it("marks it done from the card", async () => {
    const updates = world.fake.callsTo("chat.update").length;
    await world.click(jo, "action.done", { actionId: 1 });
    const updated = await world.waitFor(() =>
      world.fake
        .callsTo("chat.update")
        .slice(updates)
        .find((u) => textOf(u).includes("A1 ·")),
    );
    expect(textOf(updated)).toMatch(/\*Status\*\nDone/);
  });

  it("ignores a button whose value was tampered with", async () => {
    const before = await world.prisma.actionEvent.count();
    await world.click(sam, "action.drop", { actionId: "1; DROP TABLE" });
    await world.settle();
    expect(await world.prisma.actionEvent.count()).toBe(before);
  });

  it("proposes through the modal: a loading view at once, then the form; bad fields are shown in place", async () => {
    const opened = world.fake.callsTo("views.open").length;
    await world.click(sam, "discussion.propose", { discussionId: 1 });
    await world.waitFor(() => world.fake.callsTo("views.open")[opened]);
    const form = await world.waitFor(() =>
      world.fake.callsTo("views.update").find((v) => textOf(v).includes("Propose an action")),
    );
    const view = form.view as { private_metadata: string; callback_id: string };
    const values = (text: string, due: string) => ({
      text: { value: { type: "plain_text_input", value: text } },
      owner: { value: { type: "plain_text_input", value: "" } },
      due: { value: { type: "plain_text_input", value: due } },
    });
    const bad = await world.submitView(sam, {
      id: "V1",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: values("", "blursday") },
    });
    const errors = await bad.json();
    expect(errors).toMatchObject({
      response_action: "errors",
      errors: { text: "Say what will be done.", due: expect.stringMatching(/could not read "blursday"/) },
    });
    expect(await world.prisma.action.count()).toBe(1);

    const good = await world.submitView(sam, {
      id: "V1",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: values('Share the "winter" activity model', "next Friday") },
    });
    expect(good.status).toBe(200);
    await world.settle();
    const action = await world.prisma.action.findUniqueOrThrow({ where: { id: 2 } });
    expect(action).toMatchObject({
      text: "Share the 'winter' activity model",
      proposedByParty: "AREA_TEAM",
      status: "PROPOSED",
    });
  });

  it("logs an action from a thread message with the shortcut, prefilled", async () => {
    const payload = {
      type: "message_action",
      callback_id: "log_action",
      team: { id: "T1", domain: "nhs" },
      user: { id: "UJO", username: "jo", name: "jo", team_id: "T1" },
      channel: { id: "C02N", name: "planning" },
      is_ext_shared_channel: true,
      message: {
        type: "message",
        text: "We'll send the revised trajectory by Friday",
        ts: "1800.5",
        thread_ts: rootTs,
        user: "UJO",
      },
      trigger_id: randomUUID(),
      response_url: world.fake.responseUrl("s"),
      token: "legacy",
      api_app_id: "A1",
      message_ts: "1800.5",
    };
    const updates = world.fake.callsTo("views.update").length;
    await world.signedForm({ payload: JSON.stringify(payload) });
    const form = await world.waitFor(() => world.fake.callsTo("views.update")[updates]);
    expect(textOf(form)).toMatch(/We'll send the revised trajectory by Friday/);
    expect(textOf(form)).toMatch(/A new action in D1/);
  });

  it("keeps thread replies with the discussion, once each", async () => {
    const message = {
      type: "message",
      channel: "C02N",
      user: "USAM",
      text: "Agreed in principle",
      ts: "1900.1",
      thread_ts: rootTs,
    };
    // sam, from the area team's workspace, in the CCG's Slack Connect channel: the same delivery twice
    await world.eventBy(sam, message, { eventId: "EvSame" });
    await world.eventBy(sam, message, { eventId: "EvSame" });
    await world.settle();
    expect(await world.prisma.discussionMessage.count({ where: { discussionId: 1 } })).toBe(1);
    // kept under the name sam is registered with, and as sam: not as Slack's user id
    const kept = await world.prisma.discussionMessage.findFirstOrThrow({ where: { platformMessageId: "1900.1" } });
    const samPerson = await world.prisma.platformIdentity.findFirstOrThrow({ where: { userId: "USAM" } });
    expect(kept).toMatchObject({ authorName: "Sam Patel", personId: samPerson.personId });
  });

  it("a thread reply by someone not registered is kept under Slack's display name, and by no one known to Slack as 'someone'", async () => {
    const ria: SlackUser = { teamId: "T2", userId: "URIA", name: "ria" };
    world.knownToSlack(ria, "Ria Khan", "Ria K");
    const reply = (user: string, ts: string) => ({
      type: "message",
      channel: "C02N",
      user,
      text: "Noted",
      ts,
      thread_ts: rootTs,
    });
    await world.eventBy(ria, reply("URIA", "1900.2"));
    await world.eventBy({ teamId: "T2", userId: "UGHOST", name: "ghost" }, reply("UGHOST", "1900.3"));
    const kept = await world.waitFor(async () => {
      const rows = await world.prisma.discussionMessage.findMany({
        where: { platformMessageId: { in: ["1900.2", "1900.3"] } },
        orderBy: { platformMessageId: "asc" },
      });
      return rows.length === 2 && rows;
    });
    expect(kept.map((m) => [m.authorName, m.personId])).toEqual([
      ["Ria K", null],
      ["someone", null],
    ]);
  });
});
