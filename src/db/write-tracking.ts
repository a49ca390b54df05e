// What a unit of work (one command) has written, so that a failure can be described truthfully. When the link to
// PostgreSQL breaks, or the database stops answering for longer than the query time limit, after a COMMIT (or a lone
// INSERT/UPDATE/DELETE) was sent but before its answer came back, the write may or may not have happened, and nobody
// can tell from this side: the user must be told to look, not that nothing changed. The PostgreSQL adapter
// (src/db/adapter.ts) reports each write here.
import { AsyncLocalStorage } from "node:async_hooks";

export interface WriteOutcome {
  /** writes the database confirmed */
  confirmed: number;
  /** writes sent whose answer never came: they may have been saved */
  inDoubt: number;
}

const current = new AsyncLocalStorage<WriteOutcome>();

/** Runs fn and counts, in `outcome`, the writes it makes (including those of a failed run). */
export function trackWrites<T>(outcome: WriteOutcome, fn: () => Promise<T>): Promise<T> {
  return current.run(outcome, fn);
}

/** Wraps one write statement (or COMMIT) so that it is counted as confirmed, or in doubt if it never answered. */
export async function countWrite<T>(send: () => Promise<T>): Promise<T> {
  const outcome = current.getStore();
  if (!outcome) return send();
  outcome.inDoubt++;
  try {
    const result = await send();
    outcome.inDoubt--;
    outcome.confirmed++;
    return result;
  } catch (error) {
    // A refusal from the server (a constraint, a serialisation failure) is a clear "no": not in doubt.
    if (!isConnectionLoss(error)) outcome.inDoubt--;
    throw error;
  }
}

/** Lone statements that change data (autocommit) are writes; reads and transaction statements are not. */
export const isWriteStatement = (sql: string) =>
  /^\s*(insert|update|delete|merge|with\b[\s\S]*\b(insert|update|delete)\b)/i.test(sql);

/** node-postgres's words when a query had no answer within the pool's `query_timeout` (src/db/adapter.ts). */
export const isQueryTimeout = (error: unknown) => error instanceof Error && error.message === "Query read timeout";

/**
 * The connection broke, or the database stopped answering (as opposed to the server answering with an error), so a
 * write that was sent may have been saved. Seen through the adapter, before Prisma wraps it: node-postgres and Node
 * socket errors, and Prisma's driver-adapter kinds. Failing to connect at all is not one: nothing was sent.
 */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as
    { code?: unknown; message?: unknown; cause?: { kind?: unknown; originalCode?: unknown } } | undefined;
  if (!e || typeof e !== "object") return false;
  if (isQueryTimeout(error)) return true;
  // pg-pool's words when no connection could be had in time (connectionTimeoutMillis).
  if (
    typeof e.message === "string" &&
    /^(timeout exceeded when trying to connect|Connection terminated due to connection timeout)$/.test(e.message)
  )
    return false;
  const kind = e.cause?.kind;
  if (kind === "ConnectionClosed" || kind === "DatabaseNotReachable" || kind === "SocketTimeout") return true;
  // SQLSTATE 57P01-57P03: the server shutting down, crashing or not yet accepting; class 08: connection exceptions.
  const lost = /^(57P0[123]|08...)$/;
  if (typeof e.cause?.originalCode === "string" && lost.test(e.cause.originalCode)) return true;
  if (
    typeof e.code === "string" &&
    (/^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|P1001|P1008|P1017)$/.test(e.code) || lost.test(e.code))
  )
    return true;
  return (
    typeof e.message === "string" &&
    /Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(e.message)
  );
}
