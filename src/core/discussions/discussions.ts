// Discussions: a conversation between one CCG and its area team on a topic, opened by either side,
// kept with its thread, closed with a summary of what was agreed.
import type { Discussion, DiscussionStatus, Platform, PrismaClient } from "../db";
import { badInput, conflict, notFound } from "../errors";
import type { OrganisationDirectory } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { partyOf } from "../people/actor";
import { requireParty } from "../people/permissions";

export const MAX_TOPIC = 200;

export interface ThreadRef {
  platform: Platform;
  tenantId: string;
  channelId: string;
  rootId: string;
}

export const discussionRef = (id: number) => `D${id}`;

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

  async close(actor: Actor, id: number, summary: string | undefined, now: Date): Promise<Discussion> {
    const d = await this.get(actor, id);
    if (d.status === "CLOSED") throw conflict(`${discussionRef(id)} is already closed.`);
    const agreed = await this.prisma.action.findMany({
      where: { discussionId: id, status: { in: ["AGREED", "DONE"] } },
      orderBy: { id: "asc" },
    });
    const written = summary?.trim();
    const agreedLines = agreed.map((a) => `A${a.id} ${a.text}${a.status === "DONE" ? " (done)" : ""}`);
    const closedSummary = [
      written,
      agreedLines.length ? `Agreed: ${agreedLines.join("; ")}` : "No actions were agreed.",
    ]
      .filter(Boolean)
      .join("\n");
    const updated = await this.prisma.discussion.updateMany({
      where: { id, status: "OPEN" },
      data: { status: "CLOSED", closedAt: now, closedById: actor.personId, closedSummary },
    });
    if (updated.count === 0) throw conflict(`${discussionRef(id)} was closed a moment ago.`);
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
