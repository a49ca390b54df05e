// Review items: what an escalation rule raised for a CCG and its area team. Neither party can close one by decree:
// an item is resolved in the dialogue, when the discussion it was taken into is closed, when an action agreed by
// both is tied to it, or when someone of each party has noted it (one person never for both). Every step audited.
import type { Discussion, Party, Prisma, PrismaClient, ReviewItem, ReviewItemEvent } from "../db";
import { badInput, conflict, notFound } from "../errors";
import type { DiscussionService } from "../discussions/discussions";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { partyOf } from "../people/actor";
import { requireParty } from "../people/permissions";
import { bothMarked, markFor } from "../assurance/two-party";

export const reviewItemRef = (id: number) => `R${id}`;

export function parseReviewItemId(text: string): number | null {
  const m = /^r(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : null;
}

export const figuresOf = (item: ReviewItem): string[] =>
  Array.isArray(item.figures) ? item.figures.filter((f): f is string => typeof f === "string") : [];

export class ReviewItemService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly discussions: DiscussionService,
  ) {}

  async get(actor: Actor, id: number, now: Date): Promise<ReviewItem> {
    await this.settle(now, { id });
    const item = await this.prisma.reviewItem.findUnique({ where: { id } });
    if (!item) throw notFound(`There is no review item ${reviewItemRef(id)}.`, "`escalation items <ccg>` lists them.");
    requireParty(actor, item, `see ${reviewItemRef(id)}`);
    return item;
  }

  async history(actor: Actor, id: number, now: Date): Promise<{ item: ReviewItem; events: ReviewItemEvent[] }> {
    const item = await this.get(actor, id, now);
    const events = await this.prisma.reviewItemEvent.findMany({
      where: { itemId: id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    return { item, events };
  }

  /** The items of the actor's dialogue (a CCG's own; an area team's, or one CCG's), open ones unless `all`. */
  async list(actor: Actor, ccgText: string | undefined, all: boolean, now: Date): Promise<ReviewItem[]> {
    const ccg = ccgText ? await this.organisations.resolve(ccgText, "CCG") : null;
    if (ccg)
      requireParty(
        actor,
        { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" },
        `see ${ccg.code}'s review items`,
      );
    const own = actor.organisation;
    const where: Prisma.ReviewItemWhereInput =
      partyOf(own) === "CCG"
        ? { ccgCode: own.code }
        : { areaTeamCode: own.code, ...(ccg ? { ccgCode: ccg.code } : {}) };
    await this.settle(now, where);
    return this.prisma.reviewItem.findMany({
      where: { ...where, ...(all ? {} : { resolvedAt: null }) },
      orderBy: { id: "desc" },
      take: 50,
    });
  }

  /** Open items of a CCG, with no permission check: for the review agenda. */
  async openFor(ccgCode: string, now: Date): Promise<ReviewItem[]> {
    await this.settle(now, { ccgCode });
    return this.prisma.reviewItem.findMany({ where: { ccgCode, resolvedAt: null }, orderBy: { id: "asc" } });
  }

  /** Takes the item into a new discussion; it is resolved when that discussion is closed. */
  async discuss(actor: Actor, id: number, now: Date): Promise<{ item: ReviewItem; discussion: Discussion }> {
    const item = await this.open(actor, id, now);
    const party = requireParty(actor, item, `discuss ${reviewItemRef(id)}`);
    if (item.discussionId)
      throw conflict(`${reviewItemRef(id)} is already in discussion D${item.discussionId}.`, "Carry on there.");
    const discussion = await this.discussions.open(
      actor,
      item.ccgCode,
      `${reviewItemRef(id)}: ${item.title}`.slice(0, 200),
    );
    const updated = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.reviewItem.updateMany({
        where: { id, discussionId: null },
        data: { discussionId: discussion.id },
      });
      if (!count) throw conflict(`${reviewItemRef(id)} was taken into a discussion a moment ago.`);
      await audit(tx, id, actor, party, "discussion", now, { discussionId: discussion.id });
      return tx.reviewItem.findUniqueOrThrow({ where: { id } });
    });
    return { item: updated, discussion };
  }

  /** Ties an action agreed by both parties (of the same CCG's dialogue) to the item, which resolves it. */
  async resolveByAction(actor: Actor, id: number, actionId: number, now: Date): Promise<ReviewItem> {
    const item = await this.open(actor, id, now);
    const party = requireParty(actor, item, `resolve ${reviewItemRef(id)}`);
    const action = await this.prisma.action.findUnique({ where: { id: actionId }, include: { discussion: true } });
    if (!action || action.discussion.ccgCode !== item.ccgCode)
      throw notFound(`There is no action A${actionId} in ${item.ccgCode}'s dialogue.`);
    if (action.status !== "AGREED" && action.status !== "DONE")
      throw badInput(
        `A${actionId} is ${action.status.toLowerCase()}: only an action both parties agreed resolves a review item.`,
        `Once the other side agrees A${actionId}, tie it again.`,
      );
    return this.resolve(id, actor, party, now, `agreed action A${actionId}`, { actionId }, { actionId });
  }

  /** One party notes the item; it is resolved once someone of each party has (one person never for both). */
  async note(actor: Actor, id: number, now: Date): Promise<{ item: ReviewItem; both: boolean; party: Party }> {
    const item = await this.open(actor, id, now);
    const party = requireParty(actor, item, `note ${reviewItemRef(id)}`);
    const next = markFor(
      { ccg: item.ccgNotedById, areaTeam: item.areaTeamNotedById },
      party,
      actor.personId,
      `noted ${reviewItemRef(id)}`,
    );
    const side =
      party === "CCG"
        ? { ccgNotedById: actor.personId, ccgNotedAt: now }
        : { areaTeamNotedById: actor.personId, areaTeamNotedAt: now };
    const guard = party === "CCG" ? { ccgNotedById: null } : { areaTeamNotedById: null };
    const both = bothMarked(next);
    const updated = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.reviewItem.updateMany({
        where: { id, resolvedAt: null, ...guard },
        data: { ...side, ...(both ? { resolvedAt: now, resolvedHow: "noted by both parties" } : {}) },
      });
      if (!count) throw conflict(`${reviewItemRef(id)} changed a moment ago.`, "Look at it again.");
      await audit(tx, id, actor, party, "noted", now);
      if (both) await audit(tx, id, actor, party, "resolved", now, { how: "noted by both parties" });
      return tx.reviewItem.findUniqueOrThrow({ where: { id } });
    });
    return { item: updated, both, party };
  }

  /** Items whose discussion has been closed are resolved by it (audited once). */
  async settle(now: Date, where: Prisma.ReviewItemWhereInput): Promise<void> {
    const waiting = await this.prisma.reviewItem.findMany({
      where: { ...where, resolvedAt: null, discussionId: { not: null } },
      select: { id: true, discussionId: true },
    });
    if (!waiting.length) return;
    const closed = await this.prisma.discussion.findMany({
      where: { id: { in: waiting.map((w) => w.discussionId!) }, status: "CLOSED" },
      select: { id: true },
    });
    for (const w of waiting.filter((x) => closed.some((c) => c.id === x.discussionId))) {
      const how = `discussion D${w.discussionId} closed`;
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.reviewItem.updateMany({
          where: { id: w.id, resolvedAt: null },
          data: { resolvedAt: now, resolvedHow: how },
        });
        if (count)
          await tx.reviewItemEvent.create({
            data: { itemId: w.id, kind: "resolved", actorName: "the dialogue", at: now, detail: { how } },
          });
      });
    }
  }

  private async open(actor: Actor, id: number, now: Date): Promise<ReviewItem> {
    const item = await this.get(actor, id, now);
    if (item.resolvedAt) throw conflict(`${reviewItemRef(id)} is already resolved (${item.resolvedHow}).`);
    return item;
  }

  private async resolve(
    id: number,
    actor: Actor,
    party: Party,
    now: Date,
    how: string,
    data: Prisma.ReviewItemUpdateManyMutationInput,
    detail: Record<string, unknown>,
  ): Promise<ReviewItem> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.reviewItem.updateMany({
        where: { id, resolvedAt: null },
        data: { ...data, resolvedAt: now, resolvedHow: how },
      });
      if (!count) throw conflict(`${reviewItemRef(id)} was resolved a moment ago.`);
      await audit(tx, id, actor, party, "resolved", now, { how, ...detail });
      return tx.reviewItem.findUniqueOrThrow({ where: { id } });
    });
  }
}

async function audit(
  tx: Prisma.TransactionClient,
  itemId: number,
  actor: Actor,
  party: Party,
  kind: string,
  at: Date,
  detail?: Record<string, unknown>,
) {
  await tx.reviewItemEvent.create({
    data: {
      itemId,
      kind,
      personId: actor.personId,
      actorName: actor.name,
      party,
      at,
      ...(detail ? { detail: detail as Prisma.InputJsonValue } : {}),
    },
  });
}
