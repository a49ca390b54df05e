// Structured logs (pino). One logger; children carry context such as a component. A line logged while an HTTP
// request is handled also carries that request's `reqId` (request-context.ts), however deep the caller.
import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequestId } from "./request-context";

export type { Logger };

/** The app's logger; tests pass a destination to read what it writes. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "silent" : "info"),
      base: { app: "plan-dialogue" },
      mixin() {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
    },
    destination,
  );
}

export const logger: Logger = createLogger();
