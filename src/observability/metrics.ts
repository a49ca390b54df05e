// Prometheus metrics, served on /metrics. One registry of our own (not prom-client's global one), so tests
// and any library that also uses prom-client never collide. Labels are kept to small, fixed sets (platform,
// command name, route pattern, outcome): never a user id, a channel or a raw URL.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const registry = new Registry();
registry.setDefaultLabels({ app: "plan-dialogue" });
collectDefaultMetrics({ register: registry });

/** ok: answered; rejected: the user gets an error reply (bad input, not allowed); failed: unexpected error */
export type CommandOutcome = "ok" | "rejected" | "failed";

const commandsTotal = new Counter({
  name: "plan_commands_total",
  help: "Commands dispatched, by platform, command and outcome",
  labelNames: ["platform", "command", "outcome"] as const,
  registers: [registry],
});

const commandDuration = new Histogram({
  name: "plan_command_duration_seconds",
  help: "Time to run a command, from text to reply (not the platform's delivery)",
  labelNames: ["platform", "command"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export function recordCommand(platform: string, command: string, outcome: CommandOutcome, seconds: number): void {
  const p = platform.toLowerCase();
  commandsTotal.inc({ platform: p, command, outcome });
  commandDuration.observe({ platform: p, command }, seconds);
}

const httpRequestsTotal = new Counter({
  name: "plan_http_requests_total",
  help: "HTTP requests answered, by route pattern and status code",
  labelNames: ["route", "status"] as const,
  registers: [registry],
});

const httpDuration = new Histogram({
  name: "plan_http_request_duration_seconds",
  help: "HTTP request duration, by route pattern",
  labelNames: ["route"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** `route` is the matched pattern (`/api/tab/status/:code`), or "unmatched", so its values stay few. */
export function recordHttpRequest(route: string, status: number, seconds: number): void {
  httpRequestsTotal.inc({ route, status: String(status) });
  httpDuration.observe({ route }, seconds);
}

/** late: sent, but more than the scheduler's lateness threshold after it was due */
export type DeliveryOutcome = "sent" | "late" | "retried" | "failed" | "skipped";

const deliveriesTotal = new Counter({
  name: "plan_deliveries_total",
  help: "Reminder and digest deliveries attempted by this replica's scheduler, by platform and outcome",
  labelNames: ["platform", "outcome"] as const,
  registers: [registry],
});

export function recordDelivery(platform: string, outcome: DeliveryOutcome, count = 1): void {
  deliveriesTotal.inc({ platform: platform.toLowerCase(), outcome }, count);
}

const importRowsTotal = new Counter({
  name: "plan_import_rows_total",
  help: "Indicator data rows imported, by kind (values, plans) and outcome (accepted, rejected)",
  labelNames: ["kind", "outcome"] as const,
  registers: [registry],
});

export function recordImportRows(kind: string, accepted: number, rejected: number): void {
  if (accepted > 0) importRowsTotal.inc({ kind, outcome: "accepted" }, accepted);
  if (rejected > 0) importRowsTotal.inc({ kind, outcome: "rejected" }, rejected);
}

/** Where the database pool's connections are read from; the app sets it once the database is open (PostgreSQL). */
let poolSource: (() => { total: number; idle: number; waiting: number }) | undefined;
export function watchDatabasePool(source: typeof poolSource): void {
  poolSource = source;
}

// A connection that is never given back shows as "in use" that never falls: the early sign of pool starvation.
new Gauge({
  name: "plan_db_pool_connections",
  help: "The PostgreSQL query pool's connections: in use, idle, and requests waiting for one",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    const pool = poolSource?.();
    if (!pool) return;
    this.set({ state: "in_use" }, pool.total - pool.idle);
    this.set({ state: "idle" }, pool.idle);
    this.set({ state: "waiting" }, pool.waiting);
  },
});
