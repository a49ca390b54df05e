// A performance review's agenda, built when shown from the dialogue as it stands: the CCG's open review items, red
// indicators, overdue agreed actions, open discussions, plan lines below the standard and the latest checkpoint's
// differences, then the items either side added; each with the outcome recorded for it (by its stable key).
import type { AssuranceService } from "../assurance/assurance";
import type { PrismaClient, ReviewEntry } from "../db";
import { figuresOf, reviewItemRef, type ReviewItemService } from "../escalation/review-items";
import type { IndicatorStatusService } from "../indicators/status";
import type { OrganisationSummary } from "../organisations/directory";
import type { PlanService } from "../plans/plans";
import { londonDate, londonDateToUtcMidnight, storedDate } from "../time";

export type AgendaKind = "review-item" | "red" | "overdue-action" | "discussion" | "plan-line" | "checkpoint" | "added";

export interface AgendaItem {
  /** stable across showings, so an outcome stays with its item: "item:R3", "red:ae_4hr", "added:12" */
  key: string;
  kind: AgendaKind;
  title: string;
  detail?: string;
  outcome?: { text: string; by: string; at: Date; actionId?: number };
}

const KIND_LABEL: Record<AgendaKind, string> = {
  "review-item": "Review item",
  red: "Red indicator",
  "overdue-action": "Overdue action",
  discussion: "Open discussion",
  "plan-line": "Plan below standard",
  checkpoint: "Checkpoint difference",
  added: "Added",
};
export const agendaLabel = (k: AgendaKind) => KIND_LABEL[k];

/** Where the agenda's automatic items come from. */
export interface AgendaSources {
  prisma: PrismaClient;
  indicators: IndicatorStatusService;
  plans: PlanService;
  assurance: AssuranceService;
  reviewItems: ReviewItemService;
}

/** The automatic agenda, then the items added by hand, each with its outcome if one is recorded. */
export async function buildAgenda(
  sources: AgendaSources,
  ccg: OrganisationSummary,
  entries: ReviewEntry[],
  now: Date,
): Promise<{ agenda: AgendaItem[]; includesDemoData: boolean }> {
  const today = londonDateToUtcMidnight(londonDate(now));
  const [items, status, overdue, discussions, latest] = await Promise.all([
    sources.reviewItems.openFor(ccg.code, now),
    sources.indicators.statusOf(ccg.code, now),
    sources.prisma.action.findMany({
      where: { discussion: { ccgCode: ccg.code }, status: "AGREED", dueDate: { lt: today } },
      orderBy: { dueDate: "asc" },
    }),
    sources.prisma.discussion.findMany({ where: { ccgCode: ccg.code, status: "OPEN" }, orderBy: { id: "asc" } }),
    sources.assurance.latest(ccg, now),
  ]);
  const plan = await sources.plans.view(ccg.code).catch(() => null);
  const out: AgendaItem[] = [];
  for (const i of items)
    out.push({
      key: `item:${reviewItemRef(i.id)}`,
      kind: "review-item",
      title: `${reviewItemRef(i.id)} ${i.title}`,
      detail: figuresOf(i).join("; "),
    });
  for (const r of status.national.filter((x) => x.rag === "red"))
    out.push({
      key: `red:${r.code}`,
      kind: "red",
      title: `${r.name}: ${r.value ?? "no figure"}`,
      detail: `standard ${r.standard ?? "none"}, ${r.period ?? ""}${r.demo ? " (demo data)" : ""}`,
    });
  for (const a of overdue)
    out.push({
      key: `action:A${a.id}`,
      kind: "overdue-action",
      title: `A${a.id} ${a.text}`,
      detail: `due ${a.dueDate ? storedDate(a.dueDate) : "?"}, owner ${a.owner ?? "not set"}`,
    });
  for (const d of discussions)
    out.push({ key: `discussion:D${d.id}`, kind: "discussion", title: `D${d.id} ${d.topic}` });
  if (plan) {
    const short = new Map<string, string[]>();
    for (const l of plan.lines.filter((x) => x.shortOfStandard))
      short.set(l.indicatorCode, [...(short.get(l.indicatorCode) ?? []), `${l.period} ${l.shown}`]);
    for (const [code, lines] of short)
      out.push({
        key: `plan:${code}`,
        kind: "plan-line",
        title: `Plan version ${plan.version.number}: ${code} below the standard`,
        detail: lines.slice(0, 3).join(", ") + (lines.length > 3 ? ` and ${lines.length - 3} more` : ""),
      });
  }
  if (latest)
    for (const r of latest.differences)
      out.push({
        key: `checkpoint:${latest.quarter.year}-Q${latest.quarter.quarter}:${r.domain.key}`,
        kind: "checkpoint",
        title: `Checkpoint ${latest.quarter.label}: ${r.domain.name}`,
        detail: `${ccg.code} ${r.ccg!.rating}, ${ccg.areaTeamCode} ${r.areaTeam!.rating}${r.discussionId ? `, in D${r.discussionId}` : ""}`,
      });
  for (const e of entries.filter((x) => x.key.startsWith("added:")))
    out.push({
      key: e.key,
      kind: "added",
      title: e.text ?? "",
      detail: `added by ${e.addedByParty === "CCG" ? ccg.code : ccg.areaTeamCode}`,
    });
  const byKey = new Map(entries.filter((e) => e.outcome).map((e) => [e.key, e]));
  for (const item of out) {
    const e = byKey.get(item.key);
    if (e)
      item.outcome = {
        text: e.outcome!,
        by: e.outcomeByName ?? "",
        at: e.outcomeAt!,
        ...(e.actionId ? { actionId: e.actionId } : {}),
      };
  }
  return { agenda: out, includesDemoData: status.includesDemoData };
}
