// Assurance checkpoints: each quarter, per CCG, two views side by side of the six domains of authorisation and of
// the delivery of the national ask: the CCG's self-assessment and its area team's view. A difference is a topic for
// the dialogue (a discussion opens on it). A checkpoint is complete when both sides have recorded their views and
// both say it was discussed (two-party, as agreed actions are); nothing here passes or fails one.
import type { Discussion, Party, Prisma, PrismaClient } from "../db";
import type { DeadlineService } from "../deadlines/deadlines";
import type { DiscussionService } from "../discussions/discussions";
import { badInput, conflict, forbidden } from "../errors";
import type { IndicatorStatusService } from "../indicators/status";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { partyLabel } from "../people/actor";
import { requireManage, requireParty } from "../people/permissions";
import { buildCheckpointView, type CheckpointView, type DomainRow } from "./checkpoint-view";
import {
  AUTHORISATION_DOMAINS,
  checkpointDeadlineTitle,
  parseDomain,
  quarterOf,
  type AssuranceRating,
  type Domain,
  type Quarter,
} from "./domains";
import { bothMarked, markFor, type TwoPartyMarks } from "./two-party";

export const MAX_NARRATIVE = 1000;
export const MAX_LINKS = 5;

export interface CheckpointSummary {
  quarter: Quarter;
  recorded: Record<Party, number>;
  differences: number;
  complete: boolean;
  discussed: Record<Party, boolean>;
}

const LINK = /^https?:\/\/\S+$/i;

export class AssuranceService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly indicators: IndicatorStatusService,
    private readonly discussions: DiscussionService,
    private readonly deadlines: DeadlineService,
  ) {}

  private async parties(actor: Actor | null, ccgText: string, what: string) {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    if (!ccg.areaTeamCode) throw badInput(`${ccg.code} has no area team on record, so it has no checkpoint.`);
    const parties = { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode };
    if (!actor)
      throw forbidden(
        `Only ${ccg.code} and its area team ${ccg.areaTeamCode} can ${what}.`,
        "Ask an admin of your CCG or area team to add you (`member`). `whoami` shows what I know.",
      );
    const party = requireParty(actor, parties, what);
    return { ccg, party, areaTeamCode: ccg.areaTeamCode };
  }

  /** One quarter's checkpoint, both views side by side (the parties only). */
  async view(actor: Actor | null, ccgText: string, quarter: Quarter, now: Date): Promise<CheckpointView> {
    const { ccg } = await this.parties(actor, ccgText, `see ${ccgText.toUpperCase()}'s assurance checkpoints`);
    return this.build(ccg, quarter, now);
  }

  /** The checkpoint as it stands, with no permission check: for the escalation rules and the review agenda. */
  build(ccg: OrganisationSummary, quarter: Quarter, now: Date): Promise<CheckpointView> {
    const { prisma, indicators, deadlines } = this;
    return buildCheckpointView({ prisma, indicators, deadlines }, ccg, quarter, now);
  }

  /**
   * One side records its view of one domain: the CCG its self-assessment (`self`), the area team its view (`view`).
   * Changing a view after it was marked discussed clears both marks: the dialogue has something new to discuss.
   */
  async record(
    actor: Actor,
    ccgText: string,
    quarter: Quarter,
    input: { side: "self" | "view"; domain: string; rating: AssuranceRating; narrative: string; links: string[] },
    now: Date,
  ): Promise<{ view: CheckpointView; cleared: boolean; domain: Domain }> {
    const { ccg, party, areaTeamCode } = await this.parties(actor, ccgText, `record a view in ${ccgText}'s checkpoint`);
    if (input.side === "self" && party !== "CCG")
      throw forbidden(
        `Only ${ccg.code} records its self-assessment; you act for its area team ${areaTeamCode}.`,
        `Record the area team's view with \`assurance ${ccg.code} ${quarter.label} view <domain> <red|amber|green> <narrative>\`.`,
      );
    if (input.side === "view" && party !== "AREA_TEAM")
      throw forbidden(
        `Only the area team ${areaTeamCode} records its view; you act for ${ccg.code}.`,
        `Record the CCG's self-assessment with \`assurance ${ccg.code} ${quarter.label} self <domain> <red|amber|green> <narrative>\`.`,
      );
    const domain = parseDomain(input.domain);
    const narrative = input.narrative.trim();
    if (!narrative)
      throw badInput(
        "Say in a few words why: a view needs a short narrative.",
        `For example: \`assurance ${ccg.code} ${quarter.label} ${input.side} ${domain.key} ${input.rating} "Plans agreed with providers"\`.`,
      );
    if (narrative.length > MAX_NARRATIVE)
      throw badInput(`A narrative can be at most ${MAX_NARRATIVE} characters; this one has ${narrative.length}.`);
    const bad = input.links.find((l) => !LINK.test(l));
    if (bad) throw badInput(`"${bad.slice(0, 80)}" is not a web link (https://…).`);
    if (input.links.length > MAX_LINKS) throw badInput(`Give at most ${MAX_LINKS} evidence links.`);
    const checkpoint = await this.ensure(ccg.code, areaTeamCode, quarter, now);
    const cleared = !!(checkpoint.ccgDiscussedAt || checkpoint.areaTeamDiscussedAt);
    await this.prisma.$transaction(async (tx) => {
      const data = {
        rating: input.rating,
        narrative,
        links: input.links,
        recordedById: actor.personId,
        recordedByName: actor.name,
        recordedAt: now,
      };
      await tx.assuranceView.upsert({
        where: { checkpointId_domain_party: { checkpointId: checkpoint.id, domain: domain.key, party } },
        create: { checkpointId: checkpoint.id, domain: domain.key, party, ...data },
        update: data,
      });
      await tx.assuranceCheckpoint.update({
        where: { id: checkpoint.id },
        data: {
          version: { increment: 1 },
          ...(cleared
            ? { ccgDiscussedAt: null, ccgDiscussedById: null, areaTeamDiscussedAt: null, areaTeamDiscussedById: null }
            : {}),
        },
      });
      await audit(tx, checkpoint.id, actor, party, "recorded", now, {
        domain: domain.key,
        rating: input.rating,
        narrative,
        links: input.links,
      });
      if (cleared) await audit(tx, checkpoint.id, actor, party, "discussed-cleared", now, { domain: domain.key });
    });
    return { view: await this.build(ccg, quarter, now), cleared, domain };
  }

  /**
   * One side says the checkpoint was discussed. Only once both sides have recorded every domain; it is complete when
   * someone of each party has said so (one person never for both).
   */
  async markDiscussed(
    actor: Actor,
    ccgText: string,
    quarter: Quarter,
    now: Date,
  ): Promise<{ view: CheckpointView; party: Party }> {
    const { ccg, party } = await this.parties(actor, ccgText, `mark ${ccgText}'s checkpoint discussed`);
    const before = await this.build(ccg, quarter, now);
    const cp = before.checkpoint;
    const waiting = (["CCG", "AREA_TEAM"] as const).filter((p) => before.missing[p].length);
    if (!cp || waiting.length) {
      const says = waiting
        .map(
          (p) =>
            `${p === "CCG" ? ccg.code : ccg.areaTeamCode} (${partyLabel(p)}) has not recorded ${before.missing[p].map((d) => d.key).join(", ")}`,
        )
        .join("; ");
      throw conflict(
        `${ccg.code}'s ${quarter.label} checkpoint can't be marked discussed yet: ${says || "nothing is recorded"}.`,
        "A checkpoint is discussed once both sides have recorded their views and talked them through.",
      );
    }
    const marks: TwoPartyMarks = { ccg: cp.ccgDiscussedById, areaTeam: cp.areaTeamDiscussedById };
    const next = markFor(marks, party, actor.personId, `said this checkpoint was discussed`);
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.assuranceCheckpoint.updateMany({
        where: { id: cp.id, version: cp.version },
        data: {
          version: { increment: 1 },
          ...(party === "CCG"
            ? { ccgDiscussedById: actor.personId, ccgDiscussedAt: now }
            : { areaTeamDiscussedById: actor.personId, areaTeamDiscussedAt: now }),
        },
      });
      if (count === 0)
        throw conflict(`${ccg.code}'s ${quarter.label} checkpoint was changed a moment ago.`, "Look at it again.");
      await audit(tx, cp.id, actor, party, "discussed", now, { complete: bothMarked(next) });
    });
    return { view: await this.build(ccg, quarter, now), party };
  }

  /** Opens a discussion on a domain where the views differ (once per domain: a second ask names the first). */
  async openDiscussion(
    actor: Actor,
    ccgText: string,
    quarter: Quarter,
    domainText: string,
    now: Date,
  ): Promise<{ discussion: Discussion; existing: boolean; row: DomainRow }> {
    const { ccg, party } = await this.parties(actor, ccgText, `open a discussion on ${ccgText}'s checkpoint`);
    const domain = parseDomain(domainText);
    const view = await this.build(ccg, quarter, now);
    const row = view.rows.find((r) => r.domain.key === domain.key)!;
    if (row.discussionId) {
      const existing = await this.discussions.find(row.discussionId);
      if (existing) return { discussion: existing, existing: true, row };
    }
    if (!row.steps)
      throw badInput(
        row.steps === 0
          ? `Both sides see ${domain.name.toLowerCase()} the same (${row.ccg!.rating}): there is no difference to discuss.`
          : `${domain.name} does not have both views yet, so there is no difference to discuss.`,
        `Open a discussion on anything with \`discuss ${ccg.code} <topic>\`.`,
      );
    const topic = `Assurance ${quarter.label}: ${domain.name} (${ccg.code} ${row.ccg!.rating}, ${ccg.areaTeamCode} ${row.areaTeam!.rating})`;
    const discussion = await this.discussions.open(actor, ccg.code, topic.slice(0, 200));
    await audit(this.prisma, view.checkpoint!.id, actor, party, "discussion-opened", now, {
      domain: domain.key,
      discussionId: discussion.id,
    });
    return { discussion, existing: false, row: { ...row, discussionId: discussion.id } };
  }

  /** Every checkpoint of a CCG, newest first. */
  async history(
    actor: Actor | null,
    ccgText: string,
    now: Date,
  ): Promise<{ ccg: OrganisationSummary; checkpoints: CheckpointSummary[] }> {
    const { ccg } = await this.parties(actor, ccgText, `see ${ccgText.toUpperCase()}'s assurance checkpoints`);
    const rows = await this.prisma.assuranceCheckpoint.findMany({
      where: { ccgCode: ccg.code },
      orderBy: [{ year: "desc" }, { quarter: "desc" }],
      take: 40,
    });
    const checkpoints: CheckpointSummary[] = [];
    for (const r of rows) {
      const v = await this.build(ccg, quarterOf(r.year, r.quarter), now);
      checkpoints.push({
        quarter: v.quarter,
        recorded: {
          CCG: AUTHORISATION_DOMAINS.length - v.missing.CCG.length,
          AREA_TEAM: AUTHORISATION_DOMAINS.length - v.missing.AREA_TEAM.length,
        },
        differences: v.differences.length,
        complete: v.complete,
        discussed: v.discussed,
      });
    }
    return { ccg, checkpoints };
  }

  /** The latest checkpoint of a CCG that has any view, for the review agenda and escalation; null when none. */
  async latest(ccg: OrganisationSummary, now: Date): Promise<CheckpointView | null> {
    const r = await this.prisma.assuranceCheckpoint.findFirst({
      where: { ccgCode: ccg.code },
      orderBy: [{ year: "desc" }, { quarter: "desc" }],
    });
    return r ? this.build(ccg, quarterOf(r.year, r.quarter), now) : null;
  }

  /**
   * The checkpoint's date for an area team and all its CCGs, as a deadline of the round: its reminders go to the
   * area team's linked channels and to each CCG's, so both sides are reminded before it is due.
   */
  async setDate(actor: Actor, areaTeamText: string, quarter: Quarter, dueAt: Date, now: Date) {
    const org = await this.organisations.resolve(areaTeamText);
    if (org.kind !== "AREA_TEAM")
      throw badInput(
        `A checkpoint date is set for an area team and its CCGs together, so that both sides are reminded; ${org.code} is a CCG.`,
        `For example: \`assurance ${org.areaTeamCode ?? "Q52"} ${quarter.label} due 15 Oct 2013\`.`,
      );
    requireManage(actor, org, `set ${org.code}'s checkpoint dates`);
    return this.deadlines.add(actor, { scopeText: org.code, title: checkpointDeadlineTitle(quarter), dueAt }, now);
  }

  private async ensure(ccgCode: string, areaTeamCode: string, q: Quarter, now: Date) {
    await this.prisma.assuranceCheckpoint.createMany({
      data: [{ ccgCode, areaTeamCode, year: q.year, quarter: q.quarter, createdAt: now }],
      skipDuplicates: true,
    });
    return this.prisma.assuranceCheckpoint.findUniqueOrThrow({
      where: { ccgCode_year_quarter: { ccgCode, year: q.year, quarter: q.quarter } },
    });
  }
}

async function audit(
  tx: Prisma.TransactionClient,
  checkpointId: number,
  actor: Actor,
  party: Party,
  kind: string,
  at: Date,
  detail?: Record<string, unknown>,
) {
  await tx.assuranceEvent.create({
    data: {
      checkpointId,
      kind,
      personId: actor.personId,
      actorName: actor.name,
      party,
      at,
      ...(detail ? { detail: JSON.parse(JSON.stringify(detail)) as Prisma.InputJsonValue } : {}),
    },
  });
}
