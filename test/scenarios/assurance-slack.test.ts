// An assurance checkpoint on Slack: 02N rates "clear and credible plans" green, its area team Q52 rates it red.
// Both see the two views side by side with the difference; a click opens a discussion on it; both parties mark the
// checkpoint discussed. No path lets one side finish it alone: not a colleague, not one person moved across.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTHORISATION_DOMAINS } from "../../src/core/assurance/domains";
import { SlackWorld, textOf, type SlackUser } from "../slack/harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N
const kim: SlackUser = { teamId: "T1", userId: "UKIM", name: "kim" }; // 02N colleague
const sam: SlackUser = { teamId: "T2", userId: "USAM", name: "sam" }; // Q52, own workspace (Slack Connect)
const lee: SlackUser = { teamId: "T1", userId: "ULEE", name: "lee" }; // 02N, later moved to Q52
const Q = "Q2 2013/14";

interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}
const buttonsOf = (message: unknown): SlackButton[] =>
  ((message as { blocks?: { type: string; elements?: SlackButton[] }[] }).blocks ?? [])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
  await world.register(kim, "Kim Lee", "02N", "MEMBER");
  await world.register(sam, "Sam Patel", "Q52", "MEMBER");
  await world.register(lee, "Lee Moss", "02N", "MEMBER");
  await world.plan(jo, "link 02N", "C02N");
});
afterAll(() => world.stop());

const answer = async (u: SlackUser, text: string) => textOf((await world.plan(u, text)).answer);

describe("an assurance checkpoint on Slack", () => {
  it("each side records its own views; neither can record the other's", async () => {
    for (const d of AUTHORISATION_DOMAINS) {
      const rating = d.key === "clear-plans" ? "green" : "amber";
      expect(await answer(jo, `assurance 02N ${Q} self ${d.key} ${rating} "Our view of ${d.key}"`)).toMatch(
        /Jo Smith recorded 02N's self-assessment/,
      );
    }
    expect(await answer(jo, `assurance 02N ${Q} view clear-plans red "not ours to say"`)).toMatch(
      /Only the area team Q52 records its view; you act for 02N/,
    );
    for (const d of AUTHORISATION_DOMAINS) {
      const rating = d.key === "clear-plans" ? "red" : "amber";
      await answer(sam, `assurance 02N ${Q} view ${d.key} ${rating} "The area team's view of ${d.key}"`);
    }
    expect(await answer(sam, `assurance 02N ${Q} self clear-plans red "x"`)).toMatch(
      /Only 02N records its self-assessment/,
    );
    expect(await world.prisma.assuranceView.count()).toBe(12);
  });

  it("both see the two views side by side with the difference, and a click opens a discussion on it", async () => {
    const forJo = (await world.plan(jo, `assurance 02N ${Q}`)).answer;
    const forSam = (await world.plan(sam, `assurance 02N ${Q}`)).answer;
    for (const seen of [forJo, forSam]) {
      expect(textOf(seen)).toMatch(/Clear and credible plans: 02N GREEN · Q52 RED · ⚠ the views differ by 2 steps/);
      expect(textOf(seen)).toMatch(/Great leaders: 02N AMBER · Q52 AMBER · same view/);
    }
    const discuss = buttonsOf(forSam).find((b) => b.action_id === "assurance.discuss")!;
    expect(discuss.text.text).toBe("Discuss: Clear and credible plans");
    expect(buttonsOf(forSam).filter((b) => b.action_id === "assurance.discuss")).toHaveLength(1);

    await world.click(sam, discuss.action_id, JSON.parse(discuss.value));
    const root = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => textOf(m).includes("D1 · 02N · Assurance Q2 2013/14")),
    );
    expect(root.channel).toBe("C02N");
    expect(textOf(root)).toMatch(/Clear and credible plans \(02N green, Q52 red\)/);
    await world.settle();
    const d = await world.prisma.discussion.findUniqueOrThrow({ where: { id: 1 } });
    expect(d).toMatchObject({ ccgCode: "02N", areaTeamCode: "Q52", openedByParty: "AREA_TEAM", threadChannel: "C02N" });
    // A second click (someone else, later) opens nothing new and says which discussion holds it.
    await world.click(jo, discuss.action_id, JSON.parse(discuss.value));
    const said = await world.waitFor(() =>
      world.fake.callsTo("chat.postEphemeral").find((m) => /D1 is already open on this difference/.test(textOf(m))),
    );
    expect(said.user).toBe("UJO");
    expect(await world.prisma.discussion.count()).toBe(1);
    expect(await answer(jo, `assurance 02N ${Q}`)).toMatch(/differ by 2 steps, in discussion D1/);
  });

  it("one side's mark never completes it; both parties' marks do", async () => {
    const card = (await world.plan(jo, `assurance 02N ${Q}`)).answer;
    const mark = buttonsOf(card).find((b) => b.action_id === "assurance.discussed")!;
    expect(mark.text.text).toBe("Mark discussed");
    await world.click(jo, mark.action_id, JSON.parse(mark.value));
    const posted = await world.waitFor(() =>
      world.fake
        .callsTo("chat.postMessage")
        .find((m) => /marked 02N's Q2 2013\/14 checkpoint discussed/.test(textOf(m))),
    );
    expect(textOf(posted)).toMatch(/It is complete when Q52 says so too/);

    // A colleague of the same side can't make it complete, nor can the same side again.
    expect(await answer(kim, `assurance 02N ${Q} discussed`)).toMatch(
      /The CCG has already said this checkpoint was discussed; it needs the area team to say so too/,
    );
    let cp = await world.prisma.assuranceCheckpoint.findFirstOrThrow();
    expect(cp.areaTeamDiscussedAt).toBeNull();
    expect(await answer(jo, `assurance 02N ${Q}`)).not.toMatch(/Complete/);

    // Jo's mark was for the CCG: Jo, moved to the area team, still counts once.
    await world.core.people.register(
      { platform: "SLACK", tenantId: "T1", userId: "UJO", displayName: "Jo Smith" },
      "Q52",
      "MEMBER",
    );
    expect(await answer(jo, `assurance 02N ${Q} discussed`)).toMatch(
      /You already said this checkpoint was discussed for the CCG, so you can't also for the area team/,
    );
    cp = await world.prisma.assuranceCheckpoint.findFirstOrThrow();
    expect(cp.areaTeamDiscussedAt).toBeNull();

    expect(await answer(sam, `assurance 02N ${Q} discussed`)).toMatch(
      /02N's Q2 2013\/14 checkpoint is complete: both 02N and Q52 say it was discussed/,
    );
    const events = await world.prisma.assuranceEvent.findMany({ where: { kind: "discussed" }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.party)).toEqual(["CCG", "AREA_TEAM"]);
  });

  it("a changed view after both said so clears both marks; `assurance 02N` shows the history", async () => {
    expect(await answer(lee, `assurance 02N ${Q} self leadership green "New chair appointed"`)).toMatch(
      /both marks are cleared/,
    );
    const cp = await world.prisma.assuranceCheckpoint.findFirstOrThrow();
    expect([cp.ccgDiscussedAt, cp.areaTeamDiscussedAt]).toEqual([null, null]);
    expect(await answer(sam, "assurance 02N")).toMatch(/Q2 2013\/14: open · 2 differences/);
  });

  it("`assurance 02N Q2 2013/14 export` uploads the checkpoint document for board papers", async () => {
    expect(await answer(jo, `assurance 02N ${Q} export`)).toMatch(/printable document of 02N's Q2 2013\/14/);
    const upload = await world.waitFor(
      () => world.fake.uploads.find((u) => u.filename === "assurance-02N-Q2-2013-14.html"),
      "the checkpoint upload",
    );
    const html = upload.bytes.toString("utf8");
    expect(html).toMatch(/^<!doctype html>/);
    for (const d of AUTHORISATION_DOMAINS) expect(html).toContain(d.name.replace(/&/g, "&amp;"));
  });
});
