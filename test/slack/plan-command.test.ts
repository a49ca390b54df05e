// `/plan` end to end: signed request → real Bolt → core → database → answer on the (fake) Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands";
import { SlackWorld, sign, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" };
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" };

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "ADMIN");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
  // `member <@U999|kim>` names someone Slack knows (users.info), in jo's workspace
  world.knownToSlack({ teamId: "T1", userId: "U999", name: "kim" }, "Kim Lee");
});
afterAll(() => world.stop());

describe("/plan over HTTP", () => {
  it("answers Slack's URL verification", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "legacy" });
    const res = await world.post(body, "application/json", sign(body));
    expect(await res.text()).toContain("abc123");
  });

  it("acks at once and answers `status 02N` privately with RAG rows and a Share button", async () => {
    const started = Date.now();
    const { status, answer } = await world.plan(jo, "status 02N");
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer).toMatchObject({ response_type: "ephemeral" });
    const text = textOf(answer);
    expect(text).toMatch(/02N NHS Airedale, Wharfedale and Craven CCG/);
    expect(text).toMatch(/:red_circle:|:large_orange_circle:|:large_green_circle:/);
    expect(text).toMatch(/Demo data/);
    expect(text).toMatch(/^reply\.share$/m);
  });

  it("shares a status in the channel when the button is clicked", async () => {
    const before = world.fake.callsTo("chat.postMessage").length;
    await world.click(jo, "reply.share", { text: "status 02N" });
    const posted = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[before]);
    expect(posted.channel).toBe("C02N");
    expect(textOf(posted)).toMatch(/02N NHS Airedale/);
  });

  it("rejects forged, tampered, expired and unsigned requests with 401, and does nothing", async () => {
    const body = new URLSearchParams({
      command: "/plan",
      text: "discuss 02N forged",
      team_id: "T1",
      user_id: "UJO",
      channel_id: "C02N",
      trigger_id: "x",
      response_url: world.fake.responseUrl("f"),
    }).toString();
    const forged = await world.post(body, "application/x-www-form-urlencoded", sign(body, undefined, "wrong-secret"));
    const tampered = await world.post(
      body.replace("forged", "tampered"),
      "application/x-www-form-urlencoded",
      sign(body),
    );
    const expired = await world.post(
      body,
      "application/x-www-form-urlencoded",
      sign(body, Math.floor(Date.now() / 1000) - 6 * 60),
    );
    const unsigned = await world.post(body, "application/x-www-form-urlencoded", {});
    expect([forged.status, tampered.status, expired.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    await world.settle();
    expect(await world.prisma.discussion.count()).toBe(0);
  });

  it.each([
    ["", /Plan Dialogue/],
    ["frobnicate", /I don't know the command "frobnicate"/],
    ["x".repeat(4000), /commands can be at most 2000/],
    ["status Ynys Môn ☃︎ 🏥", /I don't know a CCG called "Ynys Môn ☃︎ 🏥"/],
    ["member <@U999|kim> 02N", /kim now acts for 02N/],
    ["member <@UNOBODY> 02N", /I can't find <@UNOBODY> on slack; nothing was changed/],
    ["link <#C123|planning>", /I don't know an organisation called "<#C123\|planning>"/],
    ["status <@U123|name>", /I don't know a CCG/],
  ])("`/plan %s` gets help or a precise error, never a 500", async (text, expected) => {
    const { status, answer } = await world.plan(jo, text);
    expect(status).toBe(200);
    expect(textOf(answer)).toMatch(expected);
  });

  it("runs every command end to end, each answering (no command left unwired)", async () => {
    const lines: Record<string, string> = {
      status: "status 02N ae_4hr",
      discuss: "discuss 02N Winter plan",
      discussions: "discussions",
      close: "close D999",
      action: "action D999 Something",
      agree: "agree A999",
      done: "done A999",
      drop: "drop A999",
      edit: "edit A999 due 10 Jan",
      history: "history A999",
      actions: "actions",
      deadlines: "deadlines 02N",
      deadline: "deadline add 02N Draft plan due 10 Jan",
      reminders: "reminders preview",
      link: "link 02N",
      member: "member <@UKIM|kim> 02N",
      whoami: "whoami",
      help: "help action",
      priority: "priority add 02N ae_4hr",
      sources: "sources",
      thread: "thread D999",
      plan: "plan 02N changes",
      plans: "plans Q52",
      position: "position Q52 ae_4hr",
      premium: "premium 02N",
      appraisal: "appraisal",
    };
    expect(Object.keys(lines).sort()).toEqual(commands.map((c) => c.name).sort());
    for (const [name, line] of Object.entries(lines)) {
      const { status, answer } = await world.plan(jo, line);
      expect(status, name).toBe(200);
      expect(textOf(answer).length, name).toBeGreaterThan(50);
    }
    expect(await world.prisma.channelLink.count({ where: { channelId: "C02N" } })).toBe(1);
  });

  it("answers an @mention with help, in the thread", async () => {
    const before = world.fake.callsTo("chat.postMessage").length;
    await world.eventBy(jo, { type: "app_mention", text: "<@UBOT>", channel: "C02N", ts: "1700.1" });
    const posted = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[before]);
    expect(posted.thread_ts).toBe("1700.1");
    expect(textOf(posted)).toMatch(/Plan Dialogue/);
  });

  it("publishes App Home with the person's actions and deadlines", async () => {
    await world.eventBy(jo, { type: "app_home_opened", channel: "D1", tab: "home" }, { personFields: false });
    const home = await world.waitFor(() => world.fake.callsTo("views.publish").at(-1));
    expect(textOf(home)).toMatch(/Your actions|No your actions|actions/i);
    expect(textOf(home)).toMatch(/Deadlines/);
  });

  it("refuses another organisation's discussion list, privately", async () => {
    const { answer } = await world.plan(sam, "discussions 00C");
    expect(textOf(answer)).toMatch(/Only 00C and its area team/);
  });
});
