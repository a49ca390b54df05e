// Structured logs (pino). One logger; children carry context such as a component. A line logged while an HTTP
// request is handled also carries that request's `reqId` (request-context.ts), however deep the caller.
// No secret reaches the output: fields that hold one are censored by name (`redact`), and every line is scrubbed
// of secret-looking text just before it is written (redact.ts), since libraries put secrets in their messages
// (Slack's Web API client logs an OAuth request's body, client_secret included, at debug).
import path from "node:path";
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

/**
 * Where the shared logger writes: stdout (JSON lines, for a container's log collector), or a file while a person
 * types at a console prompt, so that log lines never land in the middle of what they read (logToFile).
 */
let output: DestinationStream = pino.destination({ dest: 1, sync: true });
const switchable: DestinationStream = { write: (line: string) => output.write(line) };

/** The file a console's logs go to: beside the embedded database folder, e.g. ./data/plan-dialogue.log. */
export function consoleLogFile(pgliteDir: string): string {
  return path.join(path.dirname(path.resolve(pgliteDir)), "plan-dialogue.log");
}

/** From now on the shared logger appends to this file instead of stdout (the console prompt's terminal). */
export function logToFile(file: string): void {
  output = pino.destination({ dest: file, mkdir: true, append: true, sync: true });
}

/** The app's logger; tests pass a destination to read what it writes. */
export function createLogger(destination: DestinationStream = switchable): Logger {
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
