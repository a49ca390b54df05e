// Discussions: a conversation between one CCG and its area team on a topic, opened by either side,
// kept with its thread, closed with a summary of what was agreed.
import type { Discussion, DiscussionStatus, Platform, PrismaClient } from "../db";
import { badInput, conflict, notFound } from "../errors";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { otherParty, partyLabel, partyOf } from "../people/actor";
import { requireParty } from "../people/permissions";

export const MAX_TOPIC = 200;

export interface ThreadRef {
  platform: Platform;
  tenantId: string;
  channelId: string;
  rootId: string;
}

export const discussionRef = (id: number) => `D${id}`;

export interface CloseOutcome {
  discussion: Discussion;
  /** true when this step was the other side confirming the close and its summary */
  confirmed: boolean;
  /** proposals still waiting for agreement when it closed */
  pending: { id: number; text: string }[];
}

/** Reads "D12", "d12" or "12" as a discussion id. */
export function parseDiscussionId(text: string): number | null {
  const m = /^d?(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : null;
}

export class DiscussionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /** `now`: the command's clock, so "opened on" is the day the bot (or a test's clock) says it is. */
  async open(
    actor: Actor,
    ccgText: string,
    topic: string,
    indicatorCodes: string[] = [],
    now: Date = new Date(),
  ): Promise<Discussion> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    if (!ccg.areaTeamCode)
      throw badInput(`${ccg.code} has no area team on record, so there is no one to discuss with.`);
    const parties = { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode };
    const party = requireParty(actor, parties, `open a discussion about ${ccg.code}`);
    const cleanTopic = topic.trim();
    if (!cleanTopic)
      throw badInput("A discussion needs a topic.", `For example: discuss ${ccg.code} A&E 4-hour recovery`);
    if (cleanTopic.length > MAX_TOPIC)
      throw badInput(`A topic can be at most ${MAX_TOPIC} characters; yours has ${cleanTopic.length}.`);
    if (indicatorCodes.length) {
      const known = await this.prisma.indicator.findMany({
        where: { code: { in: indicatorCodes } },
        select: { code: true },
      });
      const missing = indicatorCodes.filter((c) => !known.some((k) => k.code === c));
      if (missing.length)
        throw badInput(`I don't know the indicator ${missing.join(", ")}.`, "`status <ccg>` lists indicator codes.");
    }
    return this.prisma.discussion.create({
      data: {
        ...parties,
        topic: cleanTopic,
        indicatorCodes,
        openedById: actor.personId,
        openedByParty: party,
        openedAt: now,
      },
    });
  }

  /** A discussion the actor may see (only its two parties may). */
  async get(actor: Actor, id: number): Promise<Discussion> {
    const d = await this.prisma.discussion.findUnique({ where: { id } });
    if (!d) throw notFound(`There is no discussion ${discussionRef(id)}.`, "`discussions` lists yours.");
    requireParty(actor, d, `see ${discussionRef(id)}`);
    return d;
  }

  /** Discussions the actor's organisation is a party to, newest first. */
  async list(actor: Actor, options: { ccgText?: string; status?: DiscussionStatus }): Promise<Discussion[]> {
    const ccg = options.ccgText ? await this.organisations.resolve(options.ccgText, "CCG") : null;
    const own = actor.organisation;
    const where =
      partyOf(own) === "CCG"
        ? { ccgCode: own.code }
        : { areaTeamCode: own.code, ...(ccg ? { ccgCode: ccg.code } : {}) };
    if (ccg)
      requireParty(actor, { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" }, `see ${ccg.code}'s discussions`);
    return this.prisma.discussion.findMany({
      where: { ...where, ...(options.status ? { status: options.status } : {}) },
      orderBy: { openedAt: "desc" },
      take: 50,
    });
  }

  /**
   * Closing is a two-party step, like agreeing an action. One side closes: the discussion is closed at once (nothing
   * more can be proposed, agreed or reworded in it; agreed actions can still be done or dropped, proposals
   * withdrawn or declined) and its summary is that side's. Someone of the other side confirms with `close` again,
   * which makes the summary both sides'. Either side can `reopen` it. The answer lists the proposals still waiting.
   */
  async close(actor: Actor, id: number, summary: string | undefined, now: Date): Promise<CloseOutcome> {
    const d = await this.get(actor, id);
    const party = requireParty(actor, d, `close ${discussionRef(id)}`);
    const ref = discussionRef(id);
    const written = summary?.trim();
    if (d.status === "CLOSED") {
      if (d.closeConfirmedAt || !d.closedByParty) throw conflict(`${ref} is already closed.`);
      const closer = partyLabel(d.closedByParty);
      if (d.closedByParty === party || d.closedById === actor.personId) {
        throw conflict(
          `${ref} is already closed; its summary is ${closer}'s until ${partyLabel(otherParty(d.closedByParty))} confirms it.`,
          `\`reopen ${ref}\` opens it again, to change the summary.`,
        );
      }
      if (written) {
        throw badInput(
          `${ref} was closed by ${closer} with a summary of its own: confirm it with \`close ${ref}\`, or \`reopen ${ref}\` and close it again with yours.`,
        );
      }
      const updated = await this.prisma.discussion.updateMany({
        where: { id, status: "CLOSED", closeConfirmedAt: null },
        data: { closeConfirmedById: actor.personId, closeConfirmedAt: now },
      });
      if (updated.count === 0) throw conflict(`${ref} was changed a moment ago.`, "Look at it again and retry.");
      return {
        discussion: await this.prisma.discussion.findUniqueOrThrow({ where: { id } }),
        confirmed: true,
        pending: [],
      };
    }
    const actions = await this.prisma.action.findMany({
      where: { discussionId: id, status: { in: ["AGREED", "DONE", "PROPOSED"] } },
      orderBy: { id: "asc" },
    });
    const agreed = actions.filter((a) => a.status !== "PROPOSED");
    const pending = actions.filter((a) => a.status === "PROPOSED");
    const agreedLines = agreed.map((a) => `A${a.id} ${a.text}${a.status === "DONE" ? " (done)" : ""}`);
    const closedSummary = [
      written,
      agreedLines.length ? `Agreed: ${agreedLines.join("; ")}` : "No actions were agreed.",
      pending.length ? `Not agreed when it closed: ${pending.map((a) => `A${a.id} ${a.text}`).join("; ")}` : null,
    ]
      .filter(Boolean)
      .join("\n");
    const updated = await this.prisma.discussion.updateMany({
      where: { id, status: "OPEN" },
      data: {
        status: "CLOSED",
        closedAt: now,
        closedById: actor.personId,
        closedByParty: party,
        closedSummary,
        closeConfirmedById: null,
        closeConfirmedAt: null,
      },
    });
    if (updated.count === 0) throw conflict(`${ref} was closed a moment ago.`);
    return {
      discussion: await this.prisma.discussion.findUniqueOrThrow({ where: { id } }),
      confirmed: false,
      pending: pending.map((a) => ({ id: a.id, text: a.text })),
    };
  }

  /** Opens a closed discussion again (either side): its summary is set aside, and proposals can be agreed again. */
  async reopen(actor: Actor, id: number): Promise<Discussion> {
    const d = await this.get(actor, id);
    requireParty(actor, d, `reopen ${discussionRef(id)}`);
    if (d.status === "OPEN") throw conflict(`${discussionRef(id)} is open.`);
    const updated = await this.prisma.discussion.updateMany({
      where: { id, status: "CLOSED" },
      data: {
        status: "OPEN",
        closedAt: null,
        closedById: null,
        closedByParty: null,
        closedSummary: null,
        closeConfirmedById: null,
        closeConfirmedAt: null,
      },
    });
    if (updated.count === 0) throw conflict(`${discussionRef(id)} was reopened a moment ago.`);
    return this.prisma.discussion.findUniqueOrThrow({ where: { id } });
  }

  /** A discussion by id with no permission check: for adapters updating a thread after a permitted step. */
  async find(id: number): Promise<Discussion | null> {
    return this.prisma.discussion.findUnique({ where: { id } });
  }

  /**
   * Remembers where the discussion's thread lives on a platform. A discussion has one thread: when it already has
   * one (two people asked for it at once), nothing changes and the answer is false, so the caller can take back the
   * root it just posted.
   */
  async attachThread(id: number, thread: ThreadRef): Promise<boolean> {
    const { count } = await this.prisma.discussion.updateMany({
      where: { id, threadPlatform: null },
      data: {
        threadPlatform: thread.platform,
        threadTenantId: thread.tenantId,
        threadChannel: thread.channelId,
        threadRootId: thread.rootId,
      },
    });
    return count === 1;
  }

  async findByThread(platform: Platform, channelId: string, rootId: string): Promise<Discussion | null> {
    return this.prisma.discussion.findFirst({
      where: { threadPlatform: platform, threadChannel: channelId, threadRootId: rootId },
    });
  }

  /** Keeps a thread message; a platform re-delivery of the same message is ignored. */
  async recordMessage(
    discussionId: number,
    message: { personId?: string; authorName: string; text: string; platformMessageId: string },
  ) {
    await this.prisma.discussionMessage.upsert({
      where: { discussionId_platformMessageId: { discussionId, platformMessageId: message.platformMessageId } },
      create: { discussionId, ...message },
      update: {},
    });
  }

  async counts(id: number): Promise<{ agreed: number; open: number; done: number }> {
    const groups = await this.prisma.action.groupBy({ by: ["status"], where: { discussionId: id }, _count: true });
    const n = (s: string) => groups.find((g) => g.status === s)?._count ?? 0;
    return { agreed: n("AGREED"), open: n("PROPOSED"), done: n("DONE") };
  }
}
