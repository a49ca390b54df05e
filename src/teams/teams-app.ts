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
import type { InvokeResponse } from "@microsoft/teams.api";
import type { ILogger } from "@microsoft/teams.common";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "../logging/logger";
import { identityProblem } from "./conversation";

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

/**
 * The SDK logs through our pino logger. A line is written out only at a level that is enabled: the SDK logs each
 * inbound activity at debug (`"Handling activity", body`), which was a JSON.stringify of it on every request.
 */
export function sdkLogger(logger: Logger, name = "teams-sdk"): ILogger {
  const child = logger.child({ component: name });
  const line = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  const at =
    (level: "debug" | "info" | "warn" | "error" | "trace") =>
    (...msg: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](line(msg));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    trace: at("trace"),
    log: (level, ...msg) => at(level)(...msg),
    child: (childName) => sdkLogger(logger, `${name}/${childName}`),
  };
}

/** What our route knows of a request that the SDK's activity event does not carry: the token's tenant. */
export interface InboundRequest {
  /** the `tid` claim of the request's token, read only when the SDK verifies tokens */
  tokenTenantId?: string;
}

/** The request being handled, for `process` (the SDK hands it the body and a token without its claims). */
export const inboundRequest = new AsyncLocalStorage<InboundRequest>();

/** The `tid` claim of a bearer token, unverified: only read for a request whose token the SDK then verifies. */
export function tokenTenantId(authorization: string | string[] | undefined): string | undefined {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const payload = header?.replace(/^Bearer /, "").split(".")[1];
  if (!payload) return undefined;
  try {
    const tid = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: unknown }).tid;
    return typeof tid === "string" && tid ? tid : undefined;
  } catch {
    return undefined;
  }
}

const clean = (v: unknown) =>
  String(v ?? "none")
    .replace(/[^\x20-\x7e]/g, "")
    .slice(0, 80);

/**
 * The SDK's App, with the bot-token HTTP client exposed for sends to a conversation's stored serviceUrl, and an
 * identity check on every activity after the SDK has verified its token and before it is routed: only Teams
 * (`channelId: "msteams"`), one tenant named consistently, a person's Entra object id (`identityProblem`).
 * Anything else is answered 403 and logged, and no handler sees it.
 */
export class PlanDialogueTeamsApp extends App<IPlugin> {
  constructor(
    options: AppOptions<IPlugin>,
    private readonly gateLogger?: Logger,
  ) {
    super(options);
  }

  override async process(event: Parameters<App<IPlugin>["process"]>[0]): Promise<InvokeResponse> {
    const body = event.body as unknown as Record<string, unknown>;
    const problem = identityProblem(body, inboundRequest.getStore()?.tokenTenantId);
    if (problem) {
      this.gateLogger?.warn(
        {
          why: problem,
          channelId: clean(body.channelId),
          type: clean(body.type),
          activityId: clean(body.id),
        },
        "Teams activity refused: not a Teams user in one known tenant",
      );
      return { status: 403, body: { error: "activity refused: not from Microsoft Teams as expected" } };
    }
    return super.process(event);
  }

  /** An HTTP client that adds the bot's token (none in unauthenticated local mode). */
  botHttpClient() {
    return this.client.clone({ token: () => this.getBotToken() });
  }
}
