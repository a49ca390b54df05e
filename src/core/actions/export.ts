// Exports for a board paper: a CCG's actions as CSV, and one discussion with its actions and their history as a
// self-contained HTML page. Cells a spreadsheet would run as a formula (starting = + - @, or a tab or carriage
// return) are neutralised with a leading apostrophe, so an action's text can't become a formula in Excel.
import type { ActionEvent, Discussion } from "../db";
import { partyLabel } from "../people/actor";
import { formatLondonDate, formatLondonDateTime } from "../time";
import { actionRef, type ActionWithDiscussion } from "./actions";
import { discussionRef } from "../discussions/discussions";

/** What `export` makes: a CCG's actions (CSV) or one discussion (HTML). */
export type ExportTarget = { kind: "actions"; ccg: string } | { kind: "discussion"; discussionId: number };

/** Signed links to an export on this server, for one person; set by the export route when it is mounted. */
export interface ExportLinker {
  /** the absolute URL; undefined when the bot has no PUBLIC_URL */
  url(personId: string, target: ExportTarget): string | undefined;
}

/** A CSV cell a spreadsheet won't read as a formula (OWASP's CSV injection advice), quoted when it must be. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const STATUS: Record<string, string> = { PROPOSED: "proposed", AGREED: "agreed", DONE: "done", DROPPED: "dropped" };
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

/** One row an action: id, discussion, CCG, topic, text, owner, due (YYYY-MM-DD), status, proposed by, created. */
export function actionsCsv(actions: ActionWithDiscussion[]): string {
  const header = ["action", "discussion", "ccg", "topic", "text", "owner", "due", "status", "proposed by", "created"];
  const rows = actions.map((a) => [
    actionRef(a.id),
    discussionRef(a.discussionId),
    a.discussion.ccgCode,
    a.discussion.topic,
    a.text,
    a.owner,
    day(a.dueDate),
    STATUS[a.status] ?? a.status,
    partyLabel(a.proposedByParty),
    day(a.createdAt),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * A discussion as one HTML page (no scripts, no outside resources): its topic and parties, its status and closing
 * summary, each action with owner, due date and status, and each action's history. `describe` words an event's
 * changes (the reply views' own wording, so the page says what `history` says).
 */
export function discussionHtml(
  d: Discussion,
  actions: ActionWithDiscussion[],
  history: Map<number, ActionEvent[]>,
  describe: (e: ActionEvent) => string | null,
  status: string,
): string {
  const h = escapeHtml;
  const rows = actions
    .map((a) => {
      const events = (history.get(a.id) ?? [])
        .map((e) => {
          const changes = describe(e);
          return `<li>${h(formatLondonDateTime(e.at))} — ${h(e.kind)}: ${h(e.actorName)} for ${h(partyLabel(e.party))}${changes ? ` (${h(changes)})` : ""}</li>`;
        })
        .join("");
      return (
        `<tr><td>${h(actionRef(a.id))}</td><td>${h(a.text)}</td><td>${h(a.owner ?? "")}</td>` +
        `<td>${a.dueDate ? h(formatLondonDate(a.dueDate)) : "no due date"}</td><td>${h(STATUS[a.status] ?? a.status)}</td>` +
        `<td><ul>${events}</ul></td></tr>`
      );
    })
    .join("\n");
  const title = `${discussionRef(d.id)} · ${d.ccgCode} · ${d.topic}`;
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${h(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}ul{margin:0;padding-left:1.2em}</style>
</head><body>
<h1>${h(title)}</h1>
<p>CCG ${h(d.ccgCode)} · area team ${h(d.areaTeamCode)} · opened by ${h(partyLabel(d.openedByParty))} on ${h(formatLondonDate(d.openedAt))} · ${h(status)}</p>
${d.closedSummary ? `<h2>Closing summary</h2><p>${h(d.closedSummary).replace(/\n/g, "<br>")}</p>` : ""}
<h2>Actions</h2>
${actions.length ? `<table><thead><tr><th>Action</th><th>What</th><th>Owner</th><th>Due</th><th>Status</th><th>History</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : "<p>No actions.</p>"}
</body></html>
`;
}
