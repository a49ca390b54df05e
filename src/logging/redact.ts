// Secrets kept out of what the bot writes: log lines (logger.ts runs every line through scrubSecrets just before
// it is written) and configuration errors (config.ts). Libraries log what they log — Slack's Web API client writes
// an OAuth request's body, client_secret and all, at debug — so names alone cannot be trusted: the text itself is
// scrubbed of what secrets look like. A scrubbed secret keeps its name or prefix, so a line still says what was there.

export const REDACTED = "[redacted]";

/**
 * A field or parameter name that carries a secret: client_secret, SLACK_SIGNING_SECRET, password, refresh_token…
 * Matched from the keyword on (what comes before it does not change what is replaced), which keeps it fast.
 */
const SECRET_NAME = String.raw`(?:secret|password|passwd|token|api_?key|private_?key)[A-Za-z0-9_]*`;

const PATTERNS: [RegExp, string][] = [
  // "client_secret":"…" in JSON, also JSON inside a JSON string (\"client_secret\":\"…\"), as a log line holds it
  [new RegExp(String.raw`(${SECRET_NAME}\\*"\s*:\s*\\*")[^"\\]+`, "gi"), `$1${REDACTED}`],
  // client_secret=… in a form body, a query string or a sentence
  [new RegExp(String.raw`(${SECRET_NAME}=)[^&\s"\\,;]+`, "gi"), `$1${REDACTED}`],
  // Slack tokens: bot, user, refresh (xoxb-, xoxp-, xoxe-…) and app-level (xapp-)
  [/\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g, `$1-${REDACTED}`],
  // Authorization header values
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`],
  // JWTs (Teams SSO tokens, Bot Framework tokens) wherever they appear
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // the password in a URL: postgresql://user:password@host
  // (to the last @ before the path, since a password may hold an @ of its own)
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"\\]*:)[^\s/"\\]*@/gi, `$1${REDACTED}@`],
];

/** The text with every secret-looking part replaced by [redacted]. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
