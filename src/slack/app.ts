// The Slack channel: Bolt over HTTP on the bot's one server (/slack/events), or Socket Mode when an
// app-level token is set (for networks with no public endpoint).
import { App, ExpressReceiver } from "@slack/bolt";
import type { Express, NextFunction, Request, Response } from "express";
import type { Config } from "../config";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "../server/channel-plugin";
import { registerActions } from "./listeners/actions";
import { registerAppraisal } from "./listeners/appraisal";
import { registerCommands } from "./listeners/commands";
import { registerEvents } from "./listeners/events";
import { registerShortcuts } from "./listeners/shortcuts";
import { registerViews } from "./listeners/views";
import { registerPlanLine } from "./listeners/plan-line";
import { routedByKind } from "./routes";
import { SlackSender } from "./sender";
import { SlackThreads } from "./threads";
import { SlackDirectory } from "./directory";
import { boltLoggerOf } from "./bolt-logger";
import { installationStore } from "./installation-store";
import { Sealer } from "../core/installations/seal";
import { slackManifest } from "./manifest/manifest";
import type { Target } from "../core/reminders/target";

export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackChannel extends ChannelPlugin {
  sender: SlackSender;
}

export function createSlackChannel({
  config,
  core,
  logger,
}: {
  config: Config;
  core: Core;
  logger: Logger;
}): SlackChannel {
  const token = config.SLACK_BOT_TOKEN;
  // Bot tokens of OAuth installs are encrypted at rest with this key (config requires it with OAuth).
  if (config.SLACK_INSTALLATION_KEY) core.installations.useSealer(new Sealer(config.SLACK_INSTALLATION_KEY));
  // OAuth: each workspace that installs the app gets its own bot token, kept in the database.
  const oauth = config.SLACK_CLIENT_ID
    ? {
        clientId: config.SLACK_CLIENT_ID,
        clientSecret: config.SLACK_CLIENT_SECRET!,
        stateSecret: config.SLACK_STATE_SECRET!,
        scopes: slackManifest().oauth_config.scopes.bot,
        installationStore: installationStore(core),
        installerOptions: {
          directInstall: true,
          ...(config.SLACK_API_URL ? { clientOptions: { slackApiUrl: config.SLACK_API_URL } } : {}),
        },
      }
    : undefined;
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  // Both Apps below are made with `convoStore: false`: Bolt's default conversation store (kept in one replica's
  // memory, so wrong with several) is not used here, and its middleware ran on every request.
  const slackLogger = logger.child({ channel: "slack" });
  const boltLogger = boltLoggerOf(slackLogger);
  let app: App | undefined;
  const context = {
    core,
    logger: slackLogger,
    threads: new SlackThreads(core, slackLogger),
    directory: new SlackDirectory(slackLogger),
  };
  const register = (boltApp: App) => {
    // Actions, views, shortcuts and events each reach Bolt as one listener (routes.ts).
    const bolt = routedByKind(boltApp);
    registerCommands(bolt, context);
    registerActions(bolt, context);
    registerAppraisal(bolt, context);
    registerViews(bolt, context);
    registerPlanLine(bolt, context);
    registerShortcuts(bolt, context);
    registerEvents(bolt, context);
    bolt.error(async (error) => {
      slackLogger.error({ err: error }, "Slack listener failed");
    });
  };

  return {
    name: config.SLACK_APP_TOKEN ? "slack (socket mode)" : "slack",
    sender: new SlackSender(
      token ?? ((target) => botTokenFor(core, target)),
      config.SLACK_API_URL,
      config.SLACK_MESSAGES_PER_SECOND,
    ),
    mount(httpApp: Express) {
      if (config.SLACK_APP_TOKEN) {
        app = new App({
          ...(oauth ?? { token }),
          appToken: config.SLACK_APP_TOKEN,
          socketMode: true,
          clientOptions,
          logger: boltLogger,
          convoStore: false,
        });
      } else {
        // Bolt refuses signatures more than 5 minutes old but not ones dated in the future; Slack's guidance is
        // "within five minutes of local time" either way, so this refuses those before Bolt sees them.
        httpApp.use(SLACK_EVENTS_PATH, refuseSkewedTimestamps);
        // Bolt adds its route to our express app; it checks Slack's signature on every request.
        // With OAuth it also serves /slack/install and /slack/oauth_redirect.
        const receiver = new ExpressReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET!,
          endpoints: SLACK_EVENTS_PATH,
          app: httpApp,
          logger: boltLogger,
          ...oauth,
        });
        app = new App({ ...(oauth ? {} : { token }), receiver, clientOptions, logger: boltLogger, convoStore: false });
      }
      register(app);
    },
    async start() {
      if (config.SLACK_APP_TOKEN) await app?.start();
    },
    async stop() {
      if (config.SLACK_APP_TOKEN) await app?.stop();
    },
  };
}

/** OAuth installs: the bot token of the workspace a reminder's target belongs to. */
async function botTokenFor(core: Core, target: Target): Promise<string | null> {
  const teamId =
    target.kind === "person" ? target.tenantId : await core.links.tenantOfChannel("SLACK", target.channelId);
  if (!teamId) return null;
  const installation = (await core.installations.find({ teamId, orgWide: false })) as {
    bot?: { token?: string };
  } | null;
  return installation?.bot?.token ?? null;
}

/** Slack's replay window: a request's timestamp must be within five minutes of now, before or after. */
const SLACK_TIMESTAMP_WINDOW_SECONDS = 300;

function refuseSkewedTimestamps(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers["x-slack-request-timestamp"];
  const timestamp = Number(Array.isArray(header) ? header[0] : header);
  if (header !== undefined && Math.abs(Date.now() / 1000 - timestamp) > SLACK_TIMESTAMP_WINDOW_SECONDS) {
    res.status(401).send("Request timestamp is not within five minutes of now");
    return;
  }
  next();
}
