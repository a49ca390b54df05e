// Assurance checkpoints as replies: both views side by side, differences highlighted with a button that opens a
// discussion on each, and where the two-party "discussed" stands.
import { z } from "zod";
import type { CheckpointView, DomainRow, SideView } from "../../core/assurance/checkpoint-view";
import { formatLondonDate, formatLondonDateTime } from "../../core/time";
import type { Block, Button, Reply } from "../model";

export const ASSURANCE_BUTTONS = {
  /** opens a discussion on one domain's difference */
  discuss: "assurance.discuss",
  /** marks the checkpoint discussed for the clicker's side */
  discussed: "assurance.discussed",
} as const;

/** What an assurance button carries (parsed with zod when it comes back). */
export const assuranceButtonPayload = z.object({
  ccg: z.string().regex(/^[A-Z0-9]{3,5}$/),
  quarter: z.string().regex(/^Q[1-4] \d{4}\/\d{2}$/),
  domain: z
    .string()
    .regex(/^[a-z-]{2,30}$/)
    .optional(),
});

/** The command a click runs, as the clicker, so it goes through the same checks as typing it; null: unreadable. */
export function assuranceButtonCommand(actionId: string, payload: unknown): string | null {
  const p = assuranceButtonPayload.safeParse(payload);
  if (!p.success) return null;
  const quarter = p.data.quarter.replace(" ", "-");
  if (actionId === ASSURANCE_BUTTONS.discuss && p.data.domain)
    return `assurance ${p.data.ccg} ${quarter} discuss ${p.data.domain}`;
  if (actionId === ASSURANCE_BUTTONS.discussed) return `assurance ${p.data.ccg} ${quarter} discussed`;
  return null;
}

export const isAssuranceButton = (actionId: string) =>
  actionId === ASSURANCE_BUTTONS.discuss || actionId === ASSURANCE_BUTTONS.discussed;

const RAG = { red: "RED", amber: "AMBER", green: "GREEN" } as const;

const shown = (v: SideView | null) => (v ? RAG[v.rating] : "not recorded");

function said(v: SideView | null, who: string): string {
  if (!v) return `${who}: not recorded`;
  const links = v.links.length ? ` (${v.links.join(", ")})` : "";
  const by = v.prefilled ? "pre-filled from status" : `${v.recordedByName}, ${formatLondonDate(v.recordedAt)}`;
  return `${who}: ${v.narrative}${links} — ${by}`;
}

function rowItem(v: CheckpointView, r: DomainRow) {
  const at = v.ccg.areaTeamCode ?? "area team";
  const diff =
    r.steps === null
      ? ""
      : r.steps === 0
        ? " · same view"
        : ` · ⚠ the views differ by ${r.steps} step${r.steps === 1 ? "" : "s"}${r.discussionId ? `, in discussion D${r.discussionId}` : ""}`;
  return {
    title: `${r.domain.name}: ${v.ccg.code} ${shown(r.ccg)} · ${at} ${shown(r.areaTeam)}${diff}`,
    detail: `${said(r.ccg, v.ccg.code)} · ${said(r.areaTeam, at)}`,
  };
}

export function checkpointReply(v: CheckpointView, headline?: string): Reply {
  const at = v.ccg.areaTeamCode ?? "the area team";
  const q = v.quarter.label;
  const state = v.complete
    ? "Complete: both sides recorded their views and said they were discussed."
    : [
        v.missing.CCG.length
          ? `${v.ccg.code} has not recorded ${v.missing.CCG.map((d) => d.key).join(", ")}.`
          : `${v.ccg.code} has recorded every domain.`,
        v.missing.AREA_TEAM.length
          ? `${at} has not recorded ${v.missing.AREA_TEAM.map((d) => d.key).join(", ")}.`
          : `${at} has recorded every domain.`,
        v.discussed.CCG ? `${v.ccg.code} says it was discussed.` : "",
        v.discussed.AREA_TEAM ? `${at} says it was discussed.` : "",
      ]
        .filter(Boolean)
        .join(" ");
  const blocks: Block[] = [
    ...(headline ? [{ type: "paragraph" as const, text: headline }] : []),
    { type: "heading", text: `${v.ccg.code} ${v.ccg.name}: assurance checkpoint ${q}` },
    {
      type: "fields",
      fields: [
        { label: "Checkpoint date", value: v.due ? formatLondonDateTime(v.due.dueAt) : "not set" },
        { label: "Where it stands", value: state },
      ],
    },
    { type: "items", items: v.rows.map((r) => rowItem(v, r)) },
  ];
  const open = v.differences.filter((r) => !r.discussionId);
  if (v.differences.length)
    blocks.push({
      type: "paragraph",
      text: `Differences to talk through: ${v.differences.map((r) => `${r.domain.name} (${r.ccg!.rating} / ${r.areaTeam!.rating})`).join("; ")}.`,
    });
  const buttons: Button[] = open.slice(0, 6).map((r) => ({
    label: `Discuss: ${r.domain.name}`.slice(0, 75),
    actionId: ASSURANCE_BUTTONS.discuss,
    payload: { ccg: v.ccg.code, quarter: q, domain: r.domain.key },
  }));
  const canMark = !v.complete && !v.missing.CCG.length && !v.missing.AREA_TEAM.length;
  if (canMark)
    buttons.push({
      label: "Mark discussed",
      actionId: ASSURANCE_BUTTONS.discussed,
      payload: { ccg: v.ccg.code, quarter: q },
      style: "primary",
    });
  if (buttons.length) blocks.push({ type: "buttons", buttons });
  blocks.push({
    type: "context",
    text: `The CCG records \`assurance ${v.ccg.code} ${q} self <domain> <red|amber|green> <narrative> [links]\`, the area team \`… view …\`; \`… discussed\` says your side talked it through (complete once both have); \`… export\` gives a printable document. A checkpoint is never passed or failed.${v.nationalAsk.demo ? " Demo data." : ""}`,
  });
  return {
    summary: `${v.ccg.code} assurance checkpoint ${q}: ${v.differences.length} difference${v.differences.length === 1 ? "" : "s"}${v.complete ? ", complete" : ""}`,
    blocks,
    visibility: "private",
  };
}
