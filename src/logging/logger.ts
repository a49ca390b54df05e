// Structured logs (pino). One logger; children carry context such as a component. A line logged while an HTTP
// request is handled also carries that request's `reqId` (request-context.ts), however deep the caller.
// No secret reaches the output: fields that hold one are censored by name (`redact`), and every line is scrubbed
// of secret-looking text just before it is written (redact.ts), since libraries put secrets in their messages
// (Slack's Web API client logs an OAuth request's body, client_secret included, at debug).
import { pino, type DestinationStream, type Logger } from "pino";
import { REDACTED, scrubSecrets } from "./redact";
import { currentRequestId } from "./request-context";

export type { Logger };

/** Fields censored wherever we (or a library) log them as objects; at the top level or one level down. */
const SECRET_FIELDS = [
  "authorization",
  "cookie",
  "password",
  "secret",
  "token",
  "client_secret",
  "access_token",
  "refresh_token",
  "bot_token",
  "botToken",
  "clientSecret",
  "signingSecret",
  "stateSecret",
];
const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
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
