// The planning round in Teams, end to end over HTTP with the fake Bot Connector: 02N gets its planning template as
// a signed download link, attaches it back in personal chat with one bad cell (refused, the cell named, nothing
// stored), fixes it (version 1); the area team opens a discussion from the A&E line's Discuss button (its Edit
// button's dialog tells the area team why it can't); 02N submits
// version 2; `plan 02N changes` shows exactly the moved lines; both sides mark version 2 discussed; and nothing
// lets the area team approve or reject the plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "../teams/harness";
import { editPlan, planRowOf } from "./plan-round";

const PUBLIC_URL = "https://plan-dialogue.example.nhs.uk";
let h: Harness;
const jo = users.jo; // 02N planning lead
const sam = users.sam; // Q52 area team, from its own tenant
const personal = { kind: "personal" as const, user: jo };
const channel = { kind: "channel" as const, channelName: "02N planning" };

/** What the bot answered last, as text. */
const lastCard = () => cardOf(h.connector.sends().at(-1)!);
const said = async (user: typeof jo, text: string, where: Parameters<Harness["say"]>[2]) => {
  await h.say(user, text, where);
  return cardText(lastCard());
};

/** A message in personal chat with a file attached, as Teams delivers it. */
async function submitWithFile(user: typeof jo, text: string, name: string, csv: string) {
  const where = { kind: "personal" as const, user };
  await h.post(h.message(user, text, where, { attachments: [h.connector.hostFile(name, csv)] }));
  await h.channel.drain();
  return cardText(lastCard());
}

const planCount = () => h.core.prisma.planVersion.count({ where: { organisationCode: "02N" } });

beforeAll(async () => {
  h = await startHarness({ demo: false, publicUrl: PUBLIC_URL });
  await h.register(jo, "02N", "ADMIN");
  await h.register(sam, "Q52", "MEMBER");
});
afterAll(() => h.close());

describe("a planning round in Teams", () => {
  let template = "";

  it("offers 02N its planning template as a signed download link", async () => {
    await h.say(jo, "plan template 02N", personal);
    const card = lastCard();
    expect(cardText(card)).toMatch(/planning template for 02N .*2014\/15/);
    const link = JSON.stringify(card).match(/"url":"([^"]+)"/)![1]!;
    expect(link.startsWith(`${PUBLIC_URL}/files/plan-template/02N/2014.csv?exp=`)).toBe(true);
    const res = await fetch(link.replace(PUBLIC_URL, h.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="plan-template-02N-2014-15.csv"');
    template = await res.text();
    expect(template).toMatch(/^indicator,period,plan,/);
    // A link the bot did not sign is refused.
    expect((await fetch(link.replace(PUBLIC_URL, h.url).replace("02N", "03A"))).status).toBe(403);
  });

  it("refuses a template with one bad cell, naming it, and stores nothing", async () => {
    const bad = editPlan(template, { "ae_4hr|Apr 2014": "93.5", "ae_4hr|May 2014": "9x.5" });
    const text = await submitWithFile(jo, "plan submit 02N", "plan-02N.csv", bad);
    expect(text).toContain(`C${planRowOf(bad, "ae_4hr", "May 2014")}: value "9x.5" is not a number`);
    expect(text).toMatch(/Nothing was stored from plan-02N.csv/);
    expect(await planCount()).toBe(0);
    expect(await h.core.prisma.planTrajectory.count({ where: { organisationCode: "02N" } })).toBe(0);
  });

  it("takes the fixed template as version 1", async () => {
    const good = editPlan(template, {
      "ae_4hr|Apr 2014": "93.5",
      "ae_4hr|May 2014": "94",
      "ae_4hr|Jun 2014": "94",
      "rtt_incomplete_18wk|Apr 2014": "92",
    });
    const text = await submitWithFile(jo, "plan submit 02N first submission", "plan.csv", good);
    expect(text).toMatch(/02N's plan version 1 is in, from Jo Smith \(02N\): 4 planned values/);
    expect(await h.core.prisma.planVersion.findFirstOrThrow({ where: { organisationCode: "02N" } })).toMatchObject({
      number: 1,
      submittedByParty: "CCG",
      note: "first submission",
      source: "teams upload: plan.csv",
    });
  });

  it("does not let the area team submit, approve or reject 02N's plan", async () => {
    expect(await submitWithFile(sam, "plan submit 02N", "ours.csv", template)).toMatch(
      /Only people of 02N can submit its plan; you act for Q52/,
    );
    for (const word of ["approve", "reject"])
      expect(await said(sam, `plan 02N ${word}`, { kind: "personal", user: sam })).toMatch(
        /A plan is not (approved|rejected) here/,
      );
    expect(await planCount()).toBe(1);
  });

  it("lets the area team open a discussion from the A&E line of the plan", async () => {
    await h.say(jo, "link 02N", channel);
    await h.say(sam, "plan 02N", channel);
    const buttons = buttonsOf(lastCard());
    expect(buttons.map((b) => b.title)).not.toContain(expect.stringMatching(/approve|reject/i));
    const ae = buttons.find((b) => b.title === "Discuss ae_4hr")!;
    expect(ae.type).toBe("Action.Execute");
    // Edit sits beside Discuss and opens a dialog (task/fetch); for the area team the dialog says why it can't
    const edit = buttons.find((b) => b.title === "Edit ae_4hr")!;
    expect(edit).toMatchObject({
      type: "Action.Submit",
      data: { actionId: "plan.edit", msteams: { type: "task/fetch" } },
    });
    const refused = await h.post(h.invoke(sam, "task/fetch", { data: edit.data }, channel));
    expect((refused.body as { task: unknown }).task).toEqual({
      type: "message",
      value: expect.stringMatching(/Only people of 02N can submit its plan; you act for Q52/),
    });
    const clicked = await h.post(
      h.invoke(
        sam,
        "adaptiveCard/action",
        { action: { type: "Action.Execute", verb: ae.data.actionId, data: ae.data } },
        channel,
      ),
    );
    expect((clicked.body as { value: string }).value).toMatch(/D1/);
    await h.channel.drain();
    const root = h.connector
      .sends()
      .find((s) => s.conversationId === CHANNEL && cardText(cardOf(s)).includes("D1 · 02N"));
    expect(root).toBeDefined();
    expect(await h.core.prisma.discussion.findFirstOrThrow({ where: { ccgCode: "02N" } })).toMatchObject({
      indicatorCodes: ["ae_4hr"],
      openedByParty: "AREA_TEAM",
    });
  });

  it("takes version 2 and shows exactly the lines that moved; both sides mark it discussed", async () => {
    const v2 = editPlan(template, {
      "ae_4hr|Apr 2014": "93.5",
      "ae_4hr|May 2014": "94.5",
      "ae_4hr|Jun 2014": "95",
      "rtt_incomplete_18wk|Apr 2014": "92",
    });
    expect(await submitWithFile(jo, "plan submit 02N after D1", "plan-v2.csv", v2)).toMatch(/version 2 is in/);
    const changes = await said(sam, "plan 02N changes", { kind: "personal", user: sam });
    expect(changes.split("\n").filter((l) => l.includes("→") && !l.includes("version"))).toEqual([
      "ae\\_4hr May 2014: 94% → 94.5%",
      "ae\\_4hr Jun 2014: 94% → 95%",
    ]);
    expect(await said(jo, "plan 02N discussed 2", personal)).toMatch(/discussed for the CCG/);
    expect(await said(sam, "plan 02N discussed 2", { kind: "personal", user: sam })).toMatch(
      /02N's plan version 2 is discussed: both 02N and Q52 have said so/,
    );
  });
});
