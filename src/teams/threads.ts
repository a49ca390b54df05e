// Discussions in Teams: a discussion is a channel post (the root card) and its reply chain is the thread.
// Actions are cards in that reply chain, kept up to date in place (updateActivity) whoever changes them and
// wherever from; the root card's counts follow.
import { z } from "zod";
import type { Actor, Core } from "../core";
import type { ActionWithDiscussion } from "../core/actions/actions";
import { actionRef } from "../core/actions/actions";
import type { Discussion } from "../core/db";
import { discussionRef } from "../core/discussions/discussions";
import type { Logger } from "../logging/logger";
import type { Reply } from "../reply/model";
import { actionReply, discussionBlocks } from "../reply/views/dialogue";
import { refreshFor, viewOf } from "./action-view";
import { conversationRefSchema, type ConversationRef } from "./conversation";
import type { TeamsSender } from "./sender";

const messageSchema = z.object({
  ref: conversationRefSchema,
  /** the thread root, when the message is a reply in a channel thread */
  rootId: z.string().optional(),
  activityId: z.string().min(1),
});

/**
 * Where a message the bot posted lives: enough to update it later (Action.messageRef.TEAMS). For an action, the
 * card in its thread, and every other live copy of its card (the answer to a command typed in a personal chat or
 * another channel, a card clicked elsewhere), which are updated with it; and the Teams user ids of the people who
 * acted on it, whose clients refresh the card to their own view.
 */
export const teamsMessageRefSchema = messageSchema.extend({
  copies: z.array(messageSchema).optional(),
  viewers: z.array(z.string()).optional(),
});
export type TeamsMessageRef = z.infer<typeof teamsMessageRefSchema>;
type MessageAt = z.infer<typeof messageSchema>;

/** Copies kept per action: the oldest go first (they are also the least likely to be looked at). */
const MAX_COPIES = 20;

export interface Thread {
  ref: ConversationRef;
  rootId: string;
}

const STATUS_HEADLINE = {
  PROPOSED: "Proposed action",
  AGREED: "Agreed action",
  DONE: "Done",
  DROPPED: "Dropped",
} as const;

/**
 * The card an action shows in its thread and in every copy: for everyone (`viewer` undefined), or as one person
 * sees it, with only the buttons they may press (null: someone the bot doesn't know, no buttons).
 */
export function actionCard(a: ActionWithDiscussion, viewer?: Actor | null): Reply {
  return viewOf(actionReply(a, STATUS_HEADLINE[a.status], "channel"), a, viewer);
}

/** Organisations by code, as people know them: "Q52 Bradford and Airedale area team". */
export type OrganisationNames = Partial<Record<string, string>>;

export function rootCard(
  d: Discussion,
  counts: { agreed: number; open: number; done: number },
  names: OrganisationNames = {},
): Reply {
  // The CCG and the area team by name as well as code: a code alone (Q52) means nothing to most readers.
  const named = (code: string) => (names[code] ? `${code} ${names[code]}` : code);
  const blocks = discussionBlocks(d, counts).map((b) =>
    b.type === "fields"
      ? {
          ...b,
          fields: b.fields.map((f) =>
            f.label === "CCG" || f.label === "Area team" ? { ...f, value: named(f.value) } : f,
          ),
        }
      : b,
  );
  return { summary: `${discussionRef(d.id)} · ${d.ccgCode} · ${d.topic}`, blocks, visibility: "channel" };
}

export function storedMessageRef(messageRef: unknown): TeamsMessageRef | null {
  const teams =
    messageRef && typeof messageRef === "object" ? (messageRef as Record<string, unknown>).TEAMS : undefined;
  const parsed = teamsMessageRefSchema.safeParse(teams);
  return parsed.success ? parsed.data : null;
}

const sameMessage = (a: MessageAt, b: MessageAt) =>
  a.activityId === b.activityId && a.ref.conversationId === b.ref.conversationId && a.rootId === b.rootId;

export class DiscussionThreads {
  /** Channels seen in this process, for threads in channels nobody has linked yet. */
  private readonly seen = new Map<string, ConversationRef>();

  constructor(
    private readonly core: Core,
    private readonly sender: TeamsSender,
    private readonly logger: Logger,
  ) {}

  remember(ref: ConversationRef): void {
    if (ref.conversationType !== "personal") this.seen.set(ref.conversationId, ref);
  }

  private async teamsLinks(orgCodes: string[]) {
    const links = await this.core.links.channelsOf(orgCodes);
    return links
      .filter((l) => l.platform === "TEAMS")
      .map((l) => ({ link: l, ref: conversationRefSchema.safeParse(l.conversationRef).data }))
      .filter((x): x is { link: (typeof links)[number]; ref: ConversationRef } => !!x.ref);
  }

  /**
   * How to reach a channel: its link's stored reference; else one seen in this process; else the serviceUrl
   * and bot id of a linked conversation in the same tenant (connector endpoints are per tenant).
   */
  async refFor(channelId: string, tenantId: string | null): Promise<ConversationRef | null> {
    const parse = (refs: unknown[]) =>
      refs.map((r) => conversationRefSchema.safeParse(r).data).filter((r): r is ConversationRef => !!r);
    const [exact] = parse(await this.core.links.conversationRefs("TEAMS", { channelId }));
    if (exact) return exact;
    const seen = this.seen.get(channelId);
    if (seen) return seen;
    if (!tenantId) return null;
    const [sameTenant] = parse(await this.core.links.conversationRefs("TEAMS", { tenantId }));
    return sameTenant ? { ...sameTenant, conversationId: channelId, conversationType: "channel" } : null;
  }

  async threadOf(d: Discussion): Promise<Thread | null> {
    if (d.threadPlatform !== "TEAMS" || !d.threadChannel || !d.threadRootId) return null;
    const ref = await this.refFor(d.threadChannel, d.threadTenantId);
    return ref ? { ref, rootId: d.threadRootId } : null;
  }

  /** The channel a new discussion is posted in: where it was opened, else a linked channel (the opener's side first). */
  async channelFor(d: Discussion, actor: Actor, here?: ConversationRef): Promise<ConversationRef | null> {
    if (here?.conversationType === "channel") return here;
    const links = (await this.teamsLinks([d.ccgCode, d.areaTeamCode])).filter(
      (l) => l.ref.conversationType !== "personal",
    );
    links.sort(
      (a, b) =>
        Number(b.link.organisationCode === actor.organisation.code) -
        Number(a.link.organisationCode === actor.organisation.code),
    );
    return links[0]?.ref ?? null;
  }

  /**
   * Posts the root card of a discussion with no thread and records the thread on the discussion; null when there is
   * no channel to post in, "taken" when someone else gave it its thread a moment before (the card is taken back).
   */
  async open(
    d: Discussion,
    actor: Actor,
    here?: ConversationRef,
  ): Promise<(Thread & { channelName?: string }) | "taken" | null> {
    const ref = await this.channelFor(d, actor, here);
    if (!ref) return null;
    const { activityId } = await this.sender.send(
      ref,
      rootCard(d, { agreed: 0, open: 0, done: 0 }, await this.names(d)),
    );
    const attached = await this.core.discussions.attachThread(d.id, {
      platform: "TEAMS",
      tenantId: ref.tenantId,
      channelId: ref.conversationId,
      rootId: activityId,
    });
    if (!attached) {
      await this.sender.delete(ref, activityId);
      return "taken";
    }
    const links = await this.core.links.channelsOf([d.ccgCode, d.areaTeamCode]);
    const channelName =
      links.find((l) => l.platform === "TEAMS" && l.channelId === ref.conversationId)?.channelName ?? undefined;
    return { ref, rootId: activityId, ...(channelName ? { channelName } : {}) };
  }

  /**
   * Makes sure the action's card is in its thread: records `posted` when the card already went there (the
   * command was typed in the thread), else posts it in the thread, or failing a thread in `fallback`. A `posted`
   * card elsewhere (a personal chat) is kept as a copy, updated whenever the action changes.
   */
  async placeAction(
    a: ActionWithDiscussion,
    options: {
      posted?: TeamsMessageRef;
      fallback?: TeamsMessageRef["ref"] & { rootId?: string };
      /** false when the caller places several and refreshes the root card once at the end */
      refreshRoot?: boolean;
      /** the Teams user id of who proposed it, whose client shows them their own view */
      viewer?: string;
    },
  ) {
    const thread = await this.threadOf(a.discussion);
    const postedInThread =
      options.posted &&
      thread &&
      options.posted.ref.conversationId === thread.ref.conversationId &&
      options.posted.rootId === thread.rootId;
    let message: MessageAt | undefined = postedInThread || (!thread && options.posted) ? options.posted : undefined;
    const viewers = options.viewer ? [options.viewer] : [];
    if (!message) {
      const target = thread ?? (options.fallback ? { ref: options.fallback, rootId: options.fallback.rootId } : null);
      if (!target) return;
      const { activityId } = await this.sender.send(target.ref, actionCard(a), {
        ...(target.rootId ? { threadRootId: target.rootId } : {}),
        ...this.render(a, viewers),
      });
      message = { ref: target.ref, ...(target.rootId ? { rootId: target.rootId } : {}), activityId };
    }
    const copies = options.posted && !sameMessage(options.posted, message) ? [options.posted] : [];
    await this.recordCards(a, { main: message, copies, viewers });
    if (options.refreshRoot !== false) await this.refreshRoot(a.discussion);
  }

  /**
   * Updates the action's card for everyone, wherever it is: in its thread, every copy of it, and where it was
   * clicked if that is elsewhere (kept as a copy from then on). `viewer` is the Teams user id of who acted.
   */
  async refreshAction(
    a: ActionWithDiscussion,
    clicked?: MessageAt,
    options: { viewer?: string; copy?: MessageAt } = {},
  ): Promise<void> {
    const copies = [clicked, options.copy].filter((m): m is MessageAt => !!m);
    const stored = await this.recordCards(a, { copies, viewers: options.viewer ? [options.viewer] : [] });
    const targets = [stored, ...(stored?.copies ?? [])].filter((m): m is MessageAt => !!m);
    const unique = targets.filter((m, i) => targets.findIndex((n) => sameMessage(m, n)) === i);
    for (const m of unique) {
      await this.safely(`update ${actionRef(a.id)}`, () =>
        this.sender.update(m.ref, m.activityId, actionCard(a), {
          ...(m.rootId ? { threadRootId: m.rootId } : {}),
          ...this.render(a, stored?.viewers ?? []),
        }),
      );
    }
    await this.refreshRoot(a.discussion);
  }

  /** The refresh clause of an action's card: the people who acted on it see their own view. */
  render(a: { id: number }, viewers: readonly string[]) {
    const refresh = refreshFor(a, viewers);
    return refresh ? { render: { refresh } } : {};
  }

  /**
   * Adds to what is stored of an action's cards: the card in its thread (`main`), copies, viewers. Read afresh,
   * so that a background update does not lose a copy recorded a moment before. A first card with no thread
   * becomes the main one.
   */
  async recordCards(
    a: ActionWithDiscussion,
    add: { main?: MessageAt; copies?: MessageAt[]; viewers?: string[] },
  ): Promise<TeamsMessageRef | null> {
    const current = storedMessageRef((await this.core.actions.find(a.id))?.messageRef ?? a.messageRef);
    const main = add.main ?? current ?? add.copies?.[0];
    if (!main) return null;
    const known = [...(current?.copies ?? []), ...(current && !sameMessage(current, main) ? [current] : [])];
    const copies = [...known, ...(add.copies ?? [])]
      .filter((m) => !sameMessage(m, main))
      .filter((m, i, all) => all.findIndex((n) => sameMessage(m, n)) === i)
      .slice(-MAX_COPIES);
    const viewers = [...new Set([...(current?.viewers ?? []), ...(add.viewers ?? [])])].slice(-60);
    const next: TeamsMessageRef = {
      ref: main.ref,
      ...(main.rootId ? { rootId: main.rootId } : {}),
      activityId: main.activityId,
      ...(copies.length ? { copies } : {}),
      ...(viewers.length ? { viewers } : {}),
    };
    const changed = JSON.stringify(next) !== JSON.stringify(current);
    if (changed) await this.core.actions.attachMessage(a.id, "TEAMS", next);
    return next;
  }

  /** Re-renders the root card (status, counts, closing summary). */
  async refreshRoot(d: Discussion): Promise<void> {
    const thread = await this.threadOf(d);
    if (!thread) return;
    const counts = await this.core.discussions.counts(d.id);
    const names = await this.names(d);
    await this.safely(`update ${discussionRef(d.id)} root`, () =>
      this.sender.update(thread.ref, thread.rootId, rootCard(d, counts, names)),
    );
  }

  private async names(d: Discussion): Promise<OrganisationNames> {
    const names: OrganisationNames = {};
    for (const code of [d.ccgCode, d.areaTeamCode]) {
      const o = await this.core.organisations.byCode(code);
      if (o) names[code] = o.name;
    }
    return names;
  }

  /** Posts a reply in the discussion's thread (closing notes, actions proposed elsewhere). */
  async postInThread(d: Discussion, reply: Reply): Promise<boolean> {
    const thread = await this.threadOf(d);
    if (!thread) return false;
    return this.safely(`post in ${discussionRef(d.id)}`, async () => {
      await this.sender.send(thread.ref, reply, { threadRootId: thread.rootId });
    });
  }

  /** A failed update of a card is logged, never undoes the step the person took. */
  private async safely(what: string, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (error) {
      this.logger.warn({ err: error, what }, "Teams thread update failed");
      return false;
    }
  }
}
