// Escalation as replies: a review item (what fired, with the figures, and how it is resolved in the dialogue), the
// list of items, and the rules in force.
import { figuresOf, reviewItemRef } from "../../core/escalation/review-items";
import type { LoadedRules } from "../../core/escalation/rules-file";
import type { ReviewItem, ReviewItemEvent } from "../../core/db";
import { partyLabel } from "../../core/people/actor";
import { formatLondonDate, formatLondonDateTime } from "../../core/time";
import { z } from "zod";
import { textReply, type Block, type Button, type Reply } from "../model";

export const REVIEW_ITEM_BUTTONS = {
  /** takes the item into a new discussion (as `escalation R3 discuss`) */
  discuss: "review-item.discuss",
  /** notes it for the clicker's side (as `escalation R3 noted`): resolved once both parties have */
  noted: "review-item.noted",
} as const;

/** What a review item's button carries (parsed with zod when it comes back). */
export const reviewItemButtonPayload = z.object({ itemId: z.coerce.number().int().positive() });

export const isReviewItemButton = (actionId: string) =>
  actionId === REVIEW_ITEM_BUTTONS.discuss || actionId === REVIEW_ITEM_BUTTONS.noted;

/** The command a click runs, as the clicker, so it goes through the same checks as typing it; null: unreadable. */
export function reviewItemButtonCommand(actionId: string, payload: unknown): string | null {
  const p = reviewItemButtonPayload.safeParse(payload);
  if (!p.success) return null;
  if (actionId === REVIEW_ITEM_BUTTONS.discuss) return `escalation ${reviewItemRef(p.data.itemId)} discuss`;
  if (actionId === REVIEW_ITEM_BUTTONS.noted) return `escalation ${reviewItemRef(p.data.itemId)} noted`;
  return null;
}

/** An open item's buttons: a discussion while it has none, and noting it for the clicker's side. */
function reviewItemButtons(item: ReviewItem): Button[] {
  if (item.resolvedAt) return [];
  const payload = { itemId: item.id };
  return [
    ...(item.discussionId
      ? []
      : [{ label: "Open discussion", actionId: REVIEW_ITEM_BUTTONS.discuss, payload, style: "primary" as const }]),
    { label: "Note as resolved", actionId: REVIEW_ITEM_BUTTONS.noted, payload },
  ];
}

export function reviewItemState(item: ReviewItem): string {
  if (item.resolvedAt) return `resolved ${formatLondonDate(item.resolvedAt)}: ${item.resolvedHow ?? ""}`.trim();
  const parts = [
    item.discussionId ? `in discussion D${item.discussionId} (resolved when it is closed)` : "",
    item.ccgNotedAt ? "noted by the CCG" : "",
    item.areaTeamNotedAt ? "noted by the area team" : "",
  ].filter(Boolean);
  return parts.length ? `open · ${parts.join(" · ")}` : "open";
}

/** A review item as posted to both parties' channels and shown by `escalation R3`. */
export function reviewItemReply(item: ReviewItem, late = false, events: ReviewItemEvent[] = []): Reply {
  const ref = reviewItemRef(item.id);
  const blocks: Block[] = [
    { type: "heading", text: `${ref} · ${item.ccgCode} and ${item.areaTeamCode} · ${item.title}` },
    { type: "items", items: figuresOf(item).map((f) => ({ title: f })) },
    {
      type: "fields",
      fields: [
        { label: "Rule", value: `${item.ruleId} (rules version ${item.rulesVersion})` },
        { label: "Raised", value: formatLondonDateTime(item.raisedAt) },
        { label: "Status", value: reviewItemState(item) },
      ],
    },
  ];
  const buttons = reviewItemButtons(item);
  if (buttons.length) blocks.push({ type: "buttons", buttons });
  if (events.length)
    blocks.push({
      type: "items",
      items: events.map((e) => ({
        title: `${formatLondonDateTime(e.at)} — ${e.kind}`,
        detail: e.party ? `${e.actorName} for ${partyLabel(e.party)}` : e.actorName,
      })),
    });
  blocks.push({
    type: "context",
    text:
      `A rule raised this; it decides nothing. It is on ${item.ccgCode}'s next performance review agenda (\`review ${item.ccgCode}\`). ` +
      `Resolve it in the dialogue: \`escalation ${ref} discuss\` opens a discussion (resolved when closed), \`escalation ${ref} action A12\` ties an action both sides agreed, or each side says \`escalation ${ref} noted\`.` +
      (late ? " (Sent late: the bot was not running when it was raised.)" : ""),
  });
  return {
    summary: `${ref} for ${item.ccgCode} and ${item.areaTeamCode}: ${item.title}`,
    blocks,
    visibility: "channel",
  };
}

export function reviewItemListReply(title: string, items: ReviewItem[], empty: string): Reply {
  if (!items.length) return textReply(empty);
  return {
    summary: `${title}: ${items.length}`,
    blocks: [
      { type: "heading", text: title },
      {
        type: "items",
        items: items.map((i) => ({
          title: `${reviewItemRef(i.id)} ${i.ccgCode} · ${i.title}`,
          detail: `${figuresOf(i).slice(0, 2).join("; ")} · ${reviewItemState(i)}`,
        })),
      },
    ],
    visibility: "private",
  };
}

export function rulesReply({ rules, hash, problem }: LoadedRules, file: string): Reply {
  return {
    summary: `Escalation rules, version ${rules.version} (${hash}): ${rules.rules.length}`,
    blocks: [
      { type: "heading", text: `Escalation rules (version ${rules.version}, ${hash})` },
      ...(problem ? [{ type: "paragraph" as const, text: `⚠️ A newer rules file was not used. ${problem}` }] : []),
      {
        type: "items",
        items: rules.rules.map((r) => {
          const { id, kind, description, enabled, ...settings } = r;
          return {
            title: `${id}: ${description}${enabled ? "" : " (off)"}`,
            detail: `${kind} · ${Object.entries(settings)
              .map(([k, v]) => `${k} ${String(v)}`)
              .join(", ")}`,
          };
        }),
      },
      {
        type: "context",
        text: `A rule that fires raises a review item for the CCG and its area team, posted in both parties' linked channels and put on their next performance review; it decides nothing. The operator changes ${file} (kept in git) and its version; a changed file takes effect at the next evaluation, no restart (a file that is not valid is not used, and says why here).`,
      },
    ],
    visibility: "private",
  };
}
