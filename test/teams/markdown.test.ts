// People's words in the bot's own cards: a topic or an action text typed as `[Re-verify](https://evil…)`,
// `**bold**` or `<at>Everyone</at>` must read as typed, never become a link, emphasis or a mention in the card.
// And where a card is cut to fit, it is cut between characters, never inside one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { cardMessage, renderCard } from "../../src/teams/render/card";
import { CHANNEL, cardOf, startHarness, users, type Harness } from "./harness";
import { LONE_SURROGATE } from "../support/text";

const EVIL = "[x](https://evil.example) **b** <at>Everyone</at> _i_";

/** Every string in a card (or dialog), with where it is. */
function strings(v: unknown, path = "$"): { path: string; value: string }[] {
  if (typeof v === "string") return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => strings(x, `${path}.${k}`));
  return [];
}

/** What a markdown renderer would act on: a link, emphasis, a mention tag. */
const unsafe = (s: string) =>
  /\]\(/.test(s) || /(^|[^\\])\[/.test(s) || /<at>/i.test(s) || /(^|[^\\])\*\*b/.test(s) || /(^|[^\\])_i/.test(s);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.register(users.jo, "02N", "ADMIN");
});
afterAll(() => h.close());

it("a discussion topic and an action text typed with links, emphasis and a mention show as text in every card", async () => {
  const channel = { kind: "channel" as const, channelName: "02N planning" };
  await h.say(users.jo, "link 02N", channel);
  // Teams sends what the person typed HTML-encoded in the message text
  const typed = EVIL.replace(/</g, "&lt;").replace(/>/g, "&gt;");
  await h.say(users.jo, `discuss 02N ${typed}`, channel);
  const root = h.connector.sends().find((s) => s.conversationId === CHANNEL && JSON.stringify(s.body).includes("D1"))!;
  expect(root).toBeDefined();
  await h.say(users.jo, `action D1 ${typed} owner me`, { kind: "personal", user: users.jo });

  const cards = h.connector.calls.filter((c) => c.kind === "send" || c.kind === "update").map((c) => cardOf(c));
  // every markdown field (fallbackText is plain: the notification line where cards don't render)
  const texts = cards
    .flatMap((c) => strings(c))
    .filter((s) => /\.(text|title|value)$/.test(s.path) && s.value.includes("evil.example"));
  expect(texts.length).toBeGreaterThan(1); // the root card, the action card, the replies
  for (const s of texts) expect(unsafe(s.value), `${s.path}: ${s.value}`).toBe(false);
  // still legible: the words are all there, escaped
  expect(texts[0]!.value).toContain("\\[x\\]");
  expect(texts[0]!.value).toContain("https://evil.example");
  expect(texts[0]!.value).toMatch(/‹at› ?Everyone‹\/at›/);
});

it("a plain-text answer (the message a dialog closes with, or a refused click's) escapes people's words too", async () => {
  const d = await h.core.prisma.discussion.findFirstOrThrow({ where: { topic: { contains: "evil.example" } } });
  const thread = { kind: "channel" as const, rootId: d.threadRootId! };
  const res = await h.post(
    h.invoke(
      users.jo,
      "task/submit",
      { data: { actionId: "discussion.propose", payload: { discussionId: d.id }, text: EVIL, owner: "", due: "" } },
      thread,
      d.threadRootId!,
    ),
  );
  await h.channel.drain();
  const answer = (res.body as { task: { type: string; value: string } }).task;
  expect(answer.type).toBe("message");
  expect(answer.value).toMatch(/^Proposed A\d+: /);
  expect(unsafe(answer.value), answer.value).toBe(false);
  expect(answer.value).toContain("\\[x\\]");
  expect(answer.value).toMatch(/‹at› ?Everyone‹\/at›/);

  // a click's refusal is a message too: the proposer's own side agreeing
  const id = Number(/A(\d+)/.exec(answer.value)![1]);
  const click = await h.post(
    h.invoke(
      users.jo,
      "adaptiveCard/action",
      { action: { type: "Action.Execute", data: { actionId: "action.agree", payload: { actionId: id } } } },
      thread,
      "1",
    ),
  );
  const refusal = click.body as { type: string; value: string };
  expect(refusal.type).toBe("application/vnd.microsoft.activity.message");
  expect(refusal.value).toMatch(/Your side has already agreed this action/);
  expect(refusal.value).not.toContain("`");
});

it("every TextBlock and Fact the renderer fills from the reply model escapes people's words", () => {
  const card = renderCard({
    summary: EVIL,
    visibility: "channel",
    blocks: [
      { type: "heading", text: EVIL },
      { type: "paragraph", text: `${EVIL}\n- a list?\n1. numbered?\n# heading?` },
      { type: "fields", fields: [{ label: EVIL, value: EVIL }] },
      { type: "items", items: [{ title: EVIL, detail: EVIL }] },
      { type: "context", text: EVIL },
    ],
  });
  const blocks = strings(card).filter((s) => /\.(text|title|value)$/.test(s.path));
  expect(blocks.length).toBeGreaterThanOrEqual(6);
  for (const s of blocks) expect(unsafe(s.value), `${s.path}: ${s.value}`).toBe(false);
  const paragraph = blocks.find((s) => s.value.includes("a list?"))!.value;
  expect(paragraph).toContain("\n\\- a list?\n1\\. numbered?\n\\# heading?");
  // our own `code` convention still reads as bold
  const ours = renderCard({
    summary: "x",
    visibility: "channel",
    blocks: [{ type: "paragraph", text: "Run `help`." }],
  });
  expect(JSON.stringify(ours)).toContain("Run **help**.");
});

it("a card too big to send is cut to its summary between characters, never inside an emoji", () => {
  const flag = "🏴󠁧󠁢󠁥󠁮󠁧󠁿"; // England: one grapheme of 14 UTF-16 code units
  const summary = `${"a".repeat(1995)}${flag}${"b".repeat(100)}`;
  const card = cardMessage(
    { summary, visibility: "channel", blocks: [{ type: "paragraph", text: "x".repeat(30_000) }] },
    { budgetBytes: 5_000 },
  ).attachments[0]!.content;
  const paragraph = strings(card).find((s) => s.path.endsWith(".text") && s.value.startsWith("aaa"))!.value;
  expect(paragraph).toBe(`${"a".repeat(1995)}…`);
  expect(paragraph).not.toMatch(LONE_SURROGATE); // no half character
});
