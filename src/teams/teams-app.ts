// The Teams SDK (@microsoft/teams.apps, Microsoft's successor to botbuilder for Teams bots), fitted to our
// one express server. The SDK's documented extension point for HTTP frameworks is IHttpServerAdapter: ours only
// remembers the SDK's handler, and our own express route (mounted where and when we choose, behind the
// serviceUrl guard) calls it. The SDK still does everything protocol: Bot Framework JWT validation, routing,
// invoke responses.
import {
  App,
  type AppOptions,
  type HttpRouteHandler,
  type IHttpServerAdapter,
  type IPlugin,
} from "@microsoft/teams.apps";
import type { ILogger } from "@microsoft/teams.common";
import type { Logger } from "../logging/logger";

/** Gives the SDK's route handler to our express app instead of starting a server of its own. */
export class RouteCaptureAdapter implements IHttpServerAdapter {
  private readonly handlers = new Map<string, HttpRouteHandler>();

  registerRoute(_method: "POST", path: string, handler: HttpRouteHandler): void {
    this.handlers.set(path, handler);
  }

  handler(path: string): HttpRouteHandler | undefined {
    return this.handlers.get(path);
  }
}

/** The SDK logs through our pino logger. */
export function sdkLogger(logger: Logger, name = "teams-sdk"): ILogger {
  const child = logger.child({ component: name });
  const line = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg) => child.debug(line(msg)),
    info: (...msg) => child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    trace: (...msg) => child.trace(line(msg)),
    log: (level, ...msg) => child[level](line(msg)),
    child: (childName) => sdkLogger(logger, `${name}/${childName}`),
  };
}

/** The SDK's App, with the bot-token HTTP client exposed for sends to a conversation's stored serviceUrl. */
export class PlanDialogueTeamsApp extends App<IPlugin> {
  constructor(options: AppOptions<IPlugin>) {
    super(options);
  }

  /** An HTTP client that adds the bot's token (none in unauthenticated local mode). */
  botHttpClient() {
    return this.client.clone({ token: () => this.getBotToken() });
  }
}
