// A checkpoint as a short document for board papers: one self-contained HTML page that prints on A4, both views
// side by side, differences marked, where the dialogue stands. Every value is escaped.
import { formatLondonDate, formatLondonDateTime } from "../time";
import type { CheckpointView, SideView } from "./checkpoint-view";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function cell(v: SideView | null): string {
  if (!v) return `<td class="none">not recorded</td>`;
  const links = v.links.map((l) => `<a href="${esc(l)}">${esc(l)}</a>`).join("<br>");
  return (
    `<td><span class="rag ${v.rating}">${v.rating}</span> ${esc(v.narrative)}` +
    (links ? `<div class="links">${links}</div>` : "") +
    `<div class="by">${v.prefilled ? "pre-filled from status" : `${esc(v.recordedByName)}, ${formatLondonDate(v.recordedAt)}`}</div></td>`
  );
}

export function checkpointHtml(v: CheckpointView, now: Date): string {
  const { ccg, quarter } = v;
  const at = ccg.areaTeamCode ?? "";
  const rows = v.rows
    .map(
      (r) =>
        `<tr class="${(r.steps ?? 0) > 0 ? "differs" : ""}"><th>${esc(r.domain.name)}</th>${cell(r.ccg)}${cell(r.areaTeam)}` +
        `<td>${r.steps === null ? "" : r.steps === 0 ? "same" : `differ by ${r.steps} step${r.steps === 1 ? "" : "s"}`}${r.discussionId ? `<br>discussion D${r.discussionId}` : ""}</td></tr>`,
    )
    .join("\n");
  const side = (done: boolean, who: string) =>
    `${who}: ${done ? "says it was discussed" : "has not said it was discussed"}`;
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>${esc(`${ccg.code} assurance checkpoint ${quarter.label}`)}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font: 10pt/1.35 Arial, Helvetica, sans-serif; color: #000; }
h1 { font-size: 14pt; margin: 0 0 4pt; } p { margin: 2pt 0; }
table { width: 100%; border-collapse: collapse; margin-top: 8pt; }
th, td { border: 1px solid #888; padding: 4pt; vertical-align: top; text-align: left; }
thead th { background: #eee; } tr { page-break-inside: avoid; }
tr.differs th, tr.differs td { border-width: 2px; border-color: #000; }
.rag { font-weight: bold; text-transform: uppercase; padding: 0 3pt; border: 1px solid #000; }
.rag.red { background: #f4b6b6; } .rag.amber { background: #fbe0a0; } .rag.green { background: #bfe5bf; }
.by, .links { font-size: 8pt; color: #444; } .none { color: #666; font-style: italic; }
</style></head><body>
<h1>${esc(`${ccg.code} ${ccg.name}: assurance checkpoint ${quarter.label}`)}</h1>
<p>Two views side by side: ${esc(ccg.code)}'s self-assessment and its area team ${esc(at)}'s view. A checkpoint is not passed or failed; differences are topics for the dialogue.</p>
<p>${v.due ? `Checkpoint date: ${esc(formatLondonDateTime(v.due.dueAt))}. ` : ""}${v.complete ? "Complete: both sides recorded their views and said they were discussed." : `${esc(side(v.discussed.CCG, ccg.code))}; ${esc(side(v.discussed.AREA_TEAM, at))}.`}</p>
<table><thead><tr><th>Domain</th><th>${esc(ccg.code)} (self-assessment)</th><th>${esc(at)} (area team's view)</th><th>Difference</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p class="by">Delivery of the national ask from status as of ${esc(quarter.label)}: ${esc(v.nationalAsk.summary)}${v.nationalAsk.demo ? " (demo data)" : ""}. Printed ${esc(formatLondonDateTime(now))} from Plan Dialogue.</p>
</body></html>
`;
}
