// What the Teams bot does with each kind of activity: messages are commands (through the same dispatch()
// as every platform), card buttons and dialogs are core steps, installs save where to post later.
// Teams resends a message it thinks failed (~15 s) and retries invokes, so everything is claimed by
// conversation and activity id first; slow work is acknowledged and finished in the background.
import { randomUUID } from "node:crypto";
import type { App, IActivityContext } from "@microsoft/teams.apps";
import type { Activity } from "@microsoft/teams.api";
import { z } from "zod";
import { dispatch, type AnyCommand, type DomainEvent } from "../../commands";
import type { Actor, Core, PlatformUser } from "../core";
import { actionRef } from "../core/actions/actions";
import { DomainError } from "../core/errors";
import { discussionRef } from "../core/discussions/discussions";
import { trackWrites, type WriteOutcome } from "../db/write-tracking";
import type { Logger } from "../logging/logger";
import { failureReply } from "../reply/failure";
import type { Reply } from "../reply/model";
import {
  commandText,
  conversationRefOf,
  inboundActivitySchema,
  invocationOf,
  splitThread,
  userOf,
  type ConversationRef,
  type InboundActivity,
} from "./conversation";
import {
  actionFormCard,
  actionFormSchema,
  dialogOpenSchema,
  DIALOG_ACTIONS,
  type ActionFormValues,
  type DialogOpen,
} from "./render/action-dialog";
import { cardMessage, renderCard } from "./render/card";
import type { TeamsSender } from "./sender";
import { actionCard, type DiscussionThreads, type TeamsMessageRef } from "./threads";

const STEP_BUTTONS = { "action.agree": "agree", "action.done": "done", "action.drop": "drop" } as const;

/** What an Agree / Done / Drop button sends back (Action.Execute data). */
export const cardActionSchema = z.object({
  actionId: z.enum(["action.agree", "action.done", "action.drop"]),
  payload: z.object({ actionId: z.coerce.number().int().positive() }),
});

export interface TeamsBotDeps {
  core: Core;
  commands: readonly AnyCommand[];
  sender: TeamsSender;
  threads: DiscussionThreads;
  logger: Logger;
  /** how long a message may take before Teams is answered and the work finishes in the background */
  ackAfterMs: number;
}

type Ctx = IActivityContext<Activity>;

const messageResponse = (value: string) => ({
  statusCode: 200 as const,
  type: "application/vnd.microsoft.activity.message" as const,
  value,
});
const dialogMessage = (value: string) => ({ task: { type: "message" as const, value } });

const withHint = (e: DomainError) => `${e.userMessage}${e.hint ? ` ${e.hint.replace(/`/g, "")}` : ""}`;

function note(reply: Reply, text: string): Reply {
  return { ...reply, blocks: [...reply.blocks, { type: "context", text }] };
}

export class TeamsBot {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly deps: TeamsBotDeps) {}

  register(app: App): void {
    app.on("message", (ctx) => this.onMessage(ctx as Ctx));
    app.on("card.action", (ctx) => this.onCardAction(ctx as unknown as Ctx));
    app.on("dialog.open", (ctx) => this.onDialogOpen(ctx as unknown as Ctx));
    app.on("dialog.submit", (ctx) => this.onDialogSubmit(ctx as unknown as Ctx));
    app.on("conversationUpdate", (ctx) => this.onConversationUpdate(ctx as unknown as Ctx));
    app.on("installationUpdate", (ctx) => this.onInstallationUpdate(ctx as unknown as Ctx));
  }

  /** Waits for background work (card updates, slow commands) to finish: for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private background(what: string, work: Promise<unknown>): Promise<unknown> {
    const tracked = work.catch((error) => {
      this.deps.logger.error({ err: error, what }, "Teams background work failed");
    });
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
    return tracked;
  }

  private parse(ctx: Ctx): InboundActivity | null {
    const parsed = inboundActivitySchema.safeParse(ctx.activity);
    if (!parsed.success) {
      this.deps.logger.warn(
        { issues: parsed.error.issues.slice(0, 3), type: ctx.activity.type },
        "Teams activity not understood",
      );
      return null;
    }
    return parsed.data;
  }

  /** Teams activity ids are per conversation (channel message ids are timestamps), so the key holds both. */
  private claim(a: InboundActivity): Promise<boolean> {
    return this.deps.core.inbound.claim(`teams:${splitThread(a.conversation.id).base}:${a.id}`);
  }

  /** Keeps the conversation reference of a linked channel fresh, and remembers unlinked channels in-process. */
  private async touch(a: InboundActivity): Promise<ConversationRef> {
    const ref = conversationRefOf(a);
    this.deps.threads.remember(ref);
    const name = a.channelData?.channel?.name ?? a.conversation.name;
    await this.deps.core.links.touchChannel({
      platform: "TEAMS",
      tenantId: ref.tenantId,
      channelId: ref.conversationId,
      ...(name ? { channelName: name } : {}),
      conversationRef: ref,
    });
    return ref;
  }

  /** The failure, logged with an id, told as dispatch tells it: what may have been saved of `writes`. */
  private failure(error: unknown, what: string, writes: WriteOutcome = { confirmed: 0, inDoubt: 0 }): string {
    const errorId = randomUUID().slice(0, 8);
    this.deps.logger.error({ err: error, errorId, what }, "Teams handler failed");
    const reply = failureReply(errorId, writes);
    const hint = reply.blocks.find((b) => b.type === "context");
    return [reply.summary, hint && "text" in hint ? hint.text : ""].join(" ").replace(/`/g, "").trim();
  }

  // ——— messages: commands ———

  private async onMessage(ctx: Ctx): Promise<void> {
    const a = this.parse(ctx);
    if (!a) return;
    const work = this.background("message", this.handleMessage(ctx, a));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, this.deps.ackAfterMs)))]);
    clearTimeout(timer);
  }

  private async handleMessage(ctx: Ctx, a: InboundActivity): Promise<void> {
    const { core, commands, sender } = this.deps;
    if (!(await this.claim(a))) return;
    const here = await this.touch(a);
    const { rootId } = splitThread(a.conversation.id);
    const discussion = rootId ? await core.discussions.findByThread("TEAMS", here.conversationId, rootId) : null;
    const addressed =
      here.conversationType === "personal" ||
      !!a.entities?.some((e) => e.type === "mention" && e.mentioned?.id === a.recipient.id);

    // Other people's @mentions become their Entra object id (how Teams users are known), for `member`.
    const mentions = new Map<string, string>();
    for (const e of a.entities ?? []) {
      if (e.type !== "mention" || !e.mentioned || e.mentioned.id === a.recipient.id || mentions.has(e.mentioned.id))
        continue;
      const aad = await sender.memberAadId(here, e.mentioned.id).catch(() => undefined);
      mentions.set(e.mentioned.id, aad ?? e.mentioned.id);
    }
    const text = commandText(a, (m) => mentions.get(m.id) ?? m.id);
    if (discussion && text) {
      const actor = await core.people.identify(userOf(a));
      await core.discussions.recordMessage(discussion.id, {
        ...(actor ? { personId: actor.personId } : {}),
        authorName: a.from.name ?? actor?.name ?? "someone",
        text: text.slice(0, 4000),
        platformMessageId: a.id,
      });
    }
    if (!addressed) return; // channel talk not meant for the bot: kept above when it is in a discussion thread

    const invocation = invocationOf(a, discussion?.id);
    const result = await dispatch(core, commands, text, invocation);
    const events = result.events ?? [];
    let reply = result.reply;
    const opened = events.find(
      (e): e is Extract<DomainEvent, { type: "discussion.opened" }> => e.type === "discussion.opened",
    );
    if (opened) reply = await this.openDiscussion(invocation.user, opened.discussionId, reply, here);

    const sent = await ctx.send(cardMessage(reply) as never);
    const posted: TeamsMessageRef = { ref: here, ...(rootId ? { rootId } : {}), activityId: sent.id };
    await this.applyEvents(
      events.filter((e) => e.type !== "discussion.opened"),
      invocation.user,
      posted,
    );
  }

  /** Posts a new discussion's root card in its channel; returns what to tell the person who opened it. */
  private async openDiscussion(
    user: PlatformUser,
    discussionId: number,
    reply: Reply,
    here: ConversationRef,
  ): Promise<Reply> {
    const { core, threads } = this.deps;
    const actor = await core.people.identify(user);
    if (!actor) return reply;
    const d = await core.discussions.get(actor, discussionId);
    const ref = discussionRef(d.id);
    try {
      const thread = await threads.open(d, actor, here);
      if (!thread) {
        return note(
          reply,
          `No Teams channel is linked to ${d.ccgCode} or ${d.areaTeamCode} yet, so ${ref} has no thread. An admin can run \`link ${d.ccgCode}\` in the channel the discussion should live in.`,
        );
      }
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
      return note(
        reply,
        `Posted in ${thread.channelName ? `“${thread.channelName}”` : "the linked Teams channel"}; the discussion continues in that thread.`,
      );
    } catch (error) {
      return note(
        reply,
        this.failure(error, `post ${ref} root`).replace("nothing was changed", `${ref} is open but has no thread yet`),
      );
    }
  }

  /** Keeps threads and cards in step with what a command did. */
  private async applyEvents(events: DomainEvent[], user: PlatformUser, posted: TeamsMessageRef): Promise<void> {
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
            });
          else await threads.refreshAction(a);
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

  // ——— buttons: Agree / Done / Drop (Universal Actions) ———

  private async onCardAction(ctx: Ctx) {
    const { core, threads } = this.deps;
    const a = this.parse(ctx);
    if (!a) return messageResponse("I couldn't read that click.");
    const value = (ctx.activity as { value?: { action?: { data?: unknown } } }).value;
    const data = cardActionSchema.safeParse(value?.action?.data);
    if (!data.success)
      return messageResponse("That button is out of date. Ask me again, e.g. `actions`.".replace(/`/g, ""));
    const step = STEP_BUTTONS[data.data.actionId];
    const id = data.data.payload.actionId;
    const writes: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    try {
      await this.touch(a);
      const actor = await core.people.identify(userOf(a));
      if (!actor)
        return messageResponse(
          "I don't know which organisation you act for yet, so I can't do that. `whoami` shows what I know.".replace(
            /`/g,
            "",
          ),
        );
      if (!(await this.claim(a))) {
        // A retry of a click already handled: show the card as it now is.
        return this.cardResponse(await core.actions.get(actor, id));
      }
      const { action } = await trackWrites(writes, () => core.actions[step](actor, id, core.clock.now()));
      const clicked: TeamsMessageRef | undefined = a.replyToId
        ? {
            ref: conversationRefOf(a),
            ...(splitThread(a.conversation.id).rootId ? { rootId: splitThread(a.conversation.id).rootId } : {}),
            activityId: a.replyToId,
          }
        : undefined;
      // The clicker sees the new card in the answer; everyone else once the stored message is updated.
      void this.background(`refresh ${actionRef(id)}`, threads.refreshAction(action, clicked));
      return this.cardResponse(action);
    } catch (error) {
      if (error instanceof DomainError) return messageResponse(withHint(error));
      return messageResponse(this.failure(error, `card ${step} ${actionRef(id)}`, writes));
    }
  }

  private cardResponse(action: Parameters<typeof actionCard>[0]) {
    return {
      statusCode: 200 as const,
      type: "application/vnd.microsoft.card.adaptive" as const,
      value: renderCard(actionCard(action)),
    };
  }

  // ——— dialogs: propose an action, edit one ———

  private dialog(open: DialogOpen, title: string, intro: string, values?: ActionFormValues, errors?: string[]) {
    return {
      task: {
        type: "continue" as const,
        value: {
          title,
          width: "medium" as const,
          height: "medium" as const,
          card: {
            contentType: "application/vnd.microsoft.card.adaptive" as const,
            content: actionFormCard({ open, title, intro, values, errors }),
          },
        },
      },
    };
  }

  private async dialogFor(actor: Actor, open: DialogOpen, values?: ActionFormValues, errors?: string[]) {
    const { core } = this.deps;
    if (open.actionId === DIALOG_ACTIONS.propose) {
      const d = await core.discussions.get(actor, open.payload.discussionId);
      if (d.status === "CLOSED")
        throw new DomainError(
          "conflict",
          `${discussionRef(d.id)} is closed.`,
          "Open a new discussion to propose more actions.",
        );
      const other = actor.organisation.code === d.ccgCode ? "the area team" : "the CCG";
      return this.dialog(
        open,
        `Propose an action in ${discussionRef(d.id)}`,
        `${d.ccgCode} · ${d.topic}. It is agreed when ${other} agrees.`,
        values,
        errors,
      );
    }
    const a = await core.actions.get(actor, open.payload.actionId);
    if (a.status === "DONE" || a.status === "DROPPED") {
      throw new DomainError(
        "conflict",
        `${actionRef(a.id)} is ${a.status.toLowerCase()} and can no longer be changed.`,
      );
    }
    const current: ActionFormValues = {
      text: a.text,
      ...(a.owner ? { owner: a.owner } : {}),
      ...(a.dueDate ? { due: a.dueDate.toISOString().slice(0, 10) } : {}),
    };
    return this.dialog(
      open,
      `Edit ${actionRef(a.id)}`,
      "A change goes back to the other side for agreement.",
      values ?? current,
      errors,
    );
  }

  private async onDialogOpen(ctx: Ctx) {
    const a = this.parse(ctx);
    if (!a) return dialogMessage("I couldn't read that request.");
    const value = (ctx.activity as { value?: { data?: unknown } }).value;
    const open = dialogOpenSchema.safeParse(value?.data);
    if (!open.success) return dialogMessage("That button is out of date.");
    try {
      const actor = await this.deps.core.people.identify(userOf(a));
      if (!actor) return dialogMessage("I don't know which organisation you act for yet, so I can't do that.");
      return await this.dialogFor(actor, open.data);
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(this.failure(error, "dialog open"));
    }
  }

  private async onDialogSubmit(ctx: Ctx) {
    const { core, threads } = this.deps;
    const a = this.parse(ctx);
    if (!a) return dialogMessage("I couldn't read that form.");
    const data = (ctx.activity as { value?: { data?: Record<string, unknown> } }).value?.data ?? {};
    const open = dialogOpenSchema.safeParse(data);
    if (!open.success) return dialogMessage("That form is out of date.");
    const entered: ActionFormValues = {
      ...(typeof data.text === "string" ? { text: data.text } : {}),
      ...(typeof data.owner === "string" ? { owner: data.owner } : {}),
      ...(typeof data.due === "string" ? { due: data.due } : {}),
    };
    const writes: WriteOutcome = { confirmed: 0, inDoubt: 0 };
    try {
      const actor = await core.people.identify(userOf(a));
      if (!actor) return dialogMessage("I don't know which organisation you act for yet, so I can't do that.");
      const form = actionFormSchema.safeParse(data);
      if (!form.success)
        return await this.dialogFor(
          actor,
          open.data,
          entered,
          form.error.issues.map((i) => i.message),
        );
      if (!(await this.claim(a))) return dialogMessage("Already done.");
      const change = {
        text: form.data.text,
        ...(form.data.owner ? { owner: form.data.owner } : {}),
        ...(form.data.due ? { dueDate: form.data.due } : {}),
      };
      const now = core.clock.now();
      const here = conversationRefOf(a);
      const rootId = splitThread(a.conversation.id).rootId;
      try {
        if (open.data.actionId === DIALOG_ACTIONS.propose) {
          const { discussionId } = open.data.payload;
          const action = await trackWrites(writes, () => core.actions.propose(actor, discussionId, change, now));
          void this.background(
            `place ${actionRef(action.id)}`,
            threads.placeAction(action, { fallback: { ...here, ...(rootId ? { rootId } : {}) } }),
          );
          const waiting =
            action.status === "PROPOSED"
              ? ` It is waiting for ${actor.organisation.kind === "CCG" ? "the area team" : "the CCG"} to agree.`
              : "";
          return dialogMessage(`Proposed ${actionRef(action.id)}: ${action.text}.${waiting}`);
        }
        const { actionId } = open.data.payload;
        const { action } = await trackWrites(writes, () => core.actions.edit(actor, actionId, change, now));
        void this.background(`refresh ${actionRef(action.id)}`, threads.refreshAction(action));
        return dialogMessage(`Changed ${actionRef(action.id)}; it goes back to the other side for agreement.`);
      } catch (error) {
        // The claim is spent, but nothing changed: let the person correct the form and submit again.
        if (error instanceof DomainError) return await this.dialogFor(actor, open.data, entered, [withHint(error)]);
        throw error;
      }
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(this.failure(error, "dialog submit", writes));
    }
  }

  // ——— installs: save where to post later, say hello ———

  private async onConversationUpdate(ctx: Ctx): Promise<void> {
    const a = this.parse(ctx);
    if (!a) return;
    const added = (ctx.activity as { membersAdded?: { id: string }[] }).membersAdded ?? [];
    if (!added.some((m) => m.id === a.recipient.id)) return;
    if (!(await this.claim(a))) return;
    const ref = await this.touch(a);
    this.deps.logger.info(
      { conversationId: ref.conversationId, type: ref.conversationType, tenantId: ref.tenantId },
      "Plan Dialogue added to a Teams conversation",
    );
    const where = ref.conversationType === "personal" ? "here" : "in this team";
    await ctx.send(
      cardMessage({
        summary: "Plan Dialogue is installed",
        blocks: [
          { type: "heading", text: "Plan Dialogue" },
          {
            type: "paragraph",
            text: `Hello! I keep the planning dialogue between CCGs and their area team ${where}: indicator status, discussions, agreed actions and deadlines.`,
          },
          {
            type: "items",
            items: [
              {
                title: ref.conversationType === "personal" ? "`status 02N`" : "`@Plan Dialogue status 02N`",
                detail: "a CCG's indicators, red/amber/green",
              },
              {
                title: "`link 02N`",
                detail: "admins: make a channel the home of an organisation's discussions and reminders",
              },
              { title: "`help`", detail: "every command" },
            ],
          },
        ],
        visibility: "channel",
      }) as never,
    );
  }

  private async onInstallationUpdate(ctx: Ctx): Promise<void> {
    const a = this.parse(ctx);
    if (!a) return;
    const action = (ctx.activity as { action?: string }).action ?? "";
    if (action.startsWith("add")) await this.touch(a);
    this.deps.logger.info({ action, conversationId: splitThread(a.conversation.id).base }, "Teams installation update");
  }
}
