// The Teams SDK posts replies, with the bot's bearer token, to whatever serviceUrl an incoming activity names.
// The SDK checks a signed request's serviceUrl against the token's `serviceurl` claim; this adds the second
// half: the host must be one of Microsoft's Bot Connector hosts, so no activity can send our token elsewhere.

/** Bot Connector hosts of the public, government and China clouds. */
export const MICROSOFT_CONNECTOR_HOSTS: readonly string[] = [
  "smba.trafficmanager.net",
  ".botframework.com",
  ".botframework.us",
  ".botframework.azure.us",
  ".botframework.azure.cn",
  ".teams.microsoft.com",
  ".teams.microsoft.us",
  ".infra.gov.teams.microsoft.us",
];

/** What local development (Agents Playground, the fake connector in tests) uses. */
export const LOCAL_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

const matches = (host: string, pattern: string) =>
  pattern.startsWith(".") ? host.endsWith(pattern) : host === pattern;

export interface ServiceUrlPolicy {
  /** host names or ".suffix" patterns accepted over https */
  https: readonly string[];
  /** hosts accepted over plain http (local development only) */
  http: readonly string[];
}

export function isAllowedServiceUrl(serviceUrl: unknown, policy: ServiceUrlPolicy): boolean {
  if (typeof serviceUrl !== "string") return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  if (url.protocol === "https:") return [...policy.https, ...policy.http].some((p) => matches(host, p));
  if (url.protocol === "http:") return policy.http.some((p) => matches(host, p));
  return false;
}
