// The dashboard tab, served by the bot: the page (/tab), its settings page for channel tabs (/tab/config),
// its script and styles, and its API (/api/tab/…). Always on: outside Teams it shows public figures only.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Express, Response } from "express";
import type { Config } from "../config";
import type { Core } from "../core";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "../server/channel-plugin";
import { tabApiRouter } from "./api";
import { bundlePage } from "./bundle";
import { gridPage } from "./grid-page";
import { basePathOf, configHtml, dashboardHtml, privacyHtml, termsHtml } from "./page/html";
import { TeamsSsoVerifier, type SsoOptions } from "./sso";

/** Teams (and Outlook, Microsoft 365) load tabs in an iframe; nobody else may frame the page. */
export const FRAME_ANCESTORS = [
  "'self'",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.teams.microsoft.us",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://outlook.office.com",
  "https://*.skype.com",
];

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(" ")}`,
].join("; ");

export interface TabChannelOptions {
  config: Pick<Config, "TEAMS_CLIENT_ID" | "PUBLIC_URL" | "TAB_PUBLIC_STATUS">;
  core: Core;
  logger: Logger;
  /** Entra endpoints for token verification (tests: a local JWKS) */
  sso?: Partial<SsoOptions>;
}

export function applicationIdUri(publicUrl: string | undefined, clientId: string): string | undefined {
  return publicUrl ? `api://${new URL(publicUrl).host}/${clientId}` : undefined;
}

export function createTabChannel(options: TabChannelOptions): ChannelPlugin & { ready(): Promise<void> } {
  const { config, core } = options;
  const logger = options.logger.child({ channel: "tab" });
  const sso = config.TEAMS_CLIENT_ID
    ? new TeamsSsoVerifier({
        clientId: config.TEAMS_CLIENT_ID,
        ...(applicationIdUri(config.PUBLIC_URL, config.TEAMS_CLIENT_ID)
          ? { applicationIdUri: applicationIdUri(config.PUBLIC_URL, config.TEAMS_CLIENT_ID) }
          : {}),
        ...options.sso,
      })
    : null;
  const styles = readFileSync(fileURLToPath(new URL("./page/styles.css", import.meta.url)), "utf8");
  let script: Promise<string> | undefined;
  const bundle = () =>
    (script ??= bundlePage().then((b) => {
      logger.info({ bytes: b.bytes, ms: b.ms }, "tab script bundled");
      return b.code;
    }));

  const page = (res: Response, html: string) => {
    res.set("Content-Security-Policy", CSP).set("X-Content-Type-Options", "nosniff").type("html").send(html);
  };

  return {
    name: "tab",
    mount(app: Express) {
      // Behind a path-based proxy (PUBLIC_URL https://host/plan-dialogue) the pages link to their script, styles and
      // API under that path; this server still serves them at /tab (the proxy strips its prefix).
      const base = basePathOf(config.PUBLIC_URL);
      app.get("/tab", (_req, res) => page(res, dashboardHtml(base)));
      app.get("/tab/config", (_req, res) => page(res, configHtml(base)));
      app.get("/tab/privacy", (_req, res) => page(res, privacyHtml(base)));
      app.get("/tab/terms", (_req, res) => page(res, termsHtml(base)));
      app.get("/tab/grid", gridPage({ core, publicStatus: config.TAB_PUBLIC_STATUS, logger, base, send: page }));
      app.get("/tab/styles.css", (_req, res) => {
        res.type("css").set("Cache-Control", "public, max-age=300").send(styles);
      });
      app.get("/tab/app.js", async (_req, res) => {
        res
          .type("js")
          .set("Cache-Control", "public, max-age=300")
          .send(await bundle());
      });
      app.use("/api/tab", tabApiRouter({ core, sso, publicStatus: config.TAB_PUBLIC_STATUS, logger }));
    },
    async start() {
      await bundle();
      if (!sso) logger.info("tab: no TEAMS_CLIENT_ID, so nobody can sign in; the tab shows public figures only");
    },
    ready: async () => {
      await bundle();
    },
  };
}
