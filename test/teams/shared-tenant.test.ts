// One Microsoft 365 tenant can hold many organisations (NHSmail is one tenant for much of the NHS), and a
// shared channel can hold people of two tenants. People are registered one by one, never by tenant; and
// whatever Teams path someone takes, an action is agreed only when someone of the OTHER party agrees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AT_TENANT, TENANT, buttonsOf, cardOf, cardText, startHarness, users, type Harness } from "./harness";

const channel = { kind: "channel" as const, channelName: "02N planning" };

async function story(h: Harness, ccg: typeof users.jo, at: typeof users.jo) {
  const state = async (id: number) => {
    const a = await h.core.prisma.action.findUniqueOrThrow({ where: { id } });
    const events = await h.core.prisma.actionEvent.count({ where: { actionId: id } });
    return { status: a.status, events };
  };
  const lastSaid = () => cardText(cardOf(h.connector.sends().at(-1)!));
  const click = (who: typeof users.jo, card: unknown, title: string) => {
    const b = buttonsOf(card).find((x) => x.title === title)!;
    return h.post(
      h.invoke(
        who,
        "adaptiveCard/action",
        { action: { type: "Action.Execute", verb: b.data.actionId, data: b.data } },
        channel,
      ),
    );
  };

  await h.say(ccg, "link 02N", channel);
  await h.say(ccg, "discuss 02N A&E 4-hour recovery", channel);
  await h.say(ccg, "action D1 Publish the A&E recovery plan", channel);
  await h.say(at, "action D1 Share the area team's winter funding letter", channel);
  expect(await state(1)).toEqual({ status: "PROPOSED", events: 1 });
  expect(await state(2)).toEqual({ status: "PROPOSED", events: 1 });
  const cardA1 = cardOf(h.connector.sends().find((s) => cardText(cardOf(s)).includes("A1 · Publish"))!);
  const cardA2 = cardOf(h.connector.sends().find((s) => cardText(cardOf(s)).includes("A2 · Share"))!);

  // each side agreeing its own proposal: typed, by the card's button, or by editing it in the dialog
  await h.say(ccg, "agree A1", channel);
  expect(lastSaid()).toMatch(/Your side has already agreed this action; it needs the area team to agree/);
  await h.say(at, "agree A2", channel);
  expect(lastSaid()).toMatch(/Your side has already agreed this action; it needs the CCG to agree/);
  const clicked = await click(ccg, cardA1, "Agree");
  expect(clicked.body).toMatchObject({ type: "application/vnd.microsoft.activity.message" });
  expect(String((clicked.body as { value: string }).value)).toMatch(/Your side has already agreed/);
  expect(String(((await click(at, cardA2, "Agree")).body as { value: string }).value)).toMatch(
    /Your side has already agreed/,
  );
  const edit = buttonsOf(cardA1).find((b) => b.title === "Edit")!;
  const edited = await h.post(
    h.invoke(ccg, "task/submit", { data: { ...edit.data, text: "Publish the A&E recovery plan" } }, channel),
  );
  expect(JSON.stringify(edited.body)).toMatch(/goes back to the other side/);
  await h.channel.drain();
  expect((await state(1)).status).toBe("PROPOSED");
  expect(await state(2)).toEqual({ status: "PROPOSED", events: 1 });

  // only the other side makes it agreed: a button for one, typed for the other
  const agreedA1 = await click(at, cardA1, "Agree");
  expect(cardText((agreedA1.body as { value: unknown }).value)).toMatch(/Agreed by both sides/);
  await h.say(ccg, "agree A2", channel);
  await h.channel.drain();
  expect((await state(1)).status).toBe("AGREED");
  expect((await state(2)).status).toBe("AGREED");
  const parties = await h.core.prisma.actionEvent.findMany({ where: { kind: "agreed" }, orderBy: { at: "asc" } });
  expect(parties.map((e) => `${e.actionId} ${e.party}`).sort()).toEqual(["1 AREA_TEAM", "2 CCG"]);
}

describe("one tenant holding a CCG and its area team, people registered one by one", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.register(users.jo, "02N", "ADMIN"); // tenant-ccg-02n
    await h.register(users.alex, "Q52", "MEMBER"); // the same tenant, the area team
  });
  afterAll(() => h.close());

  it("no side agrees its own proposal by any path; the other side's agreement makes it agreed", async () => {
    expect(users.alex.tenantId).toBe(users.jo.tenantId);
    await story(h, users.jo, users.alex);
  });
});

describe("a shared channel hosted by the CCG's tenant, the area team's person from another tenant", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.register(users.jo, "02N", "ADMIN");
    // Teams names the host tenant in conversation.tenantId and channelData.tenant for everyone in the channel,
    // and a message's `from` carries no tenant of its own: Sam is known there as (host tenant, Sam's object id).
    await h.register(users.sam, "Q52", "MEMBER", TENANT);
  });
  afterAll(() => h.close());

  it("the same rule holds across tenants", async () => {
    expect(users.sam.tenantId).toBe(AT_TENANT);
    await story(h, users.jo, users.sam);
  });
});
