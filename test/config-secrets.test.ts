// A configuration error is printed at start-up, to a terminal or a container log: it names the variable and what
// it expects, and never shows a secret's value or a database password.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

const OAUTH = {
  SLACK_CLIENT_ID: "111.222",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_SIGNING_SECRET: "signing-secret-value",
  SLACK_STATE_SECRET: "a".repeat(64),
  SLACK_INSTALLATION_KEY: "0123456789abcdef0123456789abcdef",
};

describe("configuration errors keep secrets out", () => {
  it("names a secret variable with a bad value, but not the value", () => {
    const key = "short-installation-key";
    const message = messageOf({ ...OAUTH, SLACK_INSTALLATION_KEY: key });
    expect(message).toMatch(/SLACK_INSTALLATION_KEY expected at least 32 characters/);
    expect(message).not.toContain(key);

    const token = "not-a-bot-token-but-secret-still";
    const bad = messageOf({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: "12345678" });
    expect(bad).toMatch(/SLACK_BOT_TOKEN expected a bot token starting xoxb-/);
    expect(bad).not.toContain(token);

    const metrics = messageOf({ METRICS_TOKEN: "tooshort" });
    expect(metrics).toMatch(/METRICS_TOKEN expected at least 16 characters/);
    expect(metrics).not.toContain("tooshort");
  });

  it("never prints DATABASE_URL's password, while still showing what was wrong with it", () => {
    const password = "Pq9vLm2xRt7wZk4s";
    const message = messageOf({ DATABASE_URL: `mysql://plan:${password}@db.internal:3306/plan` });
    expect(message).toMatch(/DATABASE_URL expected a PostgreSQL URL/);
    expect(message).not.toContain(password);
    expect(message).toContain("mysql://plan:[redacted]@db.internal:3306/plan");

    // a password holding an @ of its own, beside another variable's error
    const odd = messageOf({ DATABASE_URL: `mysql://plan:p@ss${password}@db/plan`, PORT: "eighty" });
    expect(odd).toMatch(/DATABASE_URL expected a PostgreSQL URL/);
    expect(odd).not.toContain(password);
    expect(odd).not.toContain("ss@");
    expect(odd).toMatch(/PORT expected a port number \(got "eighty"\)/);
  });

  it("wants a SLACK_STATE_SECRET of at least 32 characters, and says how to make one", () => {
    const short = "state-secret-0123456789";
    const message = messageOf({ ...OAUTH, SLACK_STATE_SECRET: short });
    expect(message).toMatch(/SLACK_STATE_SECRET expected at least 32 random characters/);
    expect(message).toContain("openssl rand -hex 32");
    expect(message).not.toContain(short);
    expect(loadConfig(OAUTH).SLACK_STATE_SECRET).toBe("a".repeat(64));
  });
});
