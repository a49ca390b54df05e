// Agreed actions: proposed in a discussion, agreed by both parties, tracked to done; every step audited.
import type { Action, ActionEvent, ActionStatus, Discussion, Party, Platform, Prisma, PrismaClient } from "../db";
import { badInput, conflict, notFound } from "../errors";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { partyOf } from "../people/actor";
import { requireParty } from "../people/permissions";
import { isPastDate, londonDate, londonDateToUtcMidnight, storedDate } from "../time";
import { discussionRef, type DiscussionService } from "../discussions/discussions";
import * as rules from "./rules";

export const MAX_ACTION_TEXT = 500;

export interface ActionWithDiscussion extends Action {
  discussion: Discussion;
}

export interface ActionChange {
  text?: string;
  owner?: string;
  /** London calendar date, YYYY-MM-DD */
  dueDate?: string;
}

export const actionRef = (id: number) => `A${id}`;

/** An edit's audit detail, each side: only the fields that changed; a due date as YYYY-MM-DD (null: none). */
export interface FieldValues {
  text?: string;
  owner?: string | null;
  dueDate?: string | null;
}

export function parseActionId(text: string): number | null {
  const m = /^a?(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : null;
}

const stateOf = (a: Action): rules.ActionState => ({
  status: a.status,
  // Rows agreed before who-agreed was kept have no id: "" never matches a person.
  ccgAgreedBy: a.ccgAgreedAt ? (a.ccgAgreedById ?? "") : null,
  areaTeamAgreedBy: a.areaTeamAgreedAt ? (a.areaTeamAgreedById ?? "") : null,
  dropRequestedBy: a.dropRequestedBy,
});

export class ActionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly discussions: DiscussionService,
  ) {}

  async propose(actor: Actor, discussionId: number, change: ActionChange, now: Date): Promise<ActionWithDiscussion> {
    const discussion = await this.discussions.get(actor, discussionId);
    if (discussion.status === "CLOSED") {
      throw conflict(
        `${discussionRef(discussionId)} is closed.`,
        `\`reopen ${discussionRef(discussionId)}\` opens it again, or open a new discussion to propose more actions.`,
      );
    }
    const party = requireParty(actor, discussion, `propose actions in ${discussionRef(discussionId)}`);
    const text = this.checkText(change.text);
    const due = this.checkDue(change.dueDate, now);
    const state = rules.proposed(party, actor.personId);
    const ownedByMe = !change.owner || /^(me|myself)$/i.test(change.owner.trim());
    return this.prisma.$transaction(async (tx) => {
      const action = await tx.action.create({
        data: {
          discussionId,
          text,
          owner: ownedByMe ? actor.name : change.owner!.trim(),
          ownerPersonId: ownedByMe ? actor.personId : null,
          dueDate: due,
          proposedById: actor.personId,
          proposedByParty: party,
          createdAt: now,
          updatedAt: now,
          ...this.agreementColumns(state, now),
        },
        include: { discussion: true },
      });
      await this.audit(tx, action.id, actor, party, "proposed", now, {
        text,
        owner: action.owner,
        dueDate: change.dueDate ?? null,
      });
      return action;
    });
  }

  async get(actor: Actor, id: number): Promise<ActionWithDiscussion> {
    const action = await this.prisma.action.findUnique({ where: { id }, include: { discussion: true } });
    if (!action) throw notFound(`There is no action ${actionRef(id)}.`, "`actions` lists yours.");
    requireParty(actor, action.discussion, `see ${actionRef(id)}`);
    return action;
  }

  agree(actor: Actor, id: number, now: Date) {
    return this.step(actor, id, now, (s, party) => rules.agree(s, party, actor.personId), {}, undefined, "agree");
  }

  done(actor: Actor, id: number, now: Date) {
    return this.step(actor, id, now, (s) => rules.done(s));
  }

  drop(actor: Actor, id: number, now: Date) {
    return this.step(actor, id, now, (s, party) => rules.drop(s, party));
  }

  /**
   * Changes text, owner or due date. Only what really changes counts: an edit that changes nothing changes nothing
   * (no event, agreement kept) and answers `step: null`; the event records each changed field before and after.
   */
  async edit(
    actor: Actor,
    id: number,
    change: ActionChange,
    now: Date,
  ): Promise<{ action: ActionWithDiscussion; step: rules.ActionStep | null }> {
    if (change.text === undefined && change.owner === undefined && change.dueDate === undefined) {
      throw badInput("Say what to change: the text, `owner <name>` or `due <date>`.");
    }
    const current = await this.get(actor, id);
    const data: Prisma.ActionUpdateInput = {};
    const before: FieldValues = {};
    const after: FieldValues = {};
    if (change.text !== undefined) {
      const text = this.checkText(change.text);
      if (text !== current.text) {
        data.text = text;
        before.text = current.text;
        after.text = text;
      }
    }
    if (change.dueDate !== undefined) {
      const was = current.dueDate ? storedDate(current.dueDate) : null;
      if (change.dueDate !== was) {
        data.dueDate = this.checkDue(change.dueDate, now);
        before.dueDate = was;
        after.dueDate = change.dueDate;
      }
    }
    if (change.owner !== undefined) {
      const mine = /^(me|myself)$/i.test(change.owner.trim());
      const owner = mine ? actor.name : change.owner.trim();
      const ownerPersonId = mine ? actor.personId : null;
      if (owner !== current.owner || (mine && ownerPersonId !== current.ownerPersonId)) {
        data.owner = owner;
        data.ownerPersonId = ownerPersonId;
        before.owner = current.owner;
        after.owner = owner;
      }
    }
    if (!Object.keys(after).length) {
      // Still refused where an edit would be (a done action, a closed discussion): nothing to say "unchanged" about.
      requireParty(actor, current.discussion, `change ${actionRef(id)}`);
      this.checkOpenFor("edit", current);
      rules.edit(stateOf(current), partyOf(actor.organisation), actor.personId);
      return { action: current, step: null };
    }
    return this.step(
      actor,
      id,
      now,
      (s, party) => rules.edit(s, party, actor.personId),
      data,
      { before, after },
      "edit",
    );
  }

  /**
   * Remembers the platform message that shows this action, so it can be updated in place. Kept per platform
   * (`{ "TEAMS": {...}, "SLACK": {...} }`), so one platform's reference never overwrites another's.
   */
  async attachMessage(id: number, platform: Platform, ref: Prisma.InputJsonValue): Promise<void> {
    const row = await this.prisma.action.findUnique({ where: { id }, select: { messageRef: true } });
    const current =
      row?.messageRef && typeof row.messageRef === "object" && !Array.isArray(row.messageRef) ? row.messageRef : {};
    await this.prisma.action.update({ where: { id }, data: { messageRef: { ...current, [platform]: ref } } });
  }

  /** An action by id with no permission check: for adapters updating its card after a permitted step. */
  async find(id: number): Promise<ActionWithDiscussion | null> {
    return this.prisma.action.findUnique({ where: { id }, include: { discussion: true } });
  }

  /** A discussion's actions, oldest first, with no permission check: for adapters posting them in a new thread. */
  async inDiscussion(discussionId: number): Promise<ActionWithDiscussion[]> {
    return this.prisma.action.findMany({
      where: { discussionId },
      include: { discussion: true },
      orderBy: { id: "asc" },
    });
  }

  /** The audit trail, oldest first. */
  async history(actor: Actor, id: number): Promise<ActionEvent[]> {
    await this.get(actor, id);
    return this.prisma.actionEvent.findMany({ where: { actionId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  }

  /** Actions the actor's organisation is a party to. */
  async list(
    actor: Actor,
    options: {
      ccgText?: string;
      mine?: boolean;
      proposed?: boolean;
      overdue?: boolean;
      discussionId?: number;
      statuses?: ActionStatus[];
    },
    now: Date,
  ): Promise<ActionWithDiscussion[]> {
    const own = actor.organisation;
    const ccg = options.ccgText ? await this.organisations.resolve(options.ccgText, "CCG") : null;
    if (ccg)
      requireParty(actor, { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" }, `see ${ccg.code}'s actions`);
    const discussionWhere: Prisma.DiscussionWhereInput =
      partyOf(own) === "CCG"
        ? { ccgCode: own.code }
        : { areaTeamCode: own.code, ...(ccg ? { ccgCode: ccg.code } : {}) };
    const today = londonDateToUtcMidnight(londonDate(now));
    return this.prisma.action.findMany({
      where: {
        discussion: discussionWhere,
        ...(options.discussionId ? { discussionId: options.discussionId } : {}),
        // Mine: what I own (recorded as me, or written with my name); proposed: what I proposed.
        ...(options.mine
          ? { OR: [{ ownerPersonId: actor.personId }, { owner: { equals: actor.name, mode: "insensitive" } }] }
          : {}),
        ...(options.proposed ? { proposedById: actor.personId } : {}),
        ...(options.overdue
          ? { status: "AGREED", dueDate: { lt: today } }
          : { status: { in: options.statuses ?? ["PROPOSED", "AGREED"] } }),
      },
      include: { discussion: true },
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: 100,
    });
  }

  /** Applies one state-machine step with the optimistic version check, and audits it. */
  private async step(
    actor: Actor,
    id: number,
    now: Date,
    decide: (s: rules.ActionState, party: Party) => rules.Transition,
    data: Prisma.ActionUpdateInput = {},
    detail?: { before: FieldValues; after: FieldValues },
    kind?: "agree" | "edit",
  ): Promise<{ action: ActionWithDiscussion; step: rules.ActionStep }> {
    const before = await this.get(actor, id);
    const party = requireParty(actor, before.discussion, `change ${actionRef(id)}`);
    if (kind) this.checkOpenFor(kind, before);
    const { next, step } = decide(stateOf(before), party);
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.action.updateMany({
        where: { id, version: before.version },
        data: {
          ...(data as Prisma.ActionUpdateManyMutationInput),
          status: next.status,
          dropRequestedBy: next.dropRequestedBy,
          ...this.agreementColumns(next, now, before),
          version: { increment: 1 },
          updatedAt: now,
        },
      });
      if (updated.count === 0) {
        throw conflict(`${actionRef(id)} was changed by someone else a moment ago.`, "Look at it again and retry.");
      }
      await this.audit(tx, id, actor, party, step, now, step === "edited" ? detail : undefined);
      const action = await tx.action.findUniqueOrThrow({ where: { id }, include: { discussion: true } });
      return { action, step };
    });
  }

  /** Agreement timestamps: keep the existing time for a side that had already agreed. */
  private agreementColumns(s: rules.ActionState, now: Date, before?: Action) {
    return {
      ccgAgreedAt: s.ccgAgreedBy !== null ? (before?.ccgAgreedAt ?? now) : null,
      ccgAgreedById: s.ccgAgreedBy || null,
      areaTeamAgreedAt: s.areaTeamAgreedBy !== null ? (before?.areaTeamAgreedAt ?? now) : null,
      areaTeamAgreedById: s.areaTeamAgreedBy || null,
    };
  }

  private async audit(
    tx: Prisma.TransactionClient,
    actionId: number,
    actor: Actor,
    party: Party,
    kind: string,
    at: Date,
    detail?: Record<string, unknown>,
  ) {
    await tx.actionEvent.create({
      data: {
        actionId,
        kind,
        personId: actor.personId,
        actorName: actor.name,
        party,
        at,
        ...(detail ? { detail: JSON.parse(JSON.stringify(detail)) } : {}),
      },
    });
  }

  /**
   * A closed discussion's actions (docs/ARCHITECTURE.md): agreed ones can still be done or dropped (by both sides),
   * proposals can still be withdrawn or declined; nothing can be agreed or reworded until it is reopened.
   */
  private checkOpenFor(kind: "agree" | "edit", action: ActionWithDiscussion) {
    if (action.discussion.status !== "CLOSED") return;
    const ref = discussionRef(action.discussionId);
    throw conflict(
      `${ref} is closed, so ${actionRef(action.id)} can't be ${kind === "agree" ? "agreed" : "changed"}.`,
      `In a closed discussion actions can only be done or dropped. \`reopen ${ref}\` opens it again.`,
    );
  }

  private checkText(text: string | undefined): string {
    const t = text?.trim() ?? "";
    if (!t) throw badInput("An action needs a description of what will be done.");
    if (t.length > MAX_ACTION_TEXT)
      throw badInput(`An action can be at most ${MAX_ACTION_TEXT} characters; this one has ${t.length}.`);
    return t;
  }

  private checkDue(dueDate: string | undefined, now: Date): Date | null {
    if (!dueDate) return null;
    if (isPastDate(dueDate, now))
      throw badInput(`The due date ${dueDate} is in the past.`, "Give today or a later date.");
    return londonDateToUtcMidnight(dueDate);
  }
}
