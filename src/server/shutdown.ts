// Graceful shutdown on SIGTERM (docker stop, a rolling restart): stop taking work, finish what is in flight,
// then close the database. New connections are refused at once, so a proxy in front retries them on another
// replica; requests already being handled finish, up to a grace period after which their connections are cut.
import type { Server } from "node:http";
import type { Logger } from "../logging/logger";
import type { ChannelPlugin } from "./channel-plugin";

export interface ShutdownParts {
  server: Server;
  plugins: readonly ChannelPlugin[];
  /** waits for the reminders being sent */
  scheduler?: { stop(): Promise<void> };
  database: { close(): Promise<void> };
  logger: Logger;
  /** how long requests in flight may take before their connections are closed; under docker's stop_grace_period */
  graceMs?: number;
}

/** Returns the one shutdown of this process: the first call runs it, later calls wait for the same run. */
export function createShutdown(parts: ShutdownParts): (reason: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (reason) => (running ??= shutdown(parts, reason));
}

async function shutdown(parts: ShutdownParts, reason: string): Promise<void> {
  const { server, logger } = parts;
  const graceMs = parts.graceMs ?? 20_000;
  const started = Date.now();
  // Stop listening first, so that the log line is true when it is read.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  logger.info({ reason, graceMs }, "shutting down");
  // server.close() stops listening and closes idle keep-alive connections, but a connection that finishes its
  // request afterwards would stay open until the proxy drops it: close those as they become idle.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const cut = setTimeout(() => {
    logger.warn({ graceMs }, "requests still in flight after the grace period; closing their connections");
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }

  await parts.scheduler?.stop();
  for (const plugin of parts.plugins) await plugin.stop?.();
  await parts.database.close();
  logger.info({ reason, shutdownMs: Date.now() - started }, "stopped");
}
