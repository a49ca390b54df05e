// What every Teams activity handler needs.
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { BackgroundWork } from "./background-work";
import type { TeamsMemberDirectory } from "./member-directory";
import type { TeamsSender } from "./sender";
import type { DiscussionThreads } from "./threads";

export interface TeamsHandlerContext {
  core: Core;
  threads: DiscussionThreads;
  logger: Logger;
  background: BackgroundWork;
  /** who a person is: their own tenant (member-directory.ts) */
  members: TeamsMemberDirectory;
  /** posts outside the request (a plan line saved in a dialog is said in the conversation) */
  sender: TeamsSender;
}
