// A plan line's Edit in Teams: the plan's "Edit" button opens a dialog for the CCG's own people (anyone else reads
// why, as the dialog's message); each value is checked by core.planLines.check and a mistake is shown in the dialog
// again, by its period, with what was typed kept and nothing stored; a good form runs `plan <ccg> set …` through the
// same dispatch as typing it (as Slack's modal does, src/slack/listeners/plan-line.ts), once however often Teams
// delivers the submit, closes with the version stored and what moved, and says it in the conversation.
import { commands, dispatch } from "../../commands";
import { planDiscussPayload } from "../../commands/plan";
import { planLineCommand } from "../../commands/plan-line";
import type { Actor } from "../core";
import { DomainError } from "../core/errors";
import type { Reply } from "../reply/model";
import { actorOf, claimActivity, parseActivity, touchConversation, type ActivityCtx } from "./activity-intake";
import { invocationOf, splitThread } from "./conversation";
import { dialogMessage, failureText, withHint } from "./failure-text";
import type { TeamsHandlerContext } from "./handler-context";
import {
  MAX_NOTE,
  NOTE_FIELD,
  periodField,
  planLineFormCard,
  planLineFormPayload,
  submittedLine,
} from "./render/plan-line-dialog";

/** What the dialog closes with: the reply's sentences and each line that moved. */
const closingText = (reply: Reply) =>
  reply.blocks
    .flatMap((b) =>
      b.type === "paragraph" ? [b.text] : b.type === "items" ? [b.items.map((i) => i.title).join("; ")] : [],
    )
    .join(" ");

type Errors = { byField: Record<string, string>; general: string[] };

export class PlanLineDialogHandler {
  constructor(private readonly deps: TeamsHandlerContext) {}

  /** The form of the line (refused, with the reason, to anyone who may not submit the CCG's plan). */
  private async dialog(
    actor: Actor,
    line: { ccg: string; indicator: string },
    values?: Record<string, string>,
    errors?: Errors,
  ) {
    const form = await this.deps.core.planLines.form(actor, line.ccg, line.indicator, this.deps.core.clock.now());
    return {
      task: {
        type: "continue" as const,
        value: {
          title: `Edit ${form.indicator.code} in ${form.ccg.code}'s plan`,
          width: "medium" as const,
          height: "large" as const,
          card: {
            contentType: "application/vnd.microsoft.card.adaptive" as const,
            content: planLineFormCard({ form, ...(values ? { values } : {}), ...(errors ? { errors } : {}) }),
          },
        },
      },
    };
  }

  async onOpen(ctx: ActivityCtx) {
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return dialogMessage("I couldn't read that request.");
    const data = (ctx.activity as { value?: { data?: { payload?: unknown } } }).value?.data;
    const line = planDiscussPayload.safeParse(data?.payload);
    if (!line.success) return dialogMessage("That button is out of date. Ask me for the plan again, e.g. `plan 02N`.");
    try {
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return dialogMessage(refusal);
      return await this.dialog(actor, line.data);
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(failureText(this.deps.logger, error, "plan line dialog open"));
    }
  }

  async onSubmit(ctx: ActivityCtx) {
    const { core, members, sender, background, logger } = this.deps;
    const a = parseActivity(ctx, logger);
    if (!a) return dialogMessage("I couldn't read that form.");
    const data = (ctx.activity as { value?: { data?: Record<string, unknown> } }).value?.data ?? {};
    const payload = planLineFormPayload.safeParse(data.payload);
    if (!payload.success) return dialogMessage("That form is out of date; nothing was changed.");
    const line = payload.data;
    const values = Object.fromEntries(
      Object.entries(data).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    try {
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return dialogMessage(refusal);
      const { entries, note } = submittedLine(line, data);
      const again = (errors: Errors) => this.dialog(actor, line, values, errors);
      // Each value checked where it was typed, as the command checks it again before storing.
      let checked;
      try {
        checked = await core.planLines.check(line.ccg, line.indicator, entries, core.clock.now());
      } catch (error) {
        if (error instanceof DomainError) return await again({ byField: {}, general: [withHint(error)] });
        throw error;
      }
      const byField: Record<string, string> = {};
      const general: string[] = [];
      for (const p of checked.ok ? [] : checked.problems) {
        const at = entries.find((e) => e.period === p.period)?.start ?? p.periodStart;
        if (at) byField[periodField(at)] ??= p.message;
        else general.push(`${p.period}: ${p.message}`);
      }
      if (note.length > MAX_NOTE) byField[NOTE_FIELD] = `At most ${MAX_NOTE} characters; this has ${note.length}.`;
      if (Object.keys(byField).length || general.length) return await again({ byField, general });

      if (!(await claimActivity(core, a)))
        return dialogMessage("This form was already sent; nothing more was changed.");
      const person = await members.personOf(a);
      if (!person?.tenantKnown)
        return dialogMessage("I can't tell which organisation you act for, so nothing was changed.");
      const here = await touchConversation(this.deps, a);
      const result = await dispatch(
        core,
        commands,
        planLineCommand(line.ccg, line.indicator, entries, note),
        invocationOf(a, person.user),
      );
      // The core refused (not the CCG's own people, a value changed meaning…): said on the form, nothing stored. The
      // claim is spent, but a corrected form is a new submit.
      if (result.reply.isError) return await again({ byField: {}, general: [closingText(result.reply)] });
      if (result.reply.visibility === "channel") {
        const rootId = splitThread(a.conversation.id).rootId;
        void background.run(
          `say ${line.ccg} ${line.indicator} plan line`,
          sender.send(here, result.reply, rootId ? { threadRootId: rootId } : {}).then(() => undefined),
        );
      }
      return dialogMessage(closingText(result.reply));
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(failureText(logger, error, "plan line dialog submit"));
    }
  }
}
