// The appraisal dialog: "Answer" on the prompt opens the form for the person who clicked (or says why they can't
// answer); its submit is checked (a rating per statement), mistakes are shown in the dialog with what was chosen
// kept, and the answer goes to the same AppraisalService.answer as `appraisal answer …`, once.
import { AppraisalService } from "../core/appraisal/appraisal";
import { DomainError } from "../core/errors";
import { appraisalFormIntro, appraisalFormPayload, appraisalThanks, readAppraisalForm } from "../reply/views/appraisal";
import { actorOf, claimActivity, parseActivity, type ActivityCtx } from "./activity-intake";
import { dialogMessage, failureText, withHint } from "./failure-text";
import type { TeamsHandlerContext } from "./handler-context";
import { appraisalFormCard } from "./render/appraisal-dialog";

export class AppraisalDialogHandler {
  private readonly service: AppraisalService;
  constructor(private readonly deps: TeamsHandlerContext) {
    this.service = new AppraisalService(deps.core.prisma, deps.core.organisations);
  }

  private dialog(card: ReturnType<typeof appraisalFormCard>, year: number) {
    return {
      task: {
        type: "continue" as const,
        value: {
          title: `Appraisal ${year}`,
          width: "medium" as const,
          height: "large" as const,
          card: { contentType: "application/vnd.microsoft.card.adaptive" as const, content: card },
        },
      },
    };
  }

  async onOpen(ctx: ActivityCtx) {
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return dialogMessage("I couldn't read that request.");
    try {
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return dialogMessage(refusal);
      const round = await this.service.answerable(actor, this.deps.core.clock.now());
      return this.dialog(appraisalFormCard({ round, intro: appraisalFormIntro(actor) }), round.year);
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(failureText(this.deps.logger, error, "appraisal dialog open"));
    }
  }

  async onSubmit(ctx: ActivityCtx) {
    const a = parseActivity(ctx, this.deps.logger);
    if (!a) return dialogMessage("I couldn't read that form.");
    const data = (ctx.activity as { value?: { data?: Record<string, unknown> } }).value?.data ?? {};
    const payload = appraisalFormPayload.safeParse(data.payload);
    if (!payload.success) return dialogMessage("That form is out of date.");
    const values = Object.fromEntries(
      Object.entries(data).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    try {
      const { actor, refusal } = await actorOf(this.deps, a);
      if (!actor) return dialogMessage(refusal);
      const now = this.deps.core.clock.now();
      const round = await this.service.answerable(actor, now);
      if (round.year !== payload.data.year)
        return dialogMessage(`This form was for the ${payload.data.year} appraisal, which is no longer open.`);
      const form = readAppraisalForm(round, values);
      if ("errors" in form)
        return this.dialog(
          appraisalFormCard({
            round,
            intro: appraisalFormIntro(actor),
            values,
            errors: Object.values(form.errors).filter((e, i, all) => all.indexOf(e) === i),
          }),
          round.year,
        );
      if (!(await claimActivity(this.deps.core, a))) return dialogMessage("Already sent.");
      await this.service.answer(actor, form.ratings, form.comment, now);
      return dialogMessage(appraisalThanks(actor, round));
    } catch (error) {
      if (error instanceof DomainError) return dialogMessage(withHint(error));
      return dialogMessage(failureText(this.deps.logger, error, "appraisal dialog submit"));
    }
  }
}
