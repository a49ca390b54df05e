// The Slack channel: Bolt over HTTP on the bot's one server (/slack/events), or Socket Mode when an
// app-level token is set (for networks with no public endpoint).
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import type { Express } from "express";
import type { Config } from "../config";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "../server/channel-plugin";
import { registerActions } from "./listeners/actions";
import { registerCommands } from "./listeners/commands";
import { registerEvents } from "./listeners/events";
import { registerShortcuts } from "./listeners/shortcuts";
import { registerViews } from "./listeners/views";
import { SlackSender } from "./sender";
import { SlackThreads } from "./threads";

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
  const token = config.SLACK_BOT_TOKEN!;
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const slackLogger = logger.child({ channel: "slack" });
  const boltLogger = {
    debug: (...m: unknown[]) => slackLogger.debug(m.join(" ")),
    info: (...m: unknown[]) => slackLogger.info(m.join(" ")),
    warn: (...m: unknown[]) => slackLogger.warn(m.join(" ")),
    error: (...m: unknown[]) => slackLogger.error(m.join(" ")),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
  let app: App | undefined;
  const context = { core, logger: slackLogger, threads: new SlackThreads(core, slackLogger) };
  const register = (bolt: App) => {
    registerCommands(bolt, context);
    registerActions(bolt, context);
    registerViews(bolt, context);
    registerShortcuts(bolt, context);
    registerEvents(bolt, context);
    bolt.error(async (error) => {
      slackLogger.error({ err: error }, "Slack listener failed");
    });
  };

  return {
    name: config.SLACK_APP_TOKEN ? "slack (socket mode)" : "slack",
    sender: new SlackSender(token, config.SLACK_API_URL, config.SLACK_MESSAGES_PER_SECOND),
    mount(httpApp: Express) {
      if (config.SLACK_APP_TOKEN) {
        app = new App({ token, appToken: config.SLACK_APP_TOKEN, socketMode: true, clientOptions, logger: boltLogger });
      } else {
        // Bolt adds its route to our express app; it checks Slack's signature on every request.
        const receiver = new ExpressReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET!,
          endpoints: SLACK_EVENTS_PATH,
          app: httpApp,
          logger: boltLogger,
        });
        app = new App({ token, receiver, clientOptions, logger: boltLogger });
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
