// What the bot sends is Block Kit and a top-level `text` that Slack parses as mrkdwn: user text in either is escaped
// (no `<!channel>` from a topic notifies anyone), every cut is by whole character, and a button's value is whole
// JSON or no button at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharePayload, withShareButton, SHARE_ACTION } from "../../src/slack/listeners/commands";
import { LIMITS, renderBlocks } from "../../src/slack/render/blocks";
import type { KnownBlock } from "@slack/types";
import type { Reply } from "../../src/reply/model";
import { statusReply } from "../../src/reply/views/status";
import { LONE_SURROGATE } from "../support/text";
import { actionListReply } from "../../src/reply/views/dialogue";
import type { ActionWithDiscussion } from "../../src/core/actions/actions";
import { SlackWorld, textOf, type SlackUser } from "./harness";

const world = new SlackWorld();
const jo: SlackUser = { teamId: "T1", userId: "UJO", name: "jo" }; // 02N
const ann: SlackUser = { teamId: "T1", userId: "UANN", name: "ann" }; // 02N admin

beforeAll(async () => {
  await world.start();
  await world.register(jo, "Jo Smith", "02N", "MEMBER");
  await world.register(ann, "Ann Admin", "02N", "ADMIN");
});
afterAll(() => world.stop());

describe("broadcast mentions and links typed by a person never reach anyone as markup", () => {
  it("a topic of `<!channel> <!here> <@U999> <https://evil.example|login>`: no string anywhere carries them", async () => {
    const before = world.mark();
    const topic = "<!channel> <!here> <@U999> <https://evil.example|login>";
    await world.plan(jo, `discuss 02N ${topic}`);
    await world.waitFor(() => world.fake.callsTo("chat.postMessage").find((m) => textOf(m).includes("evil.example")));
    await world.settle();
    const d = await world.prisma.discussion.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(d.topic).toBe(topic);
    const strings = world.stringsSince(before);
    expect(strings.some((s) => s.path.startsWith("chat.postMessage") && s.path.endsWith(".text"))).toBe(true);
    expect(strings.filter((s) => /<!|<@U999>|<http/.test(s.value))).toEqual([]);
  });
});

describe("cuts never split a character", () => {
  it("an emoji at the 150th character of a header: the header keeps it whole or leaves it out", async () => {
    // "D1 · 02N · " is 11 characters; the emoji takes the 149th and 150th UTF-16 units of the heading.
    const topic = `${"x".repeat(148 - 11)}🏥${"y".repeat(20)}`;
    await world.plan(jo, `discuss 02N ${topic}`);
    const root = await world.waitFor(() =>
      world.fake.callsTo("chat.postMessage").find((m) => JSON.stringify(m).includes("xxxxxxxx")),
    );
    const header = (root.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === "header");
    expect(header?.text?.text.length).toBeLessThanOrEqual(150);
    expect(header?.text?.text).toMatch(/…$/);
    expect(LONE_SURROGATE.test(header!.text!.text)).toBe(false);
  });
});

describe("a Share button's value is whole JSON", () => {
  const privateAnswer: Reply = { summary: "status", blocks: [], visibility: "private" };
  const buttonValues = (reply: Reply) =>
    renderBlocks(reply)
      .filter((b) => b.type === "actions")
      .flatMap((b) => (b as { elements: { value?: string }[] }).elements.map((e) => e.value ?? ""));

  it("a long command whose serialised payload would not fit gets no button, not a cut one", () => {
    // 1,207 characters, but quotes and backslashes double when serialised: about 2,400
    const text = `status ${'"\\'.repeat(600)}`;
    const values = buttonValues(withShareButton(privateAnswer, text));
    for (const value of values) expect(sharePayload.safeParse(JSON.parse(value)).success).toBe(true);
    expect(values).toEqual([]);
  });

  it("one that fits keeps its button, and the value parses back to the same command", () => {
    const text = `status 02N ${"é🏥".repeat(300)}`;
    const [value] = buttonValues(withShareButton(privateAnswer, text));
    expect(value!.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    expect(sharePayload.parse(JSON.parse(value!))).toEqual({ text });
  });

  it("any button whose payload is too long is left out rather than cut", () => {
    const reply: Reply = {
      summary: "x",
      visibility: "private",
      blocks: [
        {
          type: "buttons",
          buttons: [
            { label: "Big", actionId: SHARE_ACTION, payload: { text: "🏥".repeat(1500) } },
            { label: "Small", actionId: "action.agree", payload: { actionId: 1 } },
          ],
        },
      ],
    };
    const values = buttonValues(reply);
    expect(values).toEqual(['{"actionId":1}']);
  });
});

describe("a long answer is cut, but never what must be shown", () => {
  type Shown = { type: string; elements?: { text?: string; action_id?: string }[] };
  it("`status 02N` with every indicator a local priority: within 50 blocks, Share button and Demo data kept", async () => {
    const codes = await world.prisma.indicator.findMany({ where: { ownerCode: null }, select: { code: true } });
    for (const { code } of codes) await world.plan(ann, `priority add 02N ${code}`);
    const { answer } = await world.plan(jo, "status 02N");
    const blocks = (answer as { blocks: Shown[] }).blocks;
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    const text = JSON.stringify(blocks);
    expect(text).toMatch(/more not shown/);
    expect(text).toMatch(/Demo data: generated figures/);
    expect(blocks.some((b) => b.type === "actions" && b.elements?.some((e) => e.action_id === SHARE_ACTION))).toBe(
      true,
    );
    expect(text).toMatch(/status 02N cancer/);
    expect(text).not.toMatch(/<ccg>|<framework>/);
  });

  it("a cut action list says nothing of `status`, and no raw `<ccg>` reaches mrkdwn", () => {
    const action = (id: number) =>
      ({
        id,
        text: `Action ${id} ${"x".repeat(300)}`,
        owner: "Jo Smith",
        dueDate: null,
        status: "PROPOSED",
        ccgAgreedAt: new Date(),
        dropRequestedBy: null,
        discussionId: 1,
        discussion: { ccgCode: "02N", topic: "Winter" },
      }) as unknown as ActionWithDiscussion;
    const reply = actionListReply(
      "Open actions",
      Array.from({ length: 80 }, (_, i) => action(i + 1)),
      "None",
    );
    const text = JSON.stringify(renderBlocks(reply));
    expect(text).toMatch(/more not shown/);
    expect(text).not.toMatch(/status/);
    expect(text).not.toMatch(/<ccg>/);
  });
});

describe("a cached summary's blocks are rendered once and shared", () => {
  it("`status 02N` asked twice: the same Block Kit as a fresh render, its indicator sections the very same objects", async () => {
    const status = await world.core.indicators.statusOf("02N", new Date("2013-11-20T12:00:00Z"));
    expect(Object.isFrozen(status)).toBe(true); // the cache's, shared
    const first = renderBlocks(withShareButton(statusReply(status), "status 02N"));
    const second = renderBlocks(withShareButton(statusReply(status), "status Airedale"));
    // What a summary that is not the cache's (so rendered afresh) gives, Share button aside.
    const fresh = renderBlocks(withShareButton(statusReply(structuredClone(status)), "status 02N"));
    expect(first).toEqual(fresh);
    const sections = (blocks: KnownBlock[]) => blocks.filter((b) => b.type === "section");
    expect(sections(second).length).toBeGreaterThan(5);
    sections(second).forEach((b, i) => expect(b).toBe(sections(first)[i]));
    // Each request's own Share button is its own.
    expect(JSON.stringify(second.at(-1))).toContain("status Airedale");
    expect(() => Object.assign(sections(first)[0]!, { type: "divider" })).toThrow(TypeError);
  });
});
