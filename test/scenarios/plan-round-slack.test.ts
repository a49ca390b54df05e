// The planning round on Slack, end to end over HTTP with the fake Slack Web API: 02N downloads its planning template
// (uploaded to the channel with files.getUploadURLExternal + completeUploadExternal), shares it back with one bad
// cell (refused, the cell named, nothing stored), fixes it (version 1); the area team opens a discussion from the
// A&E line's Discuss button; 02N submits version 2; `plan 02N changes` shows exactly the moved lines; both sides
// mark version 2 discussed; and nothing lets the area team approve or reject the plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackWorld, textOf, type SlackUser } from "../slack/harness";
import { editPlan, planRowOf } from "./plan-round";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N planning lead
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52 area team, own workspace (Slack Connect)
let seq = 0;

/** `@Plan Dialogue <text>` in the channel with a file shared in the same message, as Slack sends it. */
async function mentionWithFile(user: SlackUser, text: string, file: Record<string, unknown>) {
  const ts = `1800.${++seq}`;
  const before = world.fake.callsTo("chat.postMessage").length;
  await world.eventBy(user, {
    type: "app_mention",
    text: `<@UBOT> ${text}`,
    channel: "C02N",
    ts,
    event_ts: ts,
    files: [file],
    upload: false,
    display_as_bot: false,
  });
  return world.waitFor(() => world.fake.callsTo("chat.postMessage")[before]);
}

const planCount = () => world.prisma.planVersion.count({ where: { organisationCode: "02N" } });
const trajectory = () =>
  world.prisma.planTrajectory.findMany({ where: { organisationCode: "02N" }, orderBy: [{ indicatorCode: "asc" }] });

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
  // 02N has not submitted yet: the demo plan the seed made for it goes.
  await world.prisma.planVersion.deleteMany({ where: { organisationCode: "02N" } });
  await world.prisma.planTrajectory.deleteMany({ where: { organisationCode: "02N" } });
});
afterAll(() => world.stop());

describe("a planning round on Slack", () => {
  let template = "";

  it("hands 02N its planning template as a file in the channel", async () => {
    const { answer } = await world.plan(jo, "plan template 02N");
    expect(textOf(answer)).toMatch(/planning template for 02N .*2014\/15/);
    const upload = await world.waitFor(() => world.fake.uploads[0], "the template upload");
    expect(upload).toMatchObject({ filename: "plan-template-02N-2014-15.csv", channel: "C02N" });
    // The upload went the way Slack's current API takes it: an upload URL, the bytes, then complete.
    expect(world.fake.callsTo("files.getUploadURLExternal")[0]).toMatchObject({
      filename: "plan-template-02N-2014-15.csv",
      length: String(upload.bytes.length),
    });
    template = upload.bytes.toString("utf8");
    expect(template).toMatch(/^\uFEFFindicator,period,plan,/);
  });

  it("refuses a template with one bad cell, naming it, and stores nothing", async () => {
    const bad = editPlan(template, { "ae_4hr|Apr 2014": "93.5", "ae_4hr|May 2014": "9x.5" });
    const cell = `C${planRowOf(bad, "ae_4hr", "May 2014")}`;
    const answer = await mentionWithFile(jo, "plan submit 02N", world.fake.hostFile("plan-02N.csv", bad));
    expect(textOf(answer)).toContain(`${cell}: value "9x.5" is not a number`);
    expect(textOf(answer)).toMatch(/Nothing was stored from plan-02N.csv/);
    expect(await planCount()).toBe(0);
    expect(await trajectory()).toEqual([]);
  });

  it("takes the fixed template as version 1, with who submitted it", async () => {
    const good = editPlan(template, {
      "ae_4hr|Apr 2014": "93.5",
      "ae_4hr|May 2014": "94",
      "ae_4hr|Jun 2014": "94",
      "rtt_incomplete_18wk|Apr 2014": "92",
    });
    const answer = await mentionWithFile(jo, "plan submit 02N first submission", world.fake.hostFile("plan.csv", good));
    expect(textOf(answer)).toMatch(/02N's plan version 1 is in, from Jo Smith \(02N\): 4 planned values/);
    const v1 = await world.prisma.planVersion.findFirstOrThrow({ where: { organisationCode: "02N", number: 1 } });
    expect(v1).toMatchObject({ submittedByParty: "CCG", note: "first submission", source: "slack upload: plan.csv" });
  });

  it("takes a template shared in a direct message to the bot too (unchanged: no new version)", async () => {
    const same = editPlan(template, {
      "ae_4hr|Apr 2014": "93.5",
      "ae_4hr|May 2014": "94",
      "ae_4hr|Jun 2014": "94",
      "rtt_incomplete_18wk|Apr 2014": "92",
    });
    const before = world.fake.callsTo("chat.postMessage").length;
    await world.eventBy(jo, {
      type: "message",
      subtype: "file_share",
      channel: "DJO",
      channel_type: "im",
      text: "plan submit 02N",
      ts: "1900.1",
      files: [world.fake.hostFile("again.csv", same)],
    });
    const answer = await world.waitFor(() => world.fake.callsTo("chat.postMessage")[before]);
    expect(answer.channel).toBe("DJO");
    expect(textOf(answer)).toMatch(/Nothing moved: again.csv matches 02N's plan version 1/);
    expect(await planCount()).toBe(1);
  });

  it("does not let the area team submit, approve or reject 02N's plan", async () => {
    const shared = await mentionWithFile(sam, "plan submit 02N", world.fake.hostFile("ours.csv", template));
    expect(textOf(shared)).toMatch(/Only people of 02N can submit its plan; you act for Q52/);
    for (const word of ["approve", "reject", "sign-off"]) {
      const { answer } = await world.plan(sam, `plan 02N ${word}`);
      expect(textOf(answer)).toMatch(/A plan is not (approved|rejected) here/);
    }
    expect(await planCount()).toBe(1);
  });

  it("lets the area team open a discussion from the A&E line of the plan", async () => {
    const { answer } = await world.plan(sam, "plan 02N", "C02N");
    expect(textOf(answer)).toMatch(/\*By\*\nJo Smith \(02N\)/);
    const buttons = (answer!.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements ?? []);
    const ae = buttons.find((b) => JSON.parse(b.value).indicator === "ae_4hr")!;
    expect(ae.action_id).toBe("plan.discuss");
    expect(buttons.map((b) => b.action_id)).not.toContain(expect.stringMatching(/approve|reject/));
    await world.click(sam, ae.action_id, JSON.parse(ae.value));
    const root = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => /D\d+ · 02N/.test(textOf(m))),
    );
    expect(root.channel).toBe("C02N");
    const d = await world.prisma.discussion.findFirstOrThrow({ where: { ccgCode: "02N" } });
    expect(d).toMatchObject({ indicatorCodes: ["ae_4hr"], openedByParty: "AREA_TEAM" });
  });

  it("takes version 2 and shows exactly the lines that moved; both sides mark it discussed", async () => {
    const v2 = editPlan(template, {
      "ae_4hr|Apr 2014": "93.5",
      "ae_4hr|May 2014": "94.5",
      "ae_4hr|Jun 2014": "95",
      "rtt_incomplete_18wk|Apr 2014": "92",
    });
    const answer = await mentionWithFile(jo, "plan submit 02N after D1", world.fake.hostFile("plan-v2.csv", v2));
    expect(textOf(answer)).toMatch(/02N's plan version 2 is in/);

    const { answer: changes } = await world.plan(sam, "plan 02N changes");
    const moved = textOf(changes)
      .split("\n")
      .filter((l) => l.includes("→") && l.startsWith("•"));
    expect(moved).toEqual(["• *ae_4hr May 2014: 94% → 94.5%*", "• *ae_4hr Jun 2014: 94% → 95%*"]);

    expect(textOf((await world.plan(jo, "plan 02N discussed 2")).answer)).toMatch(/discussed for the CCG/);
    expect(textOf((await world.plan(sam, "plan 02N discussed 2")).answer)).toMatch(
      /02N's plan version 2 is discussed: both 02N and Q52 have said so/,
    );
  });
});
