// Discussions and agreed actions as replies: the root message of a thread, an action card, lists.
import type { ActionWithDiscussion } from "../../core/actions/actions";
import { actionRef } from "../../core/actions/actions";
import type { Action, ActionEvent, Discussion } from "../../core/db";
import { discussionRef } from "../../core/discussions/discussions";
import { otherParty, partyLabel } from "../../core/people/actor";
import { formatLondonDate, formatLondonDateTime } from "../../core/time";
import { z } from "zod";
import { textReply, type Block, type Button, type Reply } from "../model";

export const ACTION_BUTTONS = {
  agree: "action.agree",
  done: "action.done",
  edit: "action.edit",
  drop: "action.drop",
  propose: "discussion.propose",
} as const;

const due = (a: Action) => (a.dueDate ? formatLondonDate(a.dueDate) : "no due date");

export function actionStatusText(a: Action): string {
  switch (a.status) {
    case "PROPOSED": {
      const waitingFor = a.ccgAgreedAt ? "the area team" : "the CCG";
      return `Proposed — waiting for ${waitingFor} to agree`;
    }
    case "AGREED":
      return a.dropRequestedBy ? `Agreed — ${partyLabel(a.dropRequestedBy)} asked to drop it` : "Agreed by both sides";
    case "DONE":
      return "Done";
    case "DROPPED":
      return "Dropped";
  }
}

export function actionButtons(a: Action): Button[] {
  const payload = { actionId: a.id };
  if (a.status === "PROPOSED") {
    return [
      { label: "Agree", actionId: ACTION_BUTTONS.agree, payload, style: "primary" },
      { label: "Edit", actionId: ACTION_BUTTONS.edit, payload },
      { label: "Drop", actionId: ACTION_BUTTONS.drop, payload, style: "danger" },
    ];
  }
  if (a.status === "AGREED") {
    return [
      { label: "Done", actionId: ACTION_BUTTONS.done, payload, style: "primary" },
      { label: "Edit", actionId: ACTION_BUTTONS.edit, payload },
      { label: "Drop", actionId: ACTION_BUTTONS.drop, payload, style: "danger" },
    ];
  }
  return [];
}

/** The card that shows one action, in its thread and wherever it is listed. */
export function actionBlocks(a: ActionWithDiscussion): Block[] {
  const blocks: Block[] = [
    { type: "paragraph", text: `${actionRef(a.id)} · ${a.text}` },
    {
      type: "fields",
      fields: [
        { label: "Owner", value: a.owner ?? "not set" },
        { label: "Due", value: due(a) },
        { label: "Status", value: actionStatusText(a) },
        {
          label: "Discussion",
          value: `${discussionRef(a.discussionId)} ${a.discussion.ccgCode} · ${a.discussion.topic}`,
        },
      ],
    },
  ];
  const buttons = actionButtons(a);
  if (buttons.length) blocks.push({ type: "buttons", buttons });
  return blocks;
}

export function actionReply(
  a: ActionWithDiscussion,
  headline: string,
  visibility: Reply["visibility"] = "channel",
): Reply {
  return {
    summary: `${headline}: ${actionRef(a.id)} ${a.text}`,
    blocks: [{ type: "heading", text: headline }, ...actionBlocks(a)],
    visibility,
  };
}

export function actionListReply(title: string, actions: ActionWithDiscussion[], empty: string): Reply {
  if (!actions.length) return textReply(empty);
  return {
    summary: `${title}: ${actions.length}`,
    blocks: [
      { type: "heading", text: title },
      {
        type: "items",
        items: actions.map((a) => ({
          title: `${actionRef(a.id)} ${a.text}`,
          detail: `${a.discussion.ccgCode} · ${a.owner ?? "no owner"} · ${a.dueDate ? `due ${due(a)}` : "no due date"} · ${actionStatusText(a)}`,
        })),
      },
    ],
    visibility: "private",
    narrow: "Narrow it down, e.g. `actions mine` or `actions overdue`.",
  };
}

/** "Open"; "Closed by the area team on …, summary waiting for the CCG to confirm"; "Closed …, summary agreed by both". */
export function discussionStatusText(d: Discussion): string {
  if (d.status === "OPEN") return "Open";
  const on = d.closedAt ? ` on ${formatLondonDate(d.closedAt)}` : "";
  if (!d.closedByParty) return `Closed${on}`;
  return d.closeConfirmedAt
    ? `Closed by ${partyLabel(d.closedByParty)}${on}; summary agreed by both sides`
    : `Closed by ${partyLabel(d.closedByParty)}${on}; summary waiting for ${partyLabel(otherParty(d.closedByParty))} to confirm`;
}

/** The root message of a discussion's thread. */
export function discussionBlocks(d: Discussion, counts?: { agreed: number; open: number; done: number }): Block[] {
  const fields = [
    { label: "CCG", value: d.ccgCode },
    { label: "Area team", value: d.areaTeamCode },
    { label: "Opened by", value: `${partyLabel(d.openedByParty)} on ${formatLondonDate(d.openedAt)}` },
    { label: "Status", value: discussionStatusText(d) },
  ];
  if (d.indicatorCodes.length) fields.push({ label: "Indicators", value: d.indicatorCodes.join(", ") });
  if (counts)
    fields.push({
      label: "Actions",
      value: `${counts.agreed} agreed, ${counts.open} waiting for agreement, ${counts.done} done`,
    });
  const blocks: Block[] = [
    { type: "heading", text: `${discussionRef(d.id)} · ${d.ccgCode} · ${d.topic}` },
    { type: "fields", fields },
  ];
  if (d.status === "CLOSED" && d.closedSummary) blocks.push({ type: "paragraph", text: d.closedSummary });
  if (d.status === "OPEN") {
    blocks.push({
      type: "buttons",
      buttons: [{ label: "Propose an action", actionId: ACTION_BUTTONS.propose, payload: { discussionId: d.id } }],
    });
    blocks.push({
      type: "context",
      text: `Propose an action with \`action ${discussionRef(d.id)} <what> owner <who> due <date>\`.`,
    });
  }
  return blocks;
}

/**
 * Why a new discussion's thread could not be posted, as the platform understood its error: its own words for
 * what is wrong and what to do (Slack's `/invite`, Teams' team apps), or an unexpected failure's logged id.
 */
export type ThreadNotPosted = { reason: string; fix?: string } | { errorId: string };

/**
 * What the person who opened a discussion reads when its root message could not be posted: the discussion is
 * open all the same, so `discuss` again would open a second one; it works without a thread, by its id.
 * `where` says where the root was to go, e.g. "in this channel".
 */
export function threadNotPostedReply(
  d: Pick<Discussion, "id" | "ccgCode" | "topic">,
  where: string,
  why: ThreadNotPosted,
): Reply {
  const ref = discussionRef(d.id);
  const because =
    "errorId" in why
      ? `something went wrong on my side (error id ${why.errorId}). If it keeps happening, give your operator the error id.`
      : `${why.reason}.${why.fix ? ` ${why.fix}` : ""}`;
  return {
    summary: `${ref} is open, but its thread could not be posted ${where}.`,
    blocks: [
      {
        type: "paragraph",
        text: `${ref} with ${d.ccgCode} (${d.topic}) is open, but I couldn't post its thread ${where}: ${because}`,
      },
      {
        type: "context",
        text: `Don't run \`discuss\` again: that would open a second discussion. ${ref} works without a thread, from any channel or chat: propose actions with \`action ${ref} …\` and find it with \`discussions\`. Once I can post, \`thread ${ref}\` gives it its thread.`,
      },
    ],
    visibility: "private",
    isError: true,
  };
}

/** After `thread D12`: where the new thread is and how many action cards went into it. */
export function threadPostedReply(d: Pick<Discussion, "id">, where: string, posted: number, failed: number): Reply {
  const text =
    `Posted ${discussionRef(d.id)}'s thread ${where}, with ${posted} action card${posted === 1 ? "" : "s"}` +
    (failed ? ` (${failed} could not be posted; those actions still work by id)` : "") +
    ": the discussion continues there.";
  return textReply(text);
}

/** `thread D12` when someone else gave the discussion its thread a moment before. */
export function threadTakenReply(d: Pick<Discussion, "id">): Reply {
  const text = `${discussionRef(d.id)} got its thread from someone else a moment ago, so I took back the second one I had posted.`;
  return textReply(text);
}

export function discussionListReply(title: string, discussions: Discussion[], empty: string): Reply {
  if (!discussions.length) return textReply(empty);
  return {
    summary: `${title}: ${discussions.length}`,
    blocks: [
      { type: "heading", text: title },
      {
        type: "items",
        items: discussions.map((d) => ({
          title: `${discussionRef(d.id)} ${d.ccgCode} · ${d.topic}`,
          detail: `${d.status === "OPEN" ? "open" : "closed"} · opened by ${partyLabel(d.openedByParty)} ${formatLondonDate(d.openedAt)}`,
        })),
      },
    ],
    visibility: "private",
  };
}

const fieldValues = z
  .object({
    text: z.string().nullish(),
    owner: z.string().nullish(),
    dueDate: z.string().nullish(),
  })
  .partial();
const editDetail = z.object({ before: fieldValues, after: fieldValues });

/** A stored due date ("2014-01-10", or an older row's "2014-01-10T00:00:00.000Z") as people read it. */
const dueText = (v: string | null | undefined) =>
  v ? formatLondonDate(new Date(`${v.slice(0, 10)}T00:00:00Z`)) : "no due date";
const quoted = (v: string | null | undefined) => (v ? `"${v}"` : "none");

/** What an audit event changed, in words: `due Fri 10 Jan 2014 → Fri 17 Jan 2014; owner Jo Smith → Sam Patel`. */
export function eventChanges(e: Pick<ActionEvent, "kind" | "detail">): string | null {
  if (e.kind === "proposed") {
    const d = fieldValues.safeParse(e.detail);
    if (!d.success) return null;
    return [d.data.owner ? `owner ${d.data.owner}` : null, d.data.dueDate ? `due ${dueText(d.data.dueDate)}` : null]
      .filter(Boolean)
      .join(", ");
  }
  if (e.kind !== "edited") return null;
  const d = editDetail.safeParse(e.detail);
  if (!d.success) return null;
  const { before, after } = d.data;
  const parts: string[] = [];
  if (after.text !== undefined && after.text !== before.text)
    parts.push(`text ${quoted(before.text)} → ${quoted(after.text)}`);
  if (after.owner !== undefined && after.owner !== before.owner)
    parts.push(`owner ${before.owner ?? "none"} → ${after.owner ?? "none"}`);
  if (after.dueDate !== undefined && dueText(after.dueDate) !== dueText(before.dueDate))
    parts.push(`due ${dueText(before.dueDate)} → ${dueText(after.dueDate)}`);
  return parts.length ? parts.join("; ") : null;
}

export function historyReply(a: Action, events: ActionEvent[]): Reply {
  return {
    summary: `${actionRef(a.id)} history: ${events.length} steps`,
    blocks: [
      { type: "heading", text: `${actionRef(a.id)} · ${a.text}` },
      {
        type: "items",
        items: events.map((e) => {
          const changes = eventChanges(e);
          return {
            title: `${formatLondonDateTime(e.at)} — ${e.kind}`,
            detail: `${e.actorName} for ${partyLabel(e.party)}${changes ? `: ${changes}` : ""}`,
          };
        }),
      },
    ],
    visibility: "private",
  };
}
