import { describe, expect, it } from "vitest";
import { ConfigError, enabledChannels, loadConfig } from "../src/config";

describe("configuration", () => {
  it("needs nothing to run locally: embedded database, no platforms", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, SEED_DEMO: true, SCHEDULER: true });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(enabledChannels(config)).toEqual({ slack: false, slackSocketMode: false, teams: false });
  });

  it("treats empty values, as copied from .env.example, as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", SLACK_BOT_TOKEN: "" }).DATABASE_URL).toBeUndefined();
  });

  it("stops with a sentence naming the variable and what it expects", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT expected a port number \(got "eighty"\)/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL expected a PostgreSQL URL/);
    expect(() => loadConfig({ SCHEDULER: "maybe" })).toThrow(/SCHEDULER expected on or off/);
  });

  it("names the missing partner of a Slack token, without echoing secrets", () => {
    const attempt = () => loadConfig({ SLACK_BOT_TOKEN: "xoxb-123-secret" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "not-a-token" })).not.toThrow(/not-a-token/);
  });
});
