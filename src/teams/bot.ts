// What the Teams bot does with each kind of activity: messages are commands (through the same dispatch()
// as every platform), card buttons and dialogs are core steps, installs save where to post later.
// Teams resends a message it thinks failed (~15 s) and retries invokes, so everything is claimed by
// conversation and activity id first; slow work is acknowledged and finished in the background.
// This file only wires the handlers to the SDK's routes; each kind has its own module.
import type { App } from "@microsoft/teams.apps";
import type { AnyCommand } from "../../commands";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import { ActionButtonHandler } from "./action-button-handler";
import { ActionDialogHandler } from "./action-dialog-handler";
import type { ActivityCtx } from "./activity-intake";
import { BackgroundWork } from "./background-work";
import type { TeamsHandlerContext } from "./handler-context";
import { InstallHandler } from "./install-handler";
import { TeamsMemberDirectory } from "./member-directory";
import { MessageHandler } from "./message-handler";
import type { TeamsSender } from "./sender";
import type { DiscussionThreads } from "./threads";
import { PLAN_DISCUSS_ACTION } from "../../commands/plan";

/** A plan line's Discuss button (Action.Execute): a command, run like a message (message-handler.ts). */
const isPlanDiscuss = (activity: unknown) =>
  (activity as { value?: { action?: { data?: { actionId?: unknown } } } }).value?.action?.data?.actionId ===
  PLAN_DISCUSS_ACTION;

export interface TeamsBotDeps {
  core: Core;
  commands: readonly AnyCommand[];
  sender: TeamsSender;
  threads: DiscussionThreads;
  logger: Logger;
  /** how long a message may take before Teams is answered and the work finishes in the background */
  ackAfterMs: number;
  /** file links of attachments may be http (local mode only) */
  allowHttpFiles?: boolean;
}

export class TeamsBot {
  private readonly background: BackgroundWork;
  private readonly messages: MessageHandler;
  private readonly buttons: ActionButtonHandler;
  private readonly dialogs: ActionDialogHandler;
  private readonly installs: InstallHandler;

  constructor(deps: TeamsBotDeps) {
    this.background = new BackgroundWork(deps.logger);
    const context: TeamsHandlerContext = {
      core: deps.core,
      threads: deps.threads,
      logger: deps.logger,
      background: this.background,
      members: new TeamsMemberDirectory(deps.sender, deps.logger),
      sender: deps.sender,
    };
    this.messages = new MessageHandler({
      ...context,
      commands: deps.commands,
      ackAfterMs: deps.ackAfterMs,
      allowHttpFiles: deps.allowHttpFiles ?? false,
    });
    this.buttons = new ActionButtonHandler(context);
    this.dialogs = new ActionDialogHandler(context);
    this.installs = new InstallHandler(context);
  }

  register(app: App): void {
    app.on("message", (ctx) => this.messages.onMessage(ctx as ActivityCtx));
    app.on("card.action", (ctx) =>
      isPlanDiscuss(ctx.activity)
        ? this.messages.onPlanDiscuss(ctx as unknown as ActivityCtx)
        : this.buttons.onCardAction(ctx as unknown as ActivityCtx),
    );
    app.on("dialog.open", (ctx) => this.dialogs.onDialogOpen(ctx as unknown as ActivityCtx));
    app.on("dialog.submit", (ctx) => this.dialogs.onDialogSubmit(ctx as unknown as ActivityCtx));
    app.on("conversationUpdate", (ctx) => this.installs.onConversationUpdate(ctx as unknown as ActivityCtx));
    app.on("installationUpdate", (ctx) => this.installs.onInstallationUpdate(ctx as unknown as ActivityCtx));
  }

  /** Waits for background work (card updates, slow commands) to finish: for shutdown and tests. */
  drain(): Promise<void> {
    return this.background.drain();
  }
}
