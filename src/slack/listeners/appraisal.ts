// The appraisal prompt's "Answer" button and its modal. The button opens the form for the person who clicked (or
// says why they can't answer: not a CCG, no round open, already answered); the submission is checked in place
// (a rating per statement) and recorded by the same AppraisalService.answer as `appraisal answer …`, once, however
// often Slack delivers it.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { AppraisalService } from "../../core/appraisal/appraisal";
import { DomainError } from "../../core/errors";
import type { Actor } from "../../core/people/actor";
import { APPRAISAL_FORM, appraisalFormIntro, appraisalThanks, readAppraisalForm } from "../../reply/views/appraisal";
import { APPRAISAL_MODAL, appraisalModal, appraisalModalContext, appraisalValues } from "../appraisal-modal";
import type { SlackContext } from "../context";
import type { InteractionShape } from "../identity";
import { invocationOfInteraction } from "../invocation";
import { loadingView, messageView } from "../modal";
import { submissionKey } from "./views";
import type { WebClient } from "@slack/web-api";

const NOT_REGISTERED =
  "I don't know which organisation you act for yet, so you can't answer. `/plan whoami` shows what I know.";
const reason = (e: unknown) => (e instanceof DomainError ? e.userMessage : undefined);

export function registerAppraisal(app: App, { core, directory, logger }: SlackContext) {
  const service = new AppraisalService(core.prisma, core.organisations);
  const actorOf = async (body: InteractionShape, client: WebClient): Promise<Actor | null> =>
    core.people.identify((await invocationOfInteraction({ client, directory }, body)).user);

  app.action<BlockAction<ButtonAction>>(APPRAISAL_FORM, async ({ ack, body, client }) => {
    await ack();
    // The trigger id lasts 3 seconds: open a loading view at once, then fill it.
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: loadingView() });
    const show = (view: Parameters<typeof client.views.update>[0]["view"]) =>
      client.views.update({ view_id: opened.view?.id ?? "", view });
    const actor = await actorOf(body, client);
    if (!actor) return void (await show(messageView(NOT_REGISTERED)));
    try {
      const round = await service.answerable(actor, core.clock.now());
      await show(appraisalModal({ year: round.year, channelId: body.channel?.id }, round, appraisalFormIntro(actor)));
    } catch (error) {
      const why = reason(error);
      if (!why) logger.error({ err: error }, "could not open the appraisal form");
      await show(messageView(why ?? "Something went wrong opening the form; try `/plan appraisal` instead."));
    }
  });

  app.view(APPRAISAL_MODAL, async ({ ack, body, view, client }) => {
    const context = appraisalModalContext.safeParse(JSON.parse(view.private_metadata || "null"));
    if (!context.success)
      return void (await ack({ response_action: "update", view: messageView("This form's data could not be read.") }));
    const actor = await actorOf(body, client);
    if (!actor) return void (await ack({ response_action: "update", view: messageView(NOT_REGISTERED) }));
    const now = core.clock.now();
    let round;
    try {
      round = await service.answerable(actor, now);
    } catch (error) {
      return void (await ack({
        response_action: "update",
        view: messageView(reason(error) ?? "Nothing was recorded."),
      }));
    }
    if (round.year !== context.data.year)
      return void (await ack({
        response_action: "update",
        view: messageView(`This form was for the ${context.data.year} appraisal, which is no longer open.`),
      }));
    const form = readAppraisalForm(round, appraisalValues(view.state.values as never));
    if ("errors" in form) return void (await ack({ response_action: "errors", errors: form.errors }));
    if (!(await core.inbound.claim(submissionKey(view))))
      return void (await ack({ response_action: "update", view: messageView("This form was already sent.") }));
    try {
      await service.answer(actor, form.ratings, form.comment, now);
    } catch (error) {
      if (!reason(error)) logger.error({ err: error }, "could not record an appraisal answer");
      return void (await ack({
        response_action: "update",
        view: messageView(reason(error) ?? "Nothing was recorded."),
      }));
    }
    await ack({ response_action: "update", view: messageView(appraisalThanks(actor, round)) });
  });
}
