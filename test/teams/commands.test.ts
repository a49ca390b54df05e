// Every command typed to the bot in Teams: personal chat ("status 02N") and channels ("@Plan Dialogue status 02N"),
// answered as Adaptive Cards through the fake Bot Connector; discussions become channel posts with threads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, cardOf, cardText, startHarness, users, type Harness, type Where } from "./harness";

let h: Harness;
const personal = (user: (typeof users)[keyof typeof users]): Where => ({ kind: "personal", user });
const channel: Where = { kind: "channel", channelName: "02N planning" };

/** The text of the last card the bot sent to a conversation. */
function lastReplyTo(conversationId: string): string {
  const sends = h.connector.sends().filter((s) => s.conversationId === conversationId);
  if (!sends.length) throw new Error(`nothing sent to ${conversationId}`);
  return cardText(cardOf(sends.at(-1)!));
}
const personalId = (u: (typeof users)[keyof typeof users]) => `a:personal-${u.aadObjectId}`;

async function ask(user: (typeof users)[keyof typeof users], text: string): Promise<string> {
  const before = h.connector.sends().length;
  const res = await h.say(user, text, personal(user));
  expect(res.status).toBe(200);
  expect(h.connector.sends().length).toBeGreaterThan(before);
  return lastReplyTo(personalId(user));
}

beforeAll(async () => {
  h = await startHarness();
  await h.register(users.jo, "02N", "ADMIN");
  await h.register(users.sam, "Q52", "ADMIN");
  await h.register(users.alex, "02W");
});
afterAll(() => h.close());

describe("commands typed in Teams", () => {
  it("help lists every command; an unknown word gets a helpful error", async () => {
    const help = await ask(users.newcomer, "help");
    for (const name of [
      "status",
      "discuss",
      "action",
      "agree",
      "done",
      "drop",
      "edit",
      "history",
      "actions",
      "deadlines",
      "link",
      "member",
      "whoami",
    ]) {
      expect(help).toContain(name);
    }
    expect(await ask(users.newcomer, "help action")).toContain("action ‹D12› ‹what›");
    expect(await ask(users.newcomer, "frobnicate")).toMatch(/I don't know the command "frobnicate"/);
  });

  it("whoami tells a stranger how to get an organisation, and a member which one they act for", async () => {
    expect(await ask(users.newcomer, "whoami")).toMatch(/I don't know which organisation you act for yet/);
    expect(await ask(users.newcomer, "whoami")).toContain("teams tenant-ccg-02n aad-new-0005");
    expect(await ask(users.jo, "whoami")).toMatch(/02N NHS Airedale/);
  });

  it("status answers in a personal chat and, mentioned, in a channel; a typo gets suggestions", async () => {
    const personalStatus = await ask(users.newcomer, "status 02N");
    expect(personalStatus).toMatch(/02N NHS Airedale, Wharfedale and Craven CCG/);
    expect(personalStatus).toMatch(/RED|AMBER|GREEN/);
    expect(personalStatus).toContain("Demo data");

    const res = await h.say(users.jo, "status 02N ae_4hr", channel);
    expect(res.status).toBe(200);
    expect(lastReplyTo(CHANNEL)).toMatch(/A&E/);

    expect(await ask(users.newcomer, "status Airdale")).toMatch(/Did you mean 02N/);
  });

  it("link makes a channel an organisation's home and keeps its conversation reference for later sends", async () => {
    await h.say(users.jo, "link 02N", channel);
    expect(lastReplyTo(CHANNEL)).toMatch(/This channel is now linked to 02N/);
    const links = await h.core.links.channelsOf(["02N"]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ platform: "TEAMS", channelId: CHANNEL, channelName: "02N planning" });
    expect(links[0]!.conversationRef).toEqual({
      serviceUrl: h.serviceUrl.replace(/\/$/, ""),
      conversationId: CHANNEL,
      botId: expect.stringMatching(/^28:/),
      tenantId: "tenant-ccg-02n",
      conversationType: "channel",
    });
    // a member can't
    await h.say(users.alex, "link 02W", channel);
    expect(lastReplyTo(CHANNEL)).toMatch(/Only an admin of 02W can link a channel/);
  });

  it("member, with an @mention, records what a colleague acts for by their Entra id", async () => {
    const msg = h.message(users.jo, "member <at>Kim Lee</at> 02N", channel);
    (msg.entities as unknown[]).push({
      type: "mention",
      text: "<at>Kim Lee</at>",
      mentioned: { id: users.kim.id, name: "Kim Lee" },
    });
    msg.text = "<at>Plan Dialogue</at> member <at>Kim Lee</at> 02N";
    await h.post(msg);
    await h.channel.drain();
    expect(lastReplyTo(CHANNEL)).toMatch(/now acts for 02N/);
    expect(h.connector.calls.some((c) => c.kind === "member" && c.activityId === users.kim.id)).toBe(true);
    expect(await ask(users.kim, "whoami")).toMatch(/Kim Lee[\s\S]*02N/);
  });

  it("a discussion opened in a channel becomes a post of its own, whose replies are the thread", async () => {
    const before = h.connector.sends().length;
    await h.say(users.jo, "discuss 02N A&E 4-hour recovery ae_4hr", channel);
    const sends = h.connector.sends().slice(before);
    const root = sends.find(
      (s) => s.conversationId === CHANNEL && cardText(cardOf(s)).includes("D1 · 02N · A&E 4-hour recovery"),
    );
    expect(root).toBeDefined();
    // the root card names the CCG and the area team, not only their codes
    expect(cardText(cardOf(root!))).toMatch(/^Area team\nQ52 \S.*area team/im);
    expect(cardText(cardOf(root!))).toMatch(/^CCG\n02N NHS Airedale/m);
    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(d).toMatchObject({
      threadPlatform: "TEAMS",
      threadChannel: CHANNEL,
      threadRootId: root!.activityId,
      threadTenantId: "tenant-ccg-02n",
    });
    expect(lastReplyTo(CHANNEL)).toMatch(/Opened D1 with 02N/);
    expect(await ask(users.sam, "discussions")).toContain("D1 02N · A&E 4-hour recovery");
  });

  it("an action proposed from a personal chat is posted in the discussion's thread too", async () => {
    const reply = await ask(users.jo, "action D1 Publish the recovery plan owner Jo Smith due 10 Jan");
    expect(reply).toMatch(/A1 · Publish the recovery plan/);
    expect(reply).toMatch(/waiting for the area team to agree/);
    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    const thread = `${CHANNEL};messageid=${d.threadRootId}`;
    const inThread = h.connector.sends().filter((s) => s.conversationId === thread);
    expect(inThread).toHaveLength(1);
    expect(cardText(cardOf(inThread[0]!))).toMatch(/Proposed action[\s\S]*A1 · Publish the recovery plan/);
    const action = await h.core.prisma.action.findUniqueOrThrow({ where: { id: 1 } });
    expect(action.messageRef).toMatchObject({ TEAMS: { activityId: inThread[0]!.activityId, rootId: d.threadRootId } });
    // the root card counts it
    const rootUpdate = h.connector
      .updates()
      .filter((u) => u.activityId === d.threadRootId)
      .at(-1);
    expect(cardText(cardOf(rootUpdate!))).toContain("0 agreed, 1 waiting for agreement, 0 done");
  });

  it("agree, edit, done and history, typed anywhere, keep the thread's card up to date", async () => {
    const action = await h.core.prisma.action.findUniqueOrThrow({ where: { id: 1 } });
    const cardId = (action.messageRef as { TEAMS: { activityId: string } }).TEAMS.activityId;
    const lastCard = () =>
      cardText(
        cardOf(
          h.connector
            .updates()
            .filter((u) => u.activityId === cardId)
            .at(-1)!,
        ),
      );

    expect(await ask(users.kim, "agree A1")).toMatch(/Your side has already agreed this action/);
    expect(await ask(users.alex, "agree A1")).toMatch(/Only 02N and its area team Q52 can/);

    expect(await ask(users.sam, "agree A1")).toMatch(/Agreed by both sides/);
    expect(lastCard()).toMatch(/Agreed action[\s\S]*Agreed by both sides/);

    expect(await ask(users.sam, "edit A1 due 17 Jan")).toMatch(/back to proposed/);
    expect(lastCard()).toMatch(/Proposed action[\s\S]*Fri 17 Jan 2014[\s\S]*waiting for the CCG to agree/);

    await ask(users.jo, "agree A1");
    expect(await ask(users.kim, "done A1")).toMatch(/Status[\s\S]*Done/);
    expect(lastCard()).toMatch(/^Done/);

    const history = await ask(users.sam, "history A1");
    expect(history).toMatch(/proposed[\s\S]*agreed[\s\S]*edited[\s\S]*agreed[\s\S]*done/);
    expect(await ask(users.jo, "actions all")).toContain("A1 Publish the recovery plan");
  });

  it("drop: a proposal declined by the other side is dropped", async () => {
    await ask(users.jo, "action D1 Share the RTT trajectory");
    expect(await ask(users.sam, "drop A2")).toMatch(/Dropped/);
    expect(await ask(users.jo, "actions")).toMatch(/No open actions/);
  });

  it("close posts the summary in the thread and closes the root card", async () => {
    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(await ask(users.sam, "close D1 Plan agreed; review in March")).toMatch(/Plan agreed; review in March/);
    const thread = `${CHANNEL};messageid=${d.threadRootId}`;
    expect(lastReplyTo(thread)).toMatch(/Sam Patel closed D1/);
    const root = h.connector
      .updates()
      .filter((u) => u.activityId === d.threadRootId)
      .at(-1)!;
    expect(cardText(cardOf(root))).toMatch(/Closed/);
    expect(cardText(cardOf(root))).not.toContain("Propose an action");
  });

  it("deadlines lists what is coming; an admin adds one", async () => {
    expect(await ask(users.newcomer, "deadlines")).toMatch(/Deadlines — national/);
    expect(await ask(users.jo, "deadline add 02N Board sign-off of the plan due 2014-01-10 at 12:00")).toMatch(
      /Deadline added/,
    );
    expect(await ask(users.jo, "deadlines")).toMatch(/Board sign-off of the plan/);
  });

  it("a message Teams delivers twice is answered once", async () => {
    const msg = h.message(users.jo, "whoami", personal(users.jo));
    const before = h.connector.sends().length;
    await h.post(msg);
    await h.post(msg);
    await h.channel.drain();
    expect(h.connector.sends().length).toBe(before + 1);
  });

  it("messages in a discussion thread are kept with the discussion", async () => {
    // Sam of the area team, from his own tenant, in the CCG's channel (registered as Q52's admin above)
    await h.say(users.sam, "discuss 02N Referral to treatment", channel);
    const d = await h.core.prisma.discussion.findUniqueOrThrow({ where: { id: 2 } });
    await h.say(users.jo, "discussions", { kind: "channel", rootId: d.threadRootId!, channelName: "02N planning" });
    const kept = await h.core.prisma.discussionMessage.findMany({ where: { discussionId: 2 } });
    expect(kept.map((m) => [m.authorName, m.text])).toEqual([["Jo Smith", "discussions"]]);
  });
});
