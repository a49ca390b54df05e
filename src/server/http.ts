// The bot's one HTTP server: health, readiness and metrics here; Slack, Teams and the tab mount their routes on
// it. Every request gets an id (the caller's X-Request-Id when sane, else a new uuid), echoed in the response,
// on its request line and, through the request context, on every line logged while it is handled.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type Express, type Request } from "express";
import type { Database } from "../db/database";
import { pendingMigrations } from "../db/migrate";
import { logger as sharedLogger, type Logger } from "../logging/logger";
import { requestIdFrom, runWithRequestContext } from "../logging/request-context";
import { recordHttpRequest, registry, watchDatabasePool } from "../observability/metrics";

export interface HttpAppOptions {
  /** defaults to the shared logger */
  logger?: Logger;
  /** when set, /metrics wants `Authorization: Bearer <token>`; otherwise keep /metrics off the public proxy */
  metricsToken?: string;
}

/** Probes that run every few seconds (and browsers' favicon asks): their request lines go at debug, so they do not bury the rest. */
const PROBES = new Set(["/healthz", "/readyz", "/metrics", "/favicon.ico"]);
/** How long /readyz waits for each of its two queries: together inside a 3 s probe timeout. */
const READY_TIMEOUT_MS = 1_000;

export function createHttpApp(db: Database, options: HttpAppOptions = {}): Express {
  if (db.connections) watchDatabasePool(db.connections);
  const log = options.logger ?? sharedLogger;
  const app = express();
  app.disable("x-powered-by");
  // Routes match exactly what they say: `/metrics/`, `/METRICS` or `/Metrics` are not /metrics. Express would
  // otherwise answer them all, and a proxy that refuses `/metrics` by its spelling (deploy/nginx.conf) would let
  // them through. Set before the first route: Express 5 makes its router, with these settings, on first use.
  app.set("case sensitive routing", true);
  app.set("strict routing", true);

  // The request's id, its metric and its request line, on one "finish". The line is written here rather than by
  // pino-http, which made two child loggers a request (each running the redaction) even with logging off: ~0.05 ms
  // CPU of a Slack command's ~2 ms (docs/PERFORMANCE.md). It carries the id itself, since the response may finish
  // outside the request's async context.
  app.use((req, res, next) => {
    const reqId = requestIdFrom(req.headers["x-request-id"]);
    (req as IncomingMessage & { id?: string }).id = reqId;
    res.setHeader("X-Request-Id", reqId);
    const started = process.hrtime.bigint();
    const done = () => {
      res.off("finish", done);
      res.off("close", done);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (res.writableFinished) recordHttpRequest(routeOf(req), res.statusCode, seconds);
      logRequestLine(log, req, res, reqId, seconds);
    };
    res.once("finish", done);
    // A caller that hangs up before the answer is finished: "request aborted", once.
    res.once("close", done);
    runWithRequestContext({ reqId }, next);
  });

  // Browsers ask for it on every page (the tab, a chart): answered, not a warning-level 404 each time.
  app.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });

  // Liveness: the process answers.
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Readiness: the database answers and every migration is applied.
  app.get("/readyz", async (_req, res) => {
    try {
      // Within the probe's own time limit (Docker's is 3 s): a database that stopped answering means not ready.
      await db.sql.query("SELECT 1", [], { timeoutMs: READY_TIMEOUT_MS });
      const pending = await pendingMigrations(db.sql, { timeoutMs: READY_TIMEOUT_MS });
      if (pending.length) {
        res.status(503).json({ status: "migrations pending", pending });
        return;
      }
      res.json({ status: "ready", database: db.kind });
    } catch (error) {
      // The database's own words (host names, roles, sometimes the URL) are for the log, not for whoever asks.
      const errorId = randomUUID().slice(0, 8);
      log.warn({ err: error, errorId }, "readiness check: database unreachable");
      res.status(503).json({ status: "database unreachable", errorId });
    }
  });

  // Prometheus metrics of this replica. Operational detail: the proxy in deploy/ refuses it from outside.
  app.get("/metrics", async (req, res) => {
    if (options.metricsToken && !bearerMatches(req.headers.authorization, options.metricsToken)) {
      res.status(401).set("WWW-Authenticate", "Bearer").json({ error: "metrics need the metrics token" });
      return;
    }
    res.set("Content-Type", registry.contentType).send(await registry.metrics());
  });
  return app;
}

/**
 * One line a request, when its answer is finished (or the caller hung up): method, path without its query, status
 * and time, never headers (bearer tokens) or query strings (OAuth codes, signed links). Probes at debug; 4xx at warn;
 * 4xx and a caller that hung up at warn; 5xx at error.
 */
function logRequestLine(log: Logger, req: Request, res: ServerResponse, reqId: string, seconds: number): void {
  const aborted = !res.writableFinished;
  const level =
    res.statusCode >= 500
      ? "error"
      : aborted || res.statusCode >= 400
        ? "warn"
        : PROBES.has(pathOf(req))
          ? "debug"
          : "info";
  if (!log.isLevelEnabled(level)) return;
  const line = {
    reqId,
    req: { method: req.method, path: pathOf(req) },
    res: { statusCode: res.statusCode },
    responseTime: Math.round(seconds * 1000),
  };
  log[level](line, aborted ? "request aborted" : res.statusCode >= 500 ? "request errored" : "request completed");
}

/** The path without its query; express's originalUrl, since a mounted router shortens `url` while it runs. */
function pathOf(req: { url?: string; originalUrl?: string }): string {
  return (req.originalUrl ?? req.url ?? "").split("?")[0]!;
}

/** The matched route's pattern, with the router's mount path; "unmatched" for 404s and middleware answers. */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route || route.path === undefined) return "unmatched";
  return `${req.baseUrl}${String(route.path)}`;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
