// No secret reaches the log, whoever logs it. At LOG_LEVEL=debug Slack's Web API client logs each request's
// body; an OAuth exchange's body holds the app's client_secret. The real client is driven here against a local
// fake Slack, through a logger shaped like src/slack/app.ts's boltLogger, into pino's real output.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging/logger";
import { scrubSecrets } from "../../src/logging/redact";
import { boltLoggerOf } from "../../src/slack/bolt-logger";

const CLIENT_SECRET = "8f1c2e4b9a7d6c5e3f2a1b0c9d8e7f6a";
const BOT_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";
const USER_TOKEN = "xoxp-1234567890-1111-2222-ZyXwVuTsRqPoNmLk";
const APP_TOKEN = "xapp-1-A0123456789-1234567890123-abcdef0123456789";
const DB_PASSWORD = "Pq9vLm2xRt7wZk4s";

function capture() {
  const lines: string[] = [];
  const log = createLogger({ write: (s: string) => void lines.push(s) });
  log.level = "debug";
  return { log, text: () => lines.join("") };
}

let slack: Server;
let apiUrl = "";
beforeAll(async () => {
  slack = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, access_token: BOT_TOKEN, team: { id: "T1" } }));
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise((resolve) => slack.close(resolve)));

describe("secrets in logs", () => {
  it("the Slack Web API's debug lines of an OAuth exchange carry no client_secret or token", async () => {
    const { log, text } = capture();
    const slackLogger = log.child({ channel: "slack" });
    // the logger src/slack/app.ts hands Bolt and the Web API client
    const boltLogger = boltLoggerOf(slackLogger);
    const client = new WebClient(undefined, { slackApiUrl: apiUrl, logger: boltLogger });
    await client.oauth.v2.access({ client_id: "111.222", client_secret: CLIENT_SECRET, code: "oauth-code-1" });

    const out = text();
    expect(out).toContain("http request body"); // the line is there…
    expect(out).toContain("client_secret"); // …and says what was in it…
    expect(out).not.toContain(CLIENT_SECRET); // …without the secret
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).toContain("111.222"); // what is not secret stays
  });

  it("scrubs secret-looking text from any message, and secret fields from any object", () => {
    const { log, text } = capture();
    log.debug(`POST /api/oauth.v2.access client_id=111.222&client_secret=${CLIENT_SECRET}&code=x`);
    log.info(`tokens: ${BOT_TOKEN} ${USER_TOKEN} ${APP_TOKEN}`);
    log.info(
      `headers: {"Authorization":"Bearer ${BOT_TOKEN}"} and authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl`,
    );
    log.error({ err: new Error(`connect to postgresql://plan:${DB_PASSWORD}@db:5432/plan failed`) }, "database down");
    log.warn(`DATABASE_URL=postgresql://plan:${DB_PASSWORD}@postgres:5432/plan?schema=x`);
    log.info(
      {
        body: { client_secret: CLIENT_SECRET },
        headers: { authorization: `Bearer ${BOT_TOKEN}` },
        password: DB_PASSWORD,
      },
      "objects",
    );
    log.info({ config: { SLACK_SIGNING_SECRET: "0123456789abcdef0123" } }, "a config logged whole");

    const out = text();
    for (const secret of [
      CLIENT_SECRET,
      BOT_TOKEN,
      USER_TOKEN,
      APP_TOKEN,
      DB_PASSWORD,
      "eyJhbGciOi",
      "0123456789abcdef0123",
    ])
      expect(out, secret).not.toContain(secret);
    expect(out).toContain("client_secret=[redacted]");
    expect(out).toContain("xoxb-[redacted]");
    expect(out).toContain("postgresql://plan:[redacted]@db:5432/plan");
    expect(out).toContain("database down");
    for (const line of out.trim().split("\n")) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it("leaves ordinary lines as they were", () => {
    const line =
      '{"level":30,"reqId":"3f2c9a01","msg":"status 02N: 3 red, 2 amber","url":"https://slack.com/api/chat.postMessage"}';
    expect(scrubSecrets(line)).toBe(line);
    expect(scrubSecrets("Send the Teams SSO token as a Bearer token.")).toBe(
      "Send the Teams SSO token as a Bearer token.",
    );
  });
});
