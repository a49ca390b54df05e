// Every command, in the order `help` lists them. Platforms and the manifest read this list.
import type { AnyCommand } from "./command";
import { actionCommand } from "./action";
import { appraisalCommand } from "./appraisal";
import { agreeCommand, doneCommand, dropCommand, editCommand, historyCommand } from "./action-steps";
import { actionsCommand } from "./actions";
import { assuranceCommand } from "./assurance";
import { closeCommand, reopenCommand } from "./close";
import { deadlineCommand } from "./deadline";
import { deadlinesCommand } from "./deadlines";
import { discussCommand } from "./discuss";
import { escalationCommand } from "./escalation";
import { discussionsCommand } from "./discussions";
import { gridCommand } from "./grid";
import { exportCommand } from "./export";
import { helpCommand } from "./help";
import { indicatorsCommand } from "./indicators";
import { linkCommand } from "./link";
import { memberCommand } from "./member";
import { planCommand } from "./plan";
import { plansCommand } from "./plans";
import { positionCommand } from "./position";
import { premiumCommand } from "./premium";
import { priorityCommand } from "./priority";
import { remindersCommand } from "./reminders";
import { reviewCommand } from "./review";
import { sourcesCommand } from "./sources";
import { statusCommand } from "./status";
import { threadCommand } from "./thread";
import { whoamiCommand } from "./whoami";

export const commands: readonly AnyCommand[] = [
  statusCommand,
  indicatorsCommand,
  priorityCommand,
  planCommand,
  plansCommand,
  positionCommand,
  premiumCommand,
  appraisalCommand,

  gridCommand,

  assuranceCommand,
  escalationCommand,
  reviewCommand,
  discussCommand,
  discussionsCommand,
  closeCommand,
  reopenCommand,
  threadCommand,
  actionCommand,
  agreeCommand,
  doneCommand,
  dropCommand,
  editCommand,
  historyCommand,
  actionsCommand,
  exportCommand,
  deadlinesCommand,
  deadlineCommand,
  remindersCommand,
  linkCommand,
  memberCommand,
  sourcesCommand,
  whoamiCommand,
  helpCommand,
];

export { dispatch } from "./dispatch";
export type { AnyCommand, CommandResult, DomainEvent, InboundFile, Invocation } from "./command";
