// Dialogs (task modules): "Propose an action" and an action's "Edit" open a form (text, owner, due date); its submit is
// validated with zod and by the core, and mistakes are shown in the dialog with what was typed kept.
import type { Actor } from "../core";
import { actionRef } from "../core/actions/actions";
import { DomainError } from "../core/errors";
import { discussionRef } from "../core/discussions/discussions";
import { trackWrites, type WriteOutcome } from "../db/write-tracking";
import { PLAN_EDIT_ACTION } from "../../commands/plan-line";
import { APPRAISAL_FORM } from "../reply/views/appraisal";
import { actorOf, claimActivity, parseActivity, type ActivityCtx } from "./activity-intake";
import { AppraisalDialogHandler } from "./appraisal-dialog-handler";
import { PlanLineDialogHandler } from "./plan-line-dialog-handler";
import { conversationRefOf, splitThread } from "./conversation";
import { dialogMessage, failureText, withHint } from "./failure-text";
import type { TeamsHandlerContext } from "./handler-context";
import {
  actionFormCard,
  actionFormSchema,
  dialogOpenSchema,
  DIALOG_ACTIONS,
  type ActionFormValues,
  type DialogOpen,
} from "./render/action-dialog";

/** The dialog a button opens: the appraisal form and a plan line's Edit have their own handlers; the rest are action
 * forms. */
const dialogActionId = (ctx: ActivityCtx) =>
  (ctx.activity as { value?: { data?: { actionId?: unknown } } }).value?.data?.actionId;
const isAppraisal = (ctx: ActivityCtx) => dialogActionId(ctx) === APPRAISAL_FORM;
const isPlanLine = (ctx: ActivityCtx) => dialogActionId(ctx) === PLAN_EDIT_ACTION;

export class ActionDialogHandler {
  private readonly appraisal: AppraisalDialogHandler;
  private readonly planLine: PlanLineDialogHandler;
  constructor(private readonly deps: TeamsHandlerContext) {
    this.appraisal = new AppraisalDialogHandler(deps);
    this.planLine = new PlanLineDialogHandler(deps);
  }

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

  async onDialogOpen(ctx: ActivityCtx) {
    if (isAppraisal(ctx)) return this.appraisal.onOpen(ctx);
    if (isPlanLine(ctx)) return this.planLine.onOpen(ctx);
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return dialogMessage("I couldn't read that request.");
    const value = (ctx.activity as { value?: { data?: unknown } }).value;
    const open = dialogOpenSchema.safeParse(value?.data);
    if (!open.success) return dialogMessage("That button is out of date.");
    try {
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return dialogMessage(refusal);
      return await this.dialogFor(actor, open.data);
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(failureText(this.deps.logger, error, "dialog open"));
    }
  }

  async onDialogSubmit(ctx: ActivityCtx) {
    if (isAppraisal(ctx)) return this.appraisal.onSubmit(ctx);
    if (isPlanLine(ctx)) return this.planLine.onSubmit(ctx);
    const { core, threads } = this.deps;
    const a = parseActivity(ctx, this.deps.logger);
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
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return dialogMessage(refusal);
      const form = actionFormSchema.safeParse(data);
      if (!form.success)
        return await this.dialogFor(
          actor,
          open.data,
          entered,
          form.error.issues.map((i) => i.message),
        );
      if (!(await claimActivity(core, a))) return dialogMessage("Already done.");
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
          void this.deps.background.run(
            `place ${actionRef(action.id)}`,
            threads.placeAction(action, { fallback: { ...here, ...(rootId ? { rootId } : {}) }, viewer: a.from.id }),
          );
          const waiting =
            action.status === "PROPOSED"
              ? ` It is waiting for ${actor.organisation.kind === "CCG" ? "the area team" : "the CCG"} to agree.`
              : "";
          return dialogMessage(`Proposed ${actionRef(action.id)}: ${action.text}.${waiting}`);
        }
        const { actionId } = open.data.payload;
        const { action, step } = await trackWrites(writes, () => core.actions.edit(actor, actionId, change, now));
        if (step === null) return dialogMessage(`Nothing changed: ${actionRef(action.id)} already reads so.`);
        void this.deps.background.run(
          `refresh ${actionRef(action.id)}`,
          threads.refreshAction(action, undefined, { viewer: a.from.id }),
        );
        return dialogMessage(`Changed ${actionRef(action.id)}; it goes back to the other side for agreement.`);
      } catch (error) {
        // The claim is spent, but nothing changed: let the person correct the form and submit again.
        if (error instanceof DomainError) return await this.dialogFor(actor, open.data, entered, [withHint(error)]);
        throw error;
      }
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(failureText(this.deps.logger, error, "dialog submit", writes));
    }
  }
}
