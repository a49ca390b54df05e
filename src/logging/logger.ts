// Structured logs (pino). One logger; children carry context such as a component. A line logged while an HTTP
// request is handled also carries that request's `reqId` (request-context.ts), however deep the caller.
// No secret reaches the output: fields that hold one are censored by name (`redact`), and every line is scrubbed
// of secret-looking text just before it is written (redact.ts), since libraries put secrets in their messages
// (Slack's Web API client logs an OAuth request's body, client_secret included, at debug).
import { pino, type DestinationStream, type Logger } from "pino";
import { REDACTED, scrubSecrets } from "./redact";
import { currentRequestId } from "./request-context";

export type { Logger };

/**
 * Fields censored by name when logged as objects. Few and exact, since each path costs on every line; a secret
 * nested deeper, or under another name, is still caught by the scrub of the written line (redact.ts).
 */
const REDACT_PATHS = [
  "authorization",
  "cookie",
  "password",
  "client_secret",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
];

/** The app's logger; tests pass a destination to read what it writes. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "silent" : "info"),
      base: { app: "plan-dialogue" },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrubSecrets },
      mixin() {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
    },
    destination,
  );
}

export const logger: Logger = createLogger();
