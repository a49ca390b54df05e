// Every command, in the order `help` lists them. Platforms and the manifest read this list.
import type { AnyCommand } from "./command";
import { actionCommand } from "./action";
import { appraisalCommand } from "./appraisal";
import { agreeCommand, doneCommand, dropCommand, editCommand, historyCommand } from "./action-steps";
import { actionsCommand } from "./actions";
import { closeCommand } from "./close";
import { deadlineCommand } from "./deadline";
import { deadlinesCommand } from "./deadlines";
import { discussCommand } from "./discuss";
import { discussionsCommand } from "./discussions";
import { helpCommand } from "./help";
import { linkCommand } from "./link";
import { memberCommand } from "./member";
import { planCommand } from "./plan";
import { plansCommand } from "./plans";
import { positionCommand } from "./position";
import { premiumCommand } from "./premium";
import { priorityCommand } from "./priority";
import { remindersCommand } from "./reminders";
import { sourcesCommand } from "./sources";
import { statusCommand } from "./status";
import { threadCommand } from "./thread";
import { whoamiCommand } from "./whoami";

export const commands: readonly AnyCommand[] = [
  statusCommand,
  priorityCommand,
  planCommand,
  plansCommand,
  positionCommand,
  premiumCommand,
  appraisalCommand,
  discussCommand,
  discussionsCommand,
  closeCommand,
  threadCommand,
  actionCommand,
  agreeCommand,
  doneCommand,
  dropCommand,
  editCommand,
  historyCommand,
  actionsCommand,
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
