// What every Teams activity handler needs.
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { BackgroundWork } from "./background-work";
import type { DiscussionThreads } from "./threads";

export interface TeamsHandlerContext {
  core: Core;
  threads: DiscussionThreads;
  logger: Logger;
  background: BackgroundWork;
}
