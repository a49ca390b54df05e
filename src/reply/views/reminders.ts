// Reminders and digests as replies.
import { actionRef, type ActionWithDiscussion } from "../../core/actions/actions";
import type { Deadline, Discussion } from "../../core/db";
import { discussionRef } from "../../core/discussions/discussions";
import type { IndicatorStatus } from "../../core/indicators/status";
import { formatLondonDate, formatLondonDateTime } from "../../core/time";
import type { Block, Reply } from "../model";
import { actionBlocks } from "./dialogue";
import { DEMO_DATA_NOTE } from "./status";

export const LATE_NOTE = "Sent late: the bot was unavailable when this was due.";

const withLate = (blocks: Block[], late: boolean): Block[] =>
  late ? [...blocks, { type: "context", text: LATE_NOTE }] : blocks;

export function deadlineReminder(d: Deadline, daysBefore: number, late: boolean): Reply {
  const when = daysBefore === 0 ? "today" : daysBefore === 1 ? "tomorrow" : `in ${daysBefore} days`;
  const summary = `Deadline ${when}: ${d.title} (${formatLondonDateTime(d.dueAt)})`;
  return {
    summary,
    blocks: withLate(
      [
        { type: "heading", text: `Deadline ${when}` },
        {
          type: "fields",
          fields: [
            { label: "What", value: d.title },
            { label: "Due", value: formatLondonDateTime(d.dueAt) },
            { label: "For", value: d.organisationCode ?? "all CCGs and area teams" },
          ],
        },
        ...(d.link ? [{ type: "context" as const, text: d.link }] : []),
      ],
      late,
    ),
    visibility: "channel",
  };
}

export function actionReminder(a: ActionWithDiscussion, kind: "due" | "overdue" | "nudge", late: boolean): Reply {
  const headline =
    kind === "nudge"
      ? `${actionRef(a.id)} is waiting for agreement`
      : kind === "overdue"
        ? `${actionRef(a.id)} is overdue (was due ${a.dueDate ? formatLondonDate(a.dueDate) : "?"})`
        : `${actionRef(a.id)} is due ${a.dueDate ? formatLondonDate(a.dueDate) : ""}`.trim();
  return {
    summary: `${headline}: ${a.text}`,
    blocks: withLate([{ type: "heading", text: headline }, ...actionBlocks(a)], late),
    visibility: "channel",
  };
}

export function digestReply(input: {
  organisation: { code: string; name: string };
  statuses: IndicatorStatus[];
  openActions: ActionWithDiscussion[];
  openDiscussions: Discussion[];
  deadlines: Deadline[];
  late: boolean;
}): Reply {
  const tally = (s: IndicatorStatus) => {
    const rows = [...s.national, ...s.local];
    const n = (rag: string) => rows.filter((r) => r.rag === rag).length;
    return `${n("red")} red, ${n("amber")} amber, ${n("green")} green`;
  };
  const blocks: Block[] = [
    { type: "heading", text: `Weekly summary — ${input.organisation.code} ${input.organisation.name}` },
    {
      type: "items",
      items: input.statuses.map((s) => ({
        title: `${s.ccg.code} ${s.ccg.name}: ${tally(s)}`,
        detail:
          [...s.national, ...s.local]
            .filter((r) => r.rag === "red")
            .slice(0, 3)
            .map((r) => r.name)
            .join("; ") || "no reds",
      })),
    },
    {
      type: "fields",
      fields: [
        { label: "Open discussions", value: String(input.openDiscussions.length) },
        { label: "Open actions", value: String(input.openActions.length) },
        {
          label: "Waiting for agreement",
          value: String(input.openActions.filter((a) => a.status === "PROPOSED").length),
        },
      ],
    },
  ];
  if (input.deadlines.length) {
    blocks.push({
      type: "items",
      items: input.deadlines.slice(0, 5).map((d) => ({ title: `${formatLondonDateTime(d.dueAt)} — ${d.title}` })),
    });
  }
  if (input.openDiscussions.length) {
    blocks.push({
      type: "context",
      text: `Open: ${input.openDiscussions
        .slice(0, 5)
        .map((d) => `${discussionRef(d.id)} ${d.topic}`)
        .join("; ")}`,
    });
  }
  if (input.statuses.some((s) => s.includesDemoData)) blocks.push({ type: "context", text: DEMO_DATA_NOTE });
  return {
    summary: `Weekly summary for ${input.organisation.code}`,
    blocks: withLate(blocks, input.late),
    visibility: "channel",
  };
}
