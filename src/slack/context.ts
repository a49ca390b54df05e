// What every Slack listener needs.
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { SlackDirectory } from "./directory";
import type { SlackThreads } from "./threads";

export interface SlackContext {
  core: Core;
  logger: Logger;
  threads: SlackThreads;
  /** users.info, cached: display names and home workspaces */
  directory: SlackDirectory;
}
