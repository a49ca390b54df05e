// The Teams channel plugin: the Teams SDK app on POST /api/messages of the bot's one express server.
// Requests are authenticated (Bot Framework JWT, checked by the SDK) whenever TEAMS_CLIENT_ID is set; the
// unauthenticated local mode (Agents Playground) exists only with TEAMS_DEV_UNAUTHENTICATED=on and says so loudly.
import { PUBLIC, type CloudEnvironment } from "@microsoft/teams.api";
import express, { type Express } from "express";
import { commands as allCommands, type AnyCommand } from "../../commands";
import type { Config } from "../config";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "../server/channel-plugin";
import { TeamsBot } from "./bot";
import { LOCAL_HOSTS, MICROSOFT_CONNECTOR_HOSTS, isAllowedServiceUrl, type ServiceUrlPolicy } from "./service-url";
import { defaultRetryPolicy, TeamsSender, type RetryPolicy } from "./sender";
import { TeamsSchedulerSender } from "./scheduler-sender";
import { inboundRequest, PlanDialogueTeamsApp, RouteCaptureAdapter, sdkLogger, tokenTenantId } from "./teams-app";
import { DiscussionThreads } from "./threads";
import { chartSecret } from "../charts/links";
import { FileLinks, mountFileRoute } from "./files";

export const MESSAGES_PATH = "/api/messages";

export interface TeamsChannelOptions {
  config: Pick<
    Config,
    | "TEAMS_CLIENT_ID"
    | "TEAMS_CLIENT_SECRET"
    | "TEAMS_TENANT_ID"
    | "TEAMS_DEV_UNAUTHENTICATED"
    | "PUBLIC_URL"
    | "CHART_URL_SECRET"
  >;
  core: Core;
  logger: Logger;
  commands?: readonly AnyCommand[];
  // Network-edge settings, for sovereign clouds and for tests with a local fake Bot Connector:
  /** Bot Framework endpoints (token issuer, OpenID metadata); default: the public cloud */
  cloud?: CloudEnvironment;
  /** supplies the bot's token instead of Microsoft's login (managed identity, tests) */
  token?: (scope: string | string[], tenantId?: string) => string | Promise<string>;
  /** connector hosts accepted besides Microsoft's own */
  extraServiceUrlHosts?: string[];
  retry?: RetryPolicy;
  /** answer Teams after this long and finish the command in the background (Teams resends after ~15 s) */
  ackAfterMs?: number;
}

export interface TeamsChannel extends ChannelPlugin {
  /** "authenticated": Bot Framework JWTs required; "unauthenticated": local development only */
  readonly mode: "authenticated" | "unauthenticated";
  /** proactive sends to stored conversation references (the scheduler's reminders and digests) */
  readonly sender: TeamsSender;
  /** the same, as the scheduler's Sender: delivery targets resolved to stored references, failures classified */
  readonly schedulerSender: TeamsSchedulerSender;
  readonly threads: DiscussionThreads;
  /** waits for background work to finish */
  drain(): Promise<void>;
}

export const UNAUTHENTICATED_WARNING = [
  "!!! TEAMS_DEV_UNAUTHENTICATED=on: the Teams endpoint /api/messages accepts requests WITHOUT authentication.",
  "!!! Anyone who can reach this server can act as any Teams user. Use it only on your own machine with the",
  "!!! Microsoft 365 Agents Playground; never in production.",
].join("\n");

export function createTeamsChannel(options: TeamsChannelOptions): TeamsChannel {
  const { config, core } = options;
  const logger = options.logger.child({ channel: "teams" });
  const unauthenticated = config.TEAMS_DEV_UNAUTHENTICATED;
  if (!config.TEAMS_CLIENT_ID && !unauthenticated) {
    throw new Error(
      "Teams needs TEAMS_CLIENT_ID (and a secret, or a managed identity), or TEAMS_DEV_UNAUTHENTICATED=on for local development.",
    );
  }
  const policy: ServiceUrlPolicy = {
    https: [...MICROSOFT_CONNECTOR_HOSTS, ...(options.extraServiceUrlHosts ?? [])],
    http: [...(unauthenticated ? LOCAL_HOSTS : []), ...(options.extraServiceUrlHosts ?? [])],
  };

  const adapter = new RouteCaptureAdapter();
  // Every credential is passed explicitly ("" = none), so the SDK never picks up CLIENT_ID etc. from the environment.
  const app = new PlanDialogueTeamsApp(
    {
      clientId: config.TEAMS_CLIENT_ID ?? "",
      clientSecret: config.TEAMS_CLIENT_SECRET ?? "",
      tenantId: config.TEAMS_TENANT_ID ?? "",
      ...(options.token ? { token: options.token } : {}),
      cloud: options.cloud ?? PUBLIC,
      httpServerAdapter: adapter,
      messagingEndpoint: MESSAGES_PATH,
      dangerouslyAllowUnauthenticatedRequests: unauthenticated,
      logger: sdkLogger(logger),
    },
    logger,
  );
  const sender = new TeamsSender(app.botHttpClient(), logger, options.retry ?? defaultRetryPolicy);
  const threads = new DiscussionThreads(core, sender, logger);
  const bot = new TeamsBot({
    core,
    commands: options.commands ?? allCommands,
    sender,
    threads,
    logger,
    ackAfterMs: options.ackAfterMs ?? 10_000,
    // Teams' own file links are https; the local mode's (Agents Playground, tests) may be http.
    allowHttpFiles: unauthenticated,
  });
  // A reply's file (a planning template) is a signed download link on this server, given only where Teams can reach it.
  const fileLinks = config.PUBLIC_URL
    ? new FileLinks(chartSecret(config.CHART_URL_SECRET).secret, config.PUBLIC_URL, () => core.clock.now())
    : undefined;
  if (fileLinks) core.fileLinks = fileLinks;
  bot.register(app);
  const ready = app.initialize();

  return {
    name: "teams",
    mode: unauthenticated ? "unauthenticated" : "authenticated",
    sender,
    schedulerSender: new TeamsSchedulerSender(core, sender, logger),
    threads,
    drain: () => bot.drain(),
    mount(server: Express) {
      if (fileLinks) mountFileRoute(server, fileLinks, core, logger);
      server.post(MESSAGES_PATH, express.json({ limit: "1mb" }), async (req, res) => {
        const body: unknown = req.body;
        if (!body || typeof body !== "object" || Array.isArray(body)) {
          res.status(400).json({ error: "expected a Bot Framework activity" });
          return;
        }
        const serviceUrl = (body as { serviceUrl?: unknown }).serviceUrl;
        if (!isAllowedServiceUrl(serviceUrl, policy)) {
          logger.warn(
            { serviceUrl: String(serviceUrl).slice(0, 200) },
            "Teams activity refused: serviceUrl is not a Microsoft Bot Connector host",
          );
          res.status(403).json({ error: "serviceUrl not allowed" });
          return;
        }
        await ready;
        const handler = adapter.handler(MESSAGES_PATH);
        if (!handler) throw new Error("the Teams SDK did not register its messaging endpoint");
        // The token's tenant, for the identity check after the SDK has verified the token (PlanDialogueTeamsApp).
        const tid = unauthenticated ? undefined : tokenTenantId(req.headers.authorization);
        const response = await inboundRequest.run({ ...(tid ? { tokenTenantId: tid } : {}) }, () =>
          handler({ body, headers: req.headers as Record<string, string | string[]> }),
        );
        res.status(response.status);
        if (response.body === undefined || response.body === null) res.end();
        else res.json(response.body);
      });
    },
    async start() {
      await ready;
      if (unauthenticated) {
        logger.warn(
          { endpoint: MESSAGES_PATH, credentials: !!config.TEAMS_CLIENT_ID },
          "Teams endpoint accepts UNAUTHENTICATED requests (TEAMS_DEV_UNAUTHENTICATED=on)",
        );
        console.warn(`\n${UNAUTHENTICATED_WARNING}\n`);
      } else {
        logger.info(
          { endpoint: MESSAGES_PATH, clientId: config.TEAMS_CLIENT_ID, secret: !!config.TEAMS_CLIENT_SECRET },
          "Teams bot ready (Bot Framework tokens required)",
        );
      }
    },
    async stop() {
      await bot.drain();
    },
  };
}
