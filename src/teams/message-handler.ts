// Messages are commands, through the same dispatch() as every platform: a personal chat message, or a channel
// or group message that @mentions the bot. Channel talk in a discussion's thread is kept with the discussion.
// A command that takes longer than `ackAfterMs` is finished in the background and replies when done.
import { dispatch, type AnyCommand, type DomainEvent } from "../../commands";
import type { PlatformUser } from "../core";
import { actionRef } from "../core/actions/actions";
import type { Discussion } from "../core/db";
import { discussionRef } from "../core/discussions/discussions";
import { cutText } from "../reply/cut";
import { textReply, type Reply } from "../reply/model";
import {
  actionStatusText,
  threadNotPostedReply,
  threadPostedReply,
  threadTakenReply,
  type ThreadNotPosted,
} from "../reply/views/dialogue";
import { claimActivity, parseActivity, touchConversation, type ActivityCtx } from "./activity-intake";
import { answerWithin } from "./background-work";
import { commandText, invocationOf, splitThread, type ConversationRef, type InboundActivity } from "./conversation";
import { loggedErrorId } from "./failure-text";
import type { TeamsHandlerContext } from "./handler-context";
import { UNKNOWN_TENANT_TEXT } from "./member-directory";
import { viewOf } from "./action-view";
import { cardMessage, type RenderOptions } from "./render/card";
import { TeamsSendError, type TeamsSender } from "./sender";
import { storedMessageRef, type TeamsMessageRef, type Thread } from "./threads";
import { inboundFiles } from "./files";
import { messageText } from "./failure-text";
import { planDiscussCommand, planDiscussPayload } from "../../commands/plan";

export interface MessageHandlerDeps extends TeamsHandlerContext {
  commands: readonly AnyCommand[];
  sender: TeamsSender;
  /** how long a message may take before Teams is answered and the work finishes in the background */
  ackAfterMs: number;
  /** attachments' download links may be http (local mode only) */
  allowHttpFiles?: boolean;
}

/** The channel a thread went to, as people know it. */
const channelLabel = (thread: { channelName?: string }) =>
  thread.channelName ? `“${thread.channelName}”` : "the linked Teams channel";

function note(reply: Reply, text: string): Reply {
  return { ...reply, blocks: [...reply.blocks, { type: "context", text }] };
}

/** What a click of an Action.Submit button delivered as a message is answered with. */
export const CARD_SUBMIT_REFUSED =
  "That button is from a card I no longer act on, so nothing was done. Use the buttons on the action's latest card, or type the command, e.g. `agree A12` or `actions`.";

/** A message that carries a card's submitted data (Action.Submit) rather than something a person typed. */
const isCardSubmit = (a: InboundActivity) => a.value !== undefined && a.value !== null;

export class MessageHandler {
  constructor(private readonly deps: MessageHandlerDeps) {}

  async onMessage(ctx: ActivityCtx): Promise<void> {
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return;
    await answerWithin(this.deps.background.run("message", this.handleMessage(ctx, a)), this.deps.ackAfterMs);
  }

  private async handleMessage(ctx: ActivityCtx, a: InboundActivity): Promise<void> {
    const { core, commands, members } = this.deps;
    if (!a.from.aadObjectId) return; // not a person (identityProblem refuses such messages before they get here)
    if (!(await claimActivity(core, a))) return;
    const here = await touchConversation(this.deps, a);
    if (isCardSubmit(a)) {
      // Our cards' buttons arrive as invokes (Action.Execute; Action.Submit only to open a dialog, task/fetch). A
      // message with a `value` is an Action.Submit click of some other or older card: nothing here vouches for what
      // it asks, so it runs nothing (not even as a command, whatever its text) and the clicker is told why.
      await ctx.send(cardMessage(textReply(CARD_SUBMIT_REFUSED)) as never);
      return;
    }
    const { rootId } = splitThread(a.conversation.id);
    const discussion = rootId ? await core.discussions.findByThread("TEAMS", here.conversationId, rootId) : null;
    const addressed =
      here.conversationType === "personal" ||
      !!a.entities?.some((e) => e.type === "mention" && e.mentioned?.id === a.recipient.id);

    // The person, under their own tenant (in a shared channel, not the host's): member-directory.ts.
    const { user, tenantKnown } = (await members.personOf(a))!;
    // Other people's @mentions become their Entra object id (how Teams users are known), for `member`, and the
    // connector's record says each one's own tenant, so `member @Sam Q52` registers Sam under Sam's tenant.
    const mentions = new Map<string, { aadObjectId?: string; tenantId?: string }>();
    for (const e of a.entities ?? []) {
      if (e.type !== "mention" || !e.mentioned || e.mentioned.id === a.recipient.id || mentions.has(e.mentioned.id))
        continue;
      mentions.set(e.mentioned.id, (await members.lookup(here, e.mentioned.id)) ?? {});
    }
    const text = commandText(a, (m) => mentions.get(m.id)?.aadObjectId ?? m.id);
    const lookupUser = async (userId: string) => {
      const mentioned = [...mentions.values()].find((m) => m.aadObjectId === userId);
      const tenantId = mentioned ? mentioned.tenantId : user.tenantId || undefined;
      return tenantId ? { tenantId } : null;
    };
    if (discussion && text) {
      const actor = await core.people.identify(user);
      await core.discussions.recordMessage(discussion.id, {
        ...(actor ? { personId: actor.personId } : {}),
        authorName: a.from.name ?? actor?.name ?? "someone",
        text: cutText(text, 4000),
        platformMessageId: a.id,
      });
    }
    if (!addressed) return; // channel talk not meant for the bot: kept above when it is in a discussion thread

    const invocation = invocationOf(a, user, discussion?.id, lookupUser);
    // Files attached to the message (a planning template for `plan submit`), fetched only if the command asks.
    const files = inboundFiles(a.attachments, this.deps.allowHttpFiles ?? false);
    if (files.length) invocation.files = files;
    const result = await dispatch(core, commands, text, invocation);
    const events = result.events ?? [];
    let reply = tenantKnown ? result.reply : note(result.reply, UNKNOWN_TENANT_TEXT);
    // A root to post: a new discussion's, or (`thread D12`) one that could not be posted when it opened.
    const rootEvent = (e: DomainEvent) => e.type === "discussion.opened" || e.type === "discussion.threadWanted";
    const root = events.find(
      (e): e is Extract<DomainEvent, { type: "discussion.opened" | "discussion.threadWanted" }> => rootEvent(e),
    );
    if (root)
      reply = await this.openDiscussion(
        invocation.user,
        root.discussionId,
        reply,
        here,
        root.type === "discussion.threadWanted",
      );

    const shown = await this.actionReplyView(reply, events, invocation.user, here, rootId, a.from.id);
    const sent = await ctx.send(cardMessage(shown.reply, shown.render) as never);
    const posted: TeamsMessageRef = { ref: here, ...(rootId ? { rootId } : {}), activityId: sent.id };
    await this.applyEvents(
      events.filter((e) => !rootEvent(e)),
      invocation.user,
      posted,
      { viewer: a.from.id, copy: shown.live },
    );
  }

  /**
   * A command's answer that is an action's card: in the action's own thread a step (agree, done…) is answered in
   * words, since the action's card there is updated in place and a second live card would be one too many.
   * Elsewhere it is a live copy of the card: in a personal chat with only the typer's buttons, in a channel the card
   * for everyone; both refresh to each known person's own view.
   */
  private async actionReplyView(
    reply: Reply,
    events: DomainEvent[],
    user: PlatformUser,
    here: ConversationRef,
    rootId: string | undefined,
    viewer: string,
  ): Promise<{ reply: Reply; render?: RenderOptions; live: boolean }> {
    const changed = events.find((e) => e.type === "action.changed");
    if (!changed || !reply.blocks.some((b) => b.type === "buttons")) return { reply, live: false };
    const { core, threads } = this.deps;
    const actor = await core.people.identify(user);
    if (!actor) return { reply, live: false };
    const action = await core.actions.get(actor, changed.actionId);
    const d = action.discussion;
    const inItsThread =
      d.threadPlatform === "TEAMS" && d.threadChannel === here.conversationId && d.threadRootId === rootId;
    if (inItsThread && changed.step !== "proposed") {
      return {
        reply: textReply(
          `${actionRef(action.id)}: ${actionStatusText(action)}. Its card in this thread is up to date.`,
          "channel",
        ),
        live: false,
      };
    }
    const viewers = [...(storedMessageRef(action.messageRef)?.viewers ?? []), viewer];
    const view = here.conversationType === "personal" ? viewOf(reply, action, actor) : reply;
    const render = threads.render(action, viewers).render;
    return { reply: view, ...(render ? { render } : {}), live: true };
  }

  /**
   * A plan line's Discuss button (Action.Execute): runs `discuss <ccg> <indicator> …` as the clicker, posts the
   * discussion's root card as a typed `discuss` would, and answers the click with what happened.
   */
  async onPlanDiscuss(ctx: ActivityCtx) {
    const answer = (value: string) => ({
      statusCode: 200 as const,
      type: "application/vnd.microsoft.activity.message" as const,
      value: messageText(value),
    });
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return answer("I couldn't read that click.");
    const data = planDiscussPayload.safeParse(
      (ctx.activity as { value?: { action?: { data?: { payload?: unknown } } } }).value?.action?.data?.payload,
    );
    if (!data.success) return answer("That button is out of date. Ask me again, e.g. `plan 02N`.");
    if (!(await claimActivity(this.deps.core, a))) return answer("Done already.");
    const here = await touchConversation(this.deps, a);
    const person = await this.deps.members.personOf(a);
    if (!person) return answer("I couldn't tell who clicked.");
    const invocation = invocationOf(a, person.user, undefined, async () => null);
    const result = await dispatch(this.deps.core, this.deps.commands, planDiscussCommand(data.data), invocation);
    const root = result.events?.find((e) => e.type === "discussion.opened");
    if (!root || result.reply.isError) return answer(result.reply.summary);
    const reply = await this.openDiscussion(person.user, root.discussionId, result.reply, here);
    return answer(reply.summary);
  }

  /**
   * Posts a discussion's root card in its channel (and, for a discussion that had no thread, its actions' cards in
   * the new thread); returns what to tell the person who asked.
   */
  private async openDiscussion(
    user: PlatformUser,
    discussionId: number,
    reply: Reply,
    here: ConversationRef,
    late = false,
  ): Promise<Reply> {
    const { core, threads } = this.deps;
    const actor = await core.people.identify(user);
    if (!actor) return reply;
    const d = await core.discussions.get(actor, discussionId);
    const ref = discussionRef(d.id);
    // `thread D12`'s own reply ("Posting…") gives way to what happened.
    if (late) reply = { ...reply, blocks: [] };
    let thread: Awaited<ReturnType<typeof threads.open>>;
    try {
      thread = await threads.open(d, actor, here);
    } catch (error) {
      // The discussion is open all the same: say so, and why it has no thread, in the words Slack uses too.
      const where = here.conversationType === "channel" ? "in this channel" : "in the linked Teams channel";
      const notice = threadNotPostedReply(d, where, this.whyNotPosted(error, ref, d.ccgCode));
      return { ...notice, blocks: [...reply.blocks, ...notice.blocks] };
    }
    if (thread === "taken") return threadTakenReply(d);
    if (!thread) {
      const text = `No Teams channel is linked to ${d.ccgCode} or ${d.areaTeamCode} yet, so ${ref} has no thread. An admin can run \`link ${d.ccgCode}\` in the channel the discussion should live in.`;
      return late ? textReply(text) : note(reply, text);
    }
    if (late) return this.placeActionsInNewThread(d, thread, here);
    if (thread.ref.conversationId === here.conversationId) {
      return {
        summary: `Opened ${ref} with ${d.ccgCode}: ${d.topic}`,
        blocks: [
          { type: "paragraph", text: `Opened ${ref} with ${d.ccgCode}: ${d.topic}.` },
          {
            type: "context",
            text: `Its thread is the new post in this channel: propose actions there, or with \`action ${ref} …\` from anywhere.`,
          },
        ],
        visibility: "channel",
      };
    }
    return note(reply, `Posted in ${channelLabel(thread)}; the discussion continues in that thread.`);
  }

  /** After `thread D12`: the discussion's actions go into its new thread; a card that fails is logged, not fatal. */
  private async placeActionsInNewThread(
    d: Discussion,
    thread: Thread & { channelName?: string },
    here: ConversationRef,
  ): Promise<Reply> {
    const { core, threads, logger } = this.deps;
    const actions = await core.actions.inDiscussion(d.id);
    let failed = 0;
    for (const a of actions) {
      await threads.placeAction(a, { refreshRoot: false }).catch((error: unknown) => {
        failed++;
        logger.warn({ err: error, what: `post ${actionRef(a.id)} in a new thread` }, "Teams thread not filled");
      });
    }
    // the root card's counts, once (the actions carry the discussion as it is now, with its thread)
    if (actions[0]) await threads.refreshRoot(actions[0].discussion);
    const where = thread.ref.conversationId === here.conversationId ? "in this channel" : `in ${channelLabel(thread)}`;
    return threadPostedReply(d, where, actions.length - failed, failed);
  }

  /** Teams' refusal in the opener's words; anything else is logged with an id they can quote. */
  private whyNotPosted(error: unknown, ref: string, ccgCode: string): ThreadNotPosted {
    const refused = (why: ThreadNotPosted) => {
      this.deps.logger.warn({ err: error, what: `post ${ref} root` }, "Teams refused a discussion's root card");
      return why;
    };
    // 403: the app is not in the channel's team (BotNotInConversationRoster) or may not post there.
    if (error instanceof TeamsSendError && error.status === 403) {
      return refused({
        reason: "I'm not in that channel's team, or may not post there",
        fix: "A team owner can add the Plan Dialogue app to the team so that discussions opened there get their thread.",
      });
    }
    // 404: the conversation is gone (ConversationNotFound): a linked channel deleted, or its team deleted.
    if (error instanceof TeamsSendError && error.status === 404) {
      return refused({
        reason: "that channel no longer exists (deleted, or its team was)",
        fix: `An admin can run \`link ${ccgCode}\` in the channel ${ccgCode}'s discussions should live in now.`,
      });
    }
    return { errorId: loggedErrorId(this.deps.logger, error, `post ${ref} root`) };
  }

  /** Keeps threads and cards in step with what a command did. */
  private async applyEvents(
    events: DomainEvent[],
    user: PlatformUser,
    posted: TeamsMessageRef,
    card: { viewer: string; copy: boolean },
  ): Promise<void> {
    if (!events.length) return;
    const { core, threads } = this.deps;
    const actor = await core.people.identify(user);
    if (!actor) return;
    for (const e of events) {
      try {
        if (e.type === "action.changed") {
          const a = await core.actions.get(actor, e.actionId);
          if (e.step === "proposed")
            await threads.placeAction(a, {
              posted,
              fallback: { ...posted.ref, ...(posted.rootId ? { rootId: posted.rootId } : {}) },
              viewer: card.viewer,
            });
          // the answer, when it was a card of this action, is a copy updated from now on
          else
            await threads.refreshAction(a, undefined, { viewer: card.viewer, ...(card.copy ? { copy: posted } : {}) });
        } else if (e.type === "discussion.changed") {
          await threads.refreshRoot(await core.discussions.get(actor, e.discussionId));
        } else if (e.type === "discussion.closed") {
          const d = await core.discussions.get(actor, e.discussionId);
          await threads.refreshRoot(d);
          const inThread = d.threadChannel === posted.ref.conversationId && d.threadRootId === posted.rootId;
          if (!inThread) {
            await threads.postInThread(d, {
              summary: `${discussionRef(d.id)} closed by ${actor.name}`,
              blocks: [
                {
                  type: "paragraph",
                  text: `${actor.name} closed ${discussionRef(d.id)}.${d.closedSummary ? `\n\n${d.closedSummary}` : ""}`,
                },
              ],
              visibility: "channel",
            });
          }
        }
      } catch (error) {
        this.deps.logger.warn({ err: error, event: e }, "Teams thread not updated after a command");
      }
    }
  }
}
