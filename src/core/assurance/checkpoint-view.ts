// An assurance checkpoint as both parties read it: for each domain, the CCG's self-assessment beside its area team's
// view (the national ask filled in from status where a side recorded none), the differences between them, what each
// side has yet to record and whether each has marked it discussed. Reading only: no permission check, no writes.
import type { AssuranceCheckpoint, AssuranceView, Deadline, Party, PrismaClient } from "../db";
import type { DeadlineService } from "../deadlines/deadlines";
import type { IndicatorStatusService } from "../indicators/status";
import type { OrganisationSummary } from "../organisations/directory";
import {
  AUTHORISATION_DOMAINS,
  DOMAINS,
  NATIONAL_ASK,
  checkpointDeadlineTitle,
  stepsBetween,
  type AssuranceRating,
  type Domain,
  type Quarter,
} from "./domains";
import { nationalAskRating, type NationalAskFromStatus } from "./national-ask";

export interface SideView {
  rating: AssuranceRating;
  narrative: string;
  links: string[];
  recordedByName: string;
  recordedAt: Date;
  /** the national ask as status says it, where this side recorded no view of its own */
  prefilled?: boolean;
}

export interface DomainRow {
  domain: Domain;
  ccg: SideView | null;
  areaTeam: SideView | null;
  /** steps between the two views (red–green is 2); null until both have one */
  steps: number | null;
  /** the discussion opened on this domain's difference, if any */
  discussionId?: number;
}

export interface CheckpointView {
  ccg: OrganisationSummary;
  quarter: Quarter;
  checkpoint: AssuranceCheckpoint | null;
  rows: DomainRow[];
  /** rows where both sides have a view and the views differ */
  differences: DomainRow[];
  /** domains of authorisation each side has not recorded yet */
  missing: Record<Party, Domain[]>;
  discussed: Record<Party, boolean>;
  complete: boolean;
  /** the checkpoint's date (a deadline of the round), when one is set */
  due: Deadline | null;
  nationalAsk: NationalAskFromStatus;
}

export interface CheckpointViewDeps {
  prisma: PrismaClient;
  indicators: IndicatorStatusService;
  deadlines: DeadlineService;
}

/** The checkpoint of one CCG and quarter as it stands (empty where nothing is recorded yet). */
export async function buildCheckpointView(
  deps: CheckpointViewDeps,
  ccg: OrganisationSummary,
  quarter: Quarter,
  now: Date,
): Promise<CheckpointView> {
  const checkpoint = await deps.prisma.assuranceCheckpoint.findUnique({
    where: { ccgCode_year_quarter: { ccgCode: ccg.code, year: quarter.year, quarter: quarter.quarter } },
    include: { views: true, events: { where: { kind: "discussion-opened" } } },
  });
  const status = await deps.indicators.statusOf(ccg.code, now, undefined, {
    asOf: { kind: "QUARTER", start: quarter.start, end: quarter.end, label: quarter.label },
  });
  const nationalAsk = nationalAskRating(
    status.national.map((r) => r.rag),
    status.includesDemoData,
  );
  const views = checkpoint?.views ?? [];
  const opened = new Map<string, number>();
  for (const e of checkpoint?.events ?? []) {
    const d = e.detail as { domain?: string; discussionId?: number } | null;
    if (d?.domain && d.discussionId) opened.set(d.domain, d.discussionId);
  }
  const side = (domain: string, party: Party): SideView | null => {
    const v = views.find((x) => x.domain === domain && x.party === party);
    if (v) return sideOf(v);
    if (domain === NATIONAL_ASK && nationalAsk.rating)
      return {
        rating: nationalAsk.rating,
        narrative: `From status: ${nationalAsk.summary}${nationalAsk.demo ? " (demo data)" : ""}.`,
        links: [],
        recordedByName: "status",
        recordedAt: quarter.end,
        prefilled: true,
      };
    return null;
  };
  const rows: DomainRow[] = DOMAINS.map((domain) => {
    const c = side(domain.key, "CCG");
    const a = side(domain.key, "AREA_TEAM");
    const discussionId = opened.get(domain.key);
    return {
      domain,
      ccg: c,
      areaTeam: a,
      steps: c && a ? stepsBetween(c.rating, a.rating) : null,
      ...(discussionId ? { discussionId } : {}),
    };
  });
  const missingFor = (p: Party) =>
    AUTHORISATION_DOMAINS.filter((d) => !views.some((v) => v.domain === d.key && v.party === p));
  const discussed = {
    CCG: !!checkpoint?.ccgDiscussedAt,
    AREA_TEAM: !!checkpoint?.areaTeamDiscussedAt,
  };
  const title = checkpointDeadlineTitle(quarter);
  const due = (await deps.deadlines.forOrganisation(ccg, { limit: 200 })).find((d) => d.title === title) ?? null;
  const { views: _v, events: _e, ...bare } = checkpoint ?? { views: [], events: [] };
  return {
    ccg,
    quarter,
    checkpoint: checkpoint ? (bare as AssuranceCheckpoint) : null,
    rows,
    differences: rows.filter((r) => (r.steps ?? 0) > 0),
    missing: { CCG: missingFor("CCG"), AREA_TEAM: missingFor("AREA_TEAM") },
    discussed,
    complete: discussed.CCG && discussed.AREA_TEAM,
    due,
    nationalAsk,
  };
}

function sideOf(v: AssuranceView): SideView {
  return {
    rating: v.rating as AssuranceRating,
    narrative: v.narrative,
    links: v.links,
    recordedByName: v.recordedByName,
    recordedAt: v.recordedAt,
  };
}
