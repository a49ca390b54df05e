// What a delivery says, built when it is sent from the latest data.
import type { Core } from "../core";
import type { DeliverySubject } from "../core/reminders/reminders";
import type { Reply } from "../reply/model";
import { actionReminder, deadlineReminder, digestReply } from "../reply/views/reminders";
import { appraisalPrompt } from "./appraisal";

export async function contentFor(core: Core, subject: DeliverySubject, late: boolean): Promise<Reply | null> {
  if ("skip" in subject) return null;
  switch (subject.kind) {
    case "deadline":
      return deadlineReminder(subject.deadline, subject.daysBefore, late);
    case "due":
    case "overdue":
    case "nudge":
      return actionReminder(subject.action, subject.kind, late);
    case "appraisal":
      return appraisalPrompt(subject, late);
    case "digest": {
      const statuses = await Promise.all(subject.ccgCodes.map((code) => core.indicators.statusOf(code, subject.now)));
      const deadlines = await core.deadlines.forOrganisation(subject.organisation, { from: subject.now, limit: 5 });
      return digestReply({
        organisation: subject.organisation,
        statuses,
        openActions: subject.openActions,
        openDiscussions: subject.openDiscussions,
        deadlines,
        late,
      });
    }
  }
}
