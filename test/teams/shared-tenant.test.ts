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
  // the same text again changes nothing (issue 19), so it cannot count as agreeing either
  expect(JSON.stringify(edited.body)).toMatch(/Nothing changed/);
  const reworded = await h.post(
    h.invoke(ccg, "task/submit", { data: { ...edit.data, text: "Publish the A&E recovery plan by Friday" } }, channel),
  );
  expect(JSON.stringify(reworded.body)).toMatch(/goes back to the other side/);
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

  it("the tenant can't be mapped to one organisation: its people act for 02N and Q52, and the operator is told so", async () => {
    await h.register(users.kim, "Q52", "OPERATOR");
    await h.say(users.kim, "link workspace Q52", { kind: "personal", user: users.kim });
    const said = cardText(cardOf(h.connector.sends().at(-1)!));
    expect(said).toMatch(/I won't map this whole tenant to Q52: people of 02N and Q52 are already registered in it/);
    expect(await h.core.prisma.tenantLink.count()).toBe(0);
  });
});

describe("a shared channel hosted by the CCG's tenant, the area team's person from another tenant", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.register(users.jo, "02N", "ADMIN");
    // Teams names the host tenant in conversation.tenantId and channelData.tenant for everyone in the channel; the
    // Bot Connector's member record says Sam's own: he is (his tenant, his object id), as in his own chats.
    await h.register(users.sam, "Q52", "MEMBER");
  });
  afterAll(() => h.close());

  it("the same rule holds across tenants", async () => {
    expect(users.sam.tenantId).toBe(AT_TENANT);
    await story(h, users.jo, users.sam);
  });
});

describe("a shared channel of a tenant mapped to the CCG: a person of another tenant acts for their own, or for no one", () => {
  let h: Harness;
  const lastSaid = () => cardText(cardOf(h.connector.sends().at(-1)!));
  const identities = (userId: string) =>
    h.core.prisma.platformIdentity.findMany({ where: { userId }, include: { person: true } });
  beforeAll(async () => {
    h = await startHarness();
    await h.register(users.jo, "02N", "ADMIN");
    await h.register(users.alex, "02N", "OPERATOR");
    // the CCG's own tenant is mapped: every user OF IT acts for 02N
    await h.say(users.alex, "link workspace 02N", { kind: "personal", user: users.alex });
    await h.say(users.jo, "link 02N", channel);
    await h.say(users.jo, "discuss 02N A&E 4-hour recovery", channel);
    await h.say(users.jo, "action D1 Publish the A&E recovery plan", channel);
  });
  afterAll(() => h.close());

  it("someone of the area team's tenant in the channel is not taken for the host's mapping, so can't agree for 02N", async () => {
    expect(users.sam.tenantId).toBe(AT_TENANT);
    await h.say(users.sam, "whoami", channel);
    expect(lastSaid()).toMatch(/I don't know which organisation you act for yet/);
    expect(lastSaid()).toContain(`teams ${AT_TENANT} ${users.sam.aadObjectId}`);
    await h.say(users.sam, "agree A1", channel);
    expect(lastSaid()).toMatch(/I don't know which organisation you act for yet/);
    expect((await h.core.prisma.action.findUniqueOrThrow({ where: { id: 1 } })).status).toBe("PROPOSED");
    // nothing was registered for Sam, under the host's tenant or any other
    expect(await identities(users.sam.aadObjectId)).toEqual([]);
    // a colleague of the host's own tenant is registered by the mapping, as before
    await h.say(users.kim, "whoami", channel);
    expect(lastSaid()).toMatch(/02N/);
    expect((await identities(users.kim.aadObjectId)).map((i) => [i.tenantId, i.person.organisationCode])).toEqual([
      [TENANT, "02N"],
    ]);
  });

  it("`member @Sam Q52` typed in the host's channel registers Sam under his own tenant", async () => {
    const msg = h.message(users.alex, "member <at>Sam Patel</at> Q52", channel);
    (msg.entities as unknown[]).push({
      type: "mention",
      text: "<at>Sam Patel</at>",
      mentioned: { id: users.sam.id, name: "Sam Patel" },
    });
    await h.post(msg);
    await h.channel.drain();
    expect(lastSaid()).toMatch(/now acts for Q52/);
    expect((await identities(users.sam.aadObjectId)).map((i) => [i.tenantId, i.person.organisationCode])).toEqual([
      [AT_TENANT, "Q52"],
    ]);
    // and then he agrees for the area team, in the host's channel
    await h.say(users.sam, "agree A1", channel);
    expect((await h.core.prisma.action.findUniqueOrThrow({ where: { id: 1 } })).status).toBe("AGREED");
  });

  it("when Teams can't say whose tenant someone is in, they act for no one, and are told so", async () => {
    const ria = { id: "29:ria", aadObjectId: "aad-ria-0006", name: "Ria Khan", tenantId: AT_TENANT };
    // the connector knows Ria in this conversation but gives no tenant; Noor it doesn't know at all
    h.connector.members.set(ria.id, { id: ria.id, name: ria.name, aadObjectId: ria.aadObjectId });
    const noor = { id: "29:noor", aadObjectId: "aad-noor-0007", name: "Noor Ali", tenantId: TENANT };
    await h.say(users.jo, "action D1 Share the winter plan", channel);
    for (const who of [ria, noor]) {
      await h.say(who, "agree A2", channel);
      expect(lastSaid()).toContain("Teams didn't tell me which Microsoft 365 organisation (tenant) your account");
      expect(lastSaid()).toMatch(/I don't know which organisation you act for yet/);
      const clicked = await h.post(
        h.invoke(
          who,
          "adaptiveCard/action",
          { action: { type: "Action.Execute", data: { actionId: "action.agree", payload: { actionId: 2 } } } },
          channel,
        ),
      );
      expect((clicked.body as { value: string }).value).toMatch(/^Teams didn't tell me which Microsoft 365/);
      expect(await identities(who.aadObjectId)).toEqual([]);
    }
    expect((await h.core.prisma.action.findUniqueOrThrow({ where: { id: 2 } })).status).toBe("PROPOSED");
  });
});
