// Performance reviews: a CCG and its area team meet; the agenda builds itself from the dialogue as it stands (open
// review items, red indicators, overdue agreed actions, open discussions, plan lines below the standard, the latest
// checkpoint's differences), and either side adds to it. After the meeting each item's outcome is recorded, with
// any action proposed from it, and the minutes are agreed by both parties like an action: whoever writes them
// agrees for their side, and they stand once someone of the other party agrees (one person never for both).
import type { ActionWithDiscussion, ActionService } from "../actions/actions";
import type { AssuranceService } from "../assurance/assurance";
import { markFor, type TwoPartyMarks } from "../assurance/two-party";
import type { Discussion, Party, Prisma, PrismaClient, Review, ReviewEntry } from "../db";
import type { DiscussionService } from "../discussions/discussions";
import { badInput, conflict, notFound } from "../errors";
import type { ReviewItemService } from "../escalation/review-items";
import type { IndicatorStatusService } from "../indicators/status";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import type { PlanService } from "../plans/plans";
import type { Actor } from "../people/actor";
import { requireParty } from "../people/permissions";
import { formatLondonDate } from "../time";
import { buildAgenda, type AgendaItem } from "./agenda";

export const MAX_MINUTES = 3000;
export const MAX_ITEM = 300;

export interface ReviewView {
  ccg: OrganisationSummary;
  /** the review being prepared or minuted; null when none is scheduled (the agenda is then a preview) */
  review: Review | null;
  agenda: AgendaItem[];
  minutesAgreed: Record<Party, boolean>;
  includesDemoData: boolean;
}

export class ReviewService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly indicators: IndicatorStatusService,
    private readonly plans: PlanService,
    private readonly assurance: AssuranceService,
    private readonly reviewItems: ReviewItemService,
    private readonly discussions: DiscussionService,
    private readonly actions: ActionService,
  ) {}

  private async parties(actor: Actor, ccgText: string, what: string) {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    if (!ccg.areaTeamCode) throw badInput(`${ccg.code} has no area team on record, so it has no performance reviews.`);
    const party = requireParty(actor, { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode }, what);
    return { ccg, party, areaTeamCode: ccg.areaTeamCode };
  }

  /** The review in hand: the earliest whose minutes both parties have not yet agreed. */
  private current(ccgCode: string) {
    return this.prisma.review.findFirst({
      where: { ccgCode, OR: [{ minutesCcgAgreedAt: null }, { minutesAreaTeamAgreedAt: null }] },
      orderBy: { meetingAt: "asc" },
      include: { entries: { orderBy: { id: "asc" } } },
    });
  }

  private async requireCurrent(ccg: OrganisationSummary) {
    const r = await this.current(ccg.code);
    if (!r)
      throw notFound(
        `${ccg.code} has no performance review scheduled.`,
        `Either side schedules one: \`review ${ccg.code} on 15 Jan at 10:00\`.`,
      );
    return r;
  }

  async show(actor: Actor, ccgText: string, now: Date): Promise<ReviewView> {
    const { ccg } = await this.parties(actor, ccgText, `see ${ccgText.toUpperCase()}'s performance reviews`);
    const review = await this.current(ccg.code);
    const { agenda, includesDemoData } = await this.agenda(ccg, review?.entries ?? [], now);
    const { entries: _e, ...bare } = review ?? { entries: [] };
    return {
      ccg,
      review: review ? (bare as Review) : null,
      agenda,
      minutesAgreed: { CCG: !!review?.minutesCcgAgreedAt, AREA_TEAM: !!review?.minutesAreaTeamAgreedAt },
      includesDemoData,
    };
  }

  /** Schedules the next review, or moves the one in hand to a new time (either side; audited). */
  async schedule(
    actor: Actor,
    ccgText: string,
    meetingAt: Date,
    now: Date,
  ): Promise<{ review: Review; moved: Date | null }> {
    const { ccg, party, areaTeamCode } = await this.parties(
      actor,
      ccgText,
      `schedule ${ccgText.toUpperCase()}'s performance review`,
    );
    if (meetingAt <= now) throw badInput("That time has passed.", "Give a date and time from now on.");
    const existing = await this.current(ccg.code);
    return this.prisma.$transaction(async (tx) => {
      if (existing) {
        const review = await tx.review.update({
          where: { id: existing.id },
          data: { meetingAt, version: { increment: 1 } },
        });
        await audit(tx, review.id, actor, party, "moved", now, {
          from: existing.meetingAt.toISOString(),
          to: meetingAt.toISOString(),
        });
        return { review, moved: existing.meetingAt };
      }
      const review = await tx.review.create({
        data: {
          ccgCode: ccg.code,
          areaTeamCode,
          meetingAt,
          scheduledById: actor.personId,
          scheduledByParty: party,
          createdAt: now,
        },
      });
      await audit(tx, review.id, actor, party, "scheduled", now, { meetingAt: meetingAt.toISOString() });
      return { review, moved: null };
    });
  }

  /** Either side adds an item to the agenda of the review in hand. */
  async addItem(actor: Actor, ccgText: string, text: string, now: Date): Promise<ReviewEntry> {
    const { ccg, party } = await this.parties(actor, ccgText, `add to ${ccgText.toUpperCase()}'s review agenda`);
    const t = text.trim();
    if (!t) throw badInput("Say what to add, e.g. `review 02N add Winter resilience funding`.");
    if (t.length > MAX_ITEM) throw badInput(`An agenda item can be at most ${MAX_ITEM} characters.`);
    const review = await this.requireCurrent(ccg);
    return this.prisma.$transaction(async (tx) => {
      const n = (await tx.reviewEntry.count({ where: { reviewId: review.id, key: { startsWith: "added:" } } })) + 1;
      const entry = await tx.reviewEntry.create({
        data: { reviewId: review.id, key: `added:${n}`, text: t, addedById: actor.personId, addedByParty: party },
      });
      await audit(tx, review.id, actor, party, "item-added", now, { key: entry.key, text: t });
      return entry;
    });
  }

  /**
   * The outcome of agenda item `number` (as `review 02N` numbers them), and optionally an action proposed from it,
   * in the review's own discussion (opened with the first such action). Returns the discussion when it is new.
   */
  async recordOutcome(
    actor: Actor,
    ccgText: string,
    number: number,
    outcome: string,
    action: { text: string; owner?: string; dueDate?: string } | null,
    now: Date,
  ): Promise<{ item: AgendaItem; action: ActionWithDiscussion | null; openedDiscussion: Discussion | null }> {
    const { ccg, party } = await this.parties(actor, ccgText, `record outcomes of ${ccgText.toUpperCase()}'s review`);
    const review = await this.requireCurrent(ccg);
    if (review.meetingAt > now)
      throw conflict(
        `The review is on ${formatLondonDate(review.meetingAt)}: outcomes are recorded after the meeting.`,
      );
    const { agenda } = await this.agenda(ccg, review.entries, now);
    const item = agenda[number - 1];
    if (!item)
      throw badInput(
        `The agenda has ${agenda.length} items; there is no item ${number}.`,
        `\`review ${ccg.code}\` shows them.`,
      );
    const text = outcome.trim();
    if (!text)
      throw badInput("Say what the outcome was, e.g. `review 02N outcome 2 Recovery plan accepted as the basis`.");
    if (text.length > MAX_ITEM) throw badInput(`An outcome can be at most ${MAX_ITEM} characters.`);
    let openedDiscussion: Discussion | null = null;
    let proposed: ActionWithDiscussion | null = null;
    if (action) {
      let discussionId = review.discussionId;
      if (!discussionId) {
        openedDiscussion = await this.discussions.open(
          actor,
          ccg.code,
          `Performance review ${formatLondonDate(review.meetingAt)}`,
        );
        const { count } = await this.prisma.review.updateMany({
          where: { id: review.id, discussionId: null },
          data: { discussionId: openedDiscussion.id },
        });
        if (!count) {
          await this.discussions.close(
            actor,
            openedDiscussion.id,
            "Opened twice at once; the review's other discussion is kept.",
            now,
          );
          openedDiscussion = null;
        }
        discussionId = (await this.prisma.review.findUniqueOrThrow({ where: { id: review.id } })).discussionId!;
      }
      proposed = await this.actions.propose(actor, discussionId, action, now);
    }
    await this.prisma.$transaction(async (tx) => {
      const data = {
        outcome: text,
        outcomeById: actor.personId,
        outcomeByName: actor.name,
        outcomeAt: now,
        ...(proposed ? { actionId: proposed.id } : {}),
      };
      await tx.reviewEntry.upsert({
        where: { reviewId_key: { reviewId: review.id, key: item.key } },
        create: { reviewId: review.id, key: item.key, ...data },
        update: data,
      });
      await audit(tx, review.id, actor, party, "outcome", now, {
        key: item.key,
        outcome: text,
        actionId: proposed?.id ?? null,
      });
    });
    return {
      item: { ...item, outcome: { text, by: actor.name, at: now, ...(proposed ? { actionId: proposed.id } : {}) } },
      action: proposed,
      openedDiscussion,
    };
  }

  /** Writes the minutes: they count as agreed by the writer's side only, as a proposed action does. */
  async writeMinutes(actor: Actor, ccgText: string, minutes: string, now: Date): Promise<Review> {
    const { ccg, party } = await this.parties(actor, ccgText, `write ${ccgText.toUpperCase()}'s review minutes`);
    const text = minutes.trim();
    if (!text) throw badInput('Give the minutes\' text, e.g. `review 02N minutes "…"`.');
    if (text.length > MAX_MINUTES)
      throw badInput(`Minutes can be at most ${MAX_MINUTES} characters here; these have ${text.length}.`);
    const review = await this.requireCurrent(ccg);
    if (review.meetingAt > now)
      throw conflict(`The review is on ${formatLondonDate(review.meetingAt)}: minutes come after the meeting.`);
    return this.step(
      review,
      actor,
      party,
      now,
      "minutes-written",
      {
        minutes: text,
        minutesCcgAgreedById: party === "CCG" ? actor.personId : null,
        minutesCcgAgreedAt: party === "CCG" ? now : null,
        minutesAreaTeamAgreedById: party === "AREA_TEAM" ? actor.personId : null,
        minutesAreaTeamAgreedAt: party === "AREA_TEAM" ? now : null,
      },
      { minutes: text },
    );
  }

  /** The other side agrees the minutes; once both have, the review is done and the next one can be scheduled. */
  async agreeMinutes(
    actor: Actor,
    ccgText: string,
    now: Date,
  ): Promise<{ review: Review; both: boolean; party: Party }> {
    const { ccg, party } = await this.parties(actor, ccgText, `agree ${ccgText.toUpperCase()}'s review minutes`);
    const review = await this.requireCurrent(ccg);
    if (!review.minutes)
      throw conflict("There are no minutes to agree yet.", `Write them with \`review ${ccg.code} minutes <text>\`.`);
    const marks: TwoPartyMarks = { ccg: review.minutesCcgAgreedById, areaTeam: review.minutesAreaTeamAgreedById };
    const next = markFor(marks, party, actor.personId, "agreed these minutes");
    const updated = await this.step(
      review,
      actor,
      party,
      now,
      "minutes-agreed",
      party === "CCG"
        ? { minutesCcgAgreedById: actor.personId, minutesCcgAgreedAt: now }
        : { minutesAreaTeamAgreedById: actor.personId, minutesAreaTeamAgreedAt: now },
    );
    return { review: updated, both: next.ccg !== null && next.areaTeam !== null, party };
  }

  /** The automatic agenda, then the items added by hand, each with its outcome if one is recorded. */
  agenda(
    ccg: OrganisationSummary,
    entries: ReviewEntry[],
    now: Date,
  ): Promise<{ agenda: AgendaItem[]; includesDemoData: boolean }> {
    const { prisma, indicators, plans, assurance, reviewItems } = this;
    return buildAgenda({ prisma, indicators, plans, assurance, reviewItems }, ccg, entries, now);
  }

  private async step(
    review: Review,
    actor: Actor,
    party: Party,
    now: Date,
    kind: string,
    data: Prisma.ReviewUpdateManyMutationInput,
    detail?: Record<string, unknown>,
  ): Promise<Review> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.review.updateMany({
        where: { id: review.id, version: review.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (!count) throw conflict("The review was changed by someone else a moment ago.", "Look at it again and retry.");
      await audit(tx, review.id, actor, party, kind, now, detail);
      return tx.review.findUniqueOrThrow({ where: { id: review.id } });
    });
  }
}

async function audit(
  tx: Prisma.TransactionClient,
  reviewId: number,
  actor: Actor,
  party: Party,
  kind: string,
  at: Date,
  detail?: Record<string, unknown>,
) {
  await tx.reviewEvent.create({
    data: {
      reviewId,
      kind,
      personId: actor.personId,
      actorName: actor.name,
      party,
      at,
      ...(detail ? { detail: detail as Prisma.InputJsonValue } : {}),
    },
  });
}
