// GET /exports/<actions|discussion>/<ccg|id>.<csv|html>?person=…&exp=…&sig=…: the file `export` makes, for Slack and
// Teams, which get a link rather than the file. As with chart links (src/charts/links.ts), the link is signed with
// CHART_URL_SECRET (HMAC-SHA256 of what, for whom and until when), so only links the bot made are served; and the
// person it was made for must still be a party when it is fetched (the export is built as them). Links last a day.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Router, type Express } from "express";
import { buildExport } from "../../commands/export";
import type { Config } from "../config";
import type { Core } from "../core";
import type { ExportLinker, ExportTarget } from "../core/actions/export";
import { DomainError } from "../core/errors";
import type { Clock } from "../core/time";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "../server/channel-plugin";
import { chartSecret } from "../charts/links";

const LINK_SECONDS = 86_400;

const targetText = (t: ExportTarget) => (t.kind === "actions" ? `actions\n${t.ccg}` : `discussion\n${t.discussionId}`);

export class ExportLinks implements ExportLinker {
  private readonly key: Buffer;
  private readonly base: string | undefined;

  constructor(
    secret: string,
    publicUrl: string | undefined,
    private readonly clock: Clock,
  ) {
    this.key = Buffer.from(secret, "utf8");
    this.base = publicUrl?.replace(/\/+$/, "");
  }

  private sign(personId: string, t: ExportTarget, exp: number) {
    return createHmac("sha256", this.key)
      .update(`export\n${targetText(t)}\n${personId}\n${exp}`)
      .digest("base64url");
  }

  path(personId: string, t: ExportTarget): string {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + LINK_SECONDS;
    const file =
      t.kind === "actions" ? `actions/${encodeURIComponent(t.ccg)}.csv` : `discussion/${t.discussionId}.html`;
    return `/exports/${file}?person=${encodeURIComponent(personId)}&exp=${exp}&sig=${this.sign(personId, t, exp)}`;
  }

  url(personId: string, t: ExportTarget): string | undefined {
    return this.base ? `${this.base}${this.path(personId, t)}` : undefined;
  }

  check(personId: unknown, t: ExportTarget, exp: unknown, sig: unknown): "ok" | "bad-signature" | "expired" {
    if (typeof personId !== "string" || typeof exp !== "string" || !/^\d{1,12}$/.test(exp) || typeof sig !== "string")
      return "bad-signature";
    const expected = Buffer.from(this.sign(personId, t, Number(exp)), "utf8");
    const given = Buffer.from(sig, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
    return Number(exp) * 1000 < this.clock.now().getTime() ? "expired" : "ok";
  }
}

export function exportRouter({ core, links, logger }: { core: Core; links: ExportLinks; logger: Logger }): Router {
  const router = Router();
  router.get(/^\/exports\/(actions|discussion)\/([^/]+)\.(csv|html)$/, async (req, res) => {
    const [kind, raw, ext] = [req.params[0], decodeURIComponent(req.params[1] ?? ""), req.params[2]];
    const target: ExportTarget | null =
      kind === "actions" && ext === "csv"
        ? { kind: "actions", ccg: raw }
        : kind === "discussion" && ext === "html" && /^\d{1,9}$/.test(raw)
          ? { kind: "discussion", discussionId: Number(raw) }
          : null;
    if (!target) return void res.status(404).type("text").send("No such export.");
    const checked = links.check(req.query.person, target, req.query.exp, req.query.sig);
    if (checked !== "ok")
      return void res
        .status(403)
        .type("text")
        .send(checked === "expired" ? "This link has expired: run `export` again." : "This link is not valid.");
    try {
      const actor = await core.people.actorById(String(req.query.person));
      if (!actor) return void res.status(403).type("text").send("This link is not valid.");
      const file = await buildExport(core, actor, target, core.clock.now());
      res
        .status(200)
        .type(file.type)
        .set("Content-Disposition", `attachment; filename="${file.name}"`)
        .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .set("X-Content-Type-Options", "nosniff")
        .send(file.body);
    } catch (error) {
      if (error instanceof DomainError) return void res.status(403).type("text").send(error.userMessage);
      logger.error({ err: error }, "export failed");
      res.status(500).type("text").send("The export could not be made.");
    }
  });
  return router;
}

/** Serves exports and gives the core the links to them (`export` puts them in its replies in Slack and Teams). */
export function createExportPlugin({
  config,
  core,
  logger,
}: {
  config: Pick<Config, "PUBLIC_URL" | "CHART_URL_SECRET">;
  core: Core;
  logger: Logger;
}): ChannelPlugin & { links: ExportLinks } {
  const log = logger.child({ channel: "exports" });
  // The chart plugin warns once when the secret is random; a random one here just means links end at a restart.
  const { secret } = chartSecret(config.CHART_URL_SECRET);
  const links = new ExportLinks(secret, config.PUBLIC_URL, core.clock);
  core.exports = links;
  return {
    name: "exports",
    links,
    mount(app: Express) {
      app.use(exportRouter({ core, links, logger: log }));
    },
  };
}
