// The neutral reply as Slack Block Kit, typed with Slack's own @slack/types, inside Slack's limits:
// 50 blocks a message, 3,000 characters a text, 10 fields a section, and about 13,000 characters of
// blocks in all (msg_blocks_too_long). Longer answers are cut with a line saying how to narrow them.
import type { ActionsBlock, Button as SlackButton, KnownBlock, SectionBlock } from "@slack/types";
import type { Block, IndicatorRow, Rag, Reply } from "../../reply/model";
import { shownOn } from "../../reply/model";
import { derivedOnce } from "../../core/caching/deep-freeze";
import { cutText, fitBlocks } from "../../reply/cut";
import { DEMO_MARK, SUPPRESSED_TEXT, TREND_LABEL, tableText } from "../../reply/text";

export const LIMITS = {
  blocks: 50,
  text: 3000,
  fields: 10,
  totalChars: 12_000,
  buttonValue: 2000,
  imageUrl: 3000,
  altText: 2000,
} as const;

const RAG_EMOJI: Record<Rag, string> = {
  red: ":red_circle:",
  amber: ":large_orange_circle:",
  green: ":large_green_circle:",
  grey: ":white_circle:",
};

/** Slack's mrkdwn treats &, < and > specially. */
export const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Every cut is by whole grapheme (src/reply/cut.ts): never half an emoji or a letter without its accent. */
const cut = (s: string, max: number = LIMITS.text) => cutText(s, max);
/** Escaped text cut to fit: cut first (so no entity is split), then escaped, then cut again only if it must be. */
const cutEscaped = (s: string, max: number) => {
  let room = max;
  for (;;) {
    const escaped = escapeText(cut(s, room));
    if (escaped.length <= max || room <= 1) return escaped.length <= max ? escaped : "…";
    room -= escaped.length - max;
  }
};
const mrkdwn = (text: string): SectionBlock => ({ type: "section", text: { type: "mrkdwn", text: cut(text) } });

function indicatorSection(r: IndicatorRow): SectionBlock {
  const value = r.suppressed ? `_${SUPPRESSED_TEXT}_` : r.value ? `*${r.value}*` : "no data";
  const plan = r.plan ? ` · plan ${r.plan}${r.variance ? ` (${r.variance})` : ""}` : "";
  const standard = r.standard ? ` vs standard ${r.standard}` : "";
  const note = r.note ? ` _(${escapeText(r.note)})_` : "";
  const demo = r.demo ? ` \`${DEMO_MARK}\`` : "";
  return mrkdwn(
    `${RAG_EMOJI[r.rag]} *${escapeText(r.name)}*${note}${demo}\n${value}${standard}${plan} · ${TREND_LABEL[r.trend]}${r.period ? ` · ${r.period}` : ""}`,
  );
}

function toSlack(block: Block): KnownBlock[] {
  switch (block.type) {
    case "heading":
      return [{ type: "header", text: { type: "plain_text", text: cut(block.text, 150), emoji: true } }];
    case "paragraph":
      return [mrkdwn(escapeText(block.text))];
    case "fields": {
      const sections: KnownBlock[] = [];
      for (let i = 0; i < block.fields.length; i += LIMITS.fields) {
        sections.push({
          type: "section",
          fields: block.fields.slice(i, i + LIMITS.fields).map((f) => ({
            type: "mrkdwn" as const,
            text: cut(`*${escapeText(f.label)}*\n${cutEscaped(f.value, 2000 - escapeText(f.label).length - 3)}`, 2000),
          })),
        });
      }
      return sections;
    }
    case "indicators":
      return [...(block.title ? [mrkdwn(`*${escapeText(block.title)}*`)] : []), ...block.rows.map(indicatorSection)];
    case "items":
      return block.items.map((i) => mrkdwn(`• *${escapeText(i.title)}*${i.detail ? `\n${escapeText(i.detail)}` : ""}`));
    case "buttons": {
      // A button's value is serialised JSON and is never cut (cut JSON does not parse): a payload too long for
      // Slack's 2,000 characters drops its button. Payloads are ids and short commands, so this is a safety net.
      const elements: SlackButton[] = block.buttons.flatMap((b) => {
        if (!shownOn(b, "SLACK")) return [];
        const value = JSON.stringify(b.payload);
        if (value.length > LIMITS.buttonValue) return [];
        return [
          {
            type: "button" as const,
            text: { type: "plain_text" as const, text: cut(b.label, 75) },
            action_id: b.actionId,
            value,
            ...(b.style ? { style: b.style } : {}),
          },
        ];
      });
      const actions: ActionsBlock = { type: "actions", elements };
      return elements.length ? [actions] : [];
    }
    case "context":
      return [{ type: "context", elements: [{ type: "mrkdwn", text: cutEscaped(block.text, LIMITS.text) }] }];
    case "chart":
      // An image when there is a URL Slack can fetch (and within its 3,000-character limit); the words otherwise.
      return block.imageUrl && block.imageUrl.length <= LIMITS.imageUrl
        ? [
            {
              type: "image",
              image_url: block.imageUrl,
              alt_text: cut(block.alt, LIMITS.altText),
              title: { type: "plain_text", text: cut(block.title, 150) },
            },
          ]
        : [mrkdwn(`_${escapeText(block.alt)}_`)];
    case "divider":
      return [{ type: "divider" }];
    case "file":
      // The file itself is uploaded next to the message (src/slack/files.ts); the message names it.
      return [mrkdwn(`:page_facing_up: *${escapeText(block.fileName)}*: ${escapeText(block.title)}`)];

    case "table": {
      // A picture of the table where Slack can fetch one (Block Kit has no table a bot can fill this wide); else the
      // table as RAG letters in a code block, and where even that is too long, its words.
      if (block.imageUrl && block.imageUrl.length <= LIMITS.imageUrl)
        return [
          {
            type: "image",
            image_url: block.imageUrl,
            alt_text: cut(block.alt, LIMITS.altText),
            title: { type: "plain_text", text: cut(block.title, 150) },
          },
          ...(block.legend
            ? [
                {
                  type: "context" as const,
                  elements: [{ type: "mrkdwn" as const, text: cutEscaped(block.legend, LIMITS.text) }],
                },
              ]
            : []),
        ];
      const letters = tableText(block, true);
      return escapeText(letters).length + 8 <= LIMITS.text
        ? [mrkdwn("```" + escapeText(letters) + "```")]
        : [mrkdwn(`_${escapeText(block.alt)}_`)];
    }
  }
}

/**
 * What a frozen block (a cached status's: src/reply/views/status.ts) renders to, kept with it, frozen too: the same
 * summary asked for again, as `/plan status` is all Monday morning, is not rendered again (~0.08 ms CPU a status).
 * A block that is not frozen could change, so it is rendered each time.
 */
const rendered = new WeakMap<Block, KnownBlock[]>();
const renderedOnce = (block: Block) => derivedOnce(rendered, block, toSlack);

/** A block's share of Slack's ~13,000 characters: its JSON's length, kept for the frozen ones. */
const sizes = new WeakMap<KnownBlock, number>();
const sizeOf = (block: KnownBlock) => derivedOnce(sizes, block, (b) => JSON.stringify(b).length);

/**
 * Renders a reply, cutting it to fit with a line that says what was left out (and the reply's own way to narrow it,
 * `Reply.narrow`). Buttons (a Share button) and context lines marked `keep` (the "Demo data" label) are never cut:
 * their room is taken first.
 */
export function renderBlocks(reply: Reply): KnownBlock[] {
  const keep = new Set<KnownBlock>();
  const all = reply.blocks.flatMap((block) => {
    const rendered = renderedOnce(block);
    if (block.type === "buttons" || (block.type === "context" && block.keep)) rendered.forEach((b) => keep.add(b));
    return rendered;
  });
  const narrow = reply.narrow ? ` ${reply.narrow}` : "";
  return fitBlocks<KnownBlock>(
    all,
    { blocks: LIMITS.blocks, chars: LIMITS.totalChars - 400 },
    sizeOf,
    (b) => keep.has(b),
    (left) => ({
      type: "context",
      elements: [{ type: "mrkdwn", text: cut(`…and ${left} more not shown.${escapeText(narrow)}`) }],
    }),
  );
}

/**
 * The notification and fallback text: the message's top-level `text`, which Slack parses as mrkdwn, so it is
 * escaped like any block (a user's `<!channel>` in a topic must not notify the channel).
 */
export const fallbackText = (reply: Reply) => cutEscaped(reply.summary, 3000);
