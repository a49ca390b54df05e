// The environment, parsed once with zod. A wrong or missing value stops start-up with a sentence
// naming the variable and what it expects. Every variable is documented in .env.example.
import { z } from "zod";
import { REDACTED, scrubSecrets } from "./logging/redact";
import { FINGERTIPS_LIVE_URL, syncConfigSchema } from "./sources/fingertips/mapping";

const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off", "true", "false", "1", "0"], { error: "expected on or off" })
    .default(fallback)
    .transform((v) => v === "on" || v === "true" || v === "1");

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const url = (what: string) => z.url({ error: `expected ${what}` });

const schema = z
  .object({
    PORT: z.coerce.number({ error: "expected a port number" }).int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "expected a PostgreSQL URL such as postgresql://user@host:5432/db")
      .optional(),
    PGLITE_DIR: z.string().default("./data/pglite"),
    /**
     * how long a command's query may wait for PostgreSQL's answer before the command fails and its connection is
     * dropped: a paused server or a network that silently drops packets would otherwise hold it for ~15 minutes
     */
    DATABASE_QUERY_TIMEOUT_MS: z.coerce
      .number({ error: "expected milliseconds from 1000 to 600000, e.g. 15000" })
      .int("expected a whole number of milliseconds from 1000 to 600000")
      .min(1_000, "expected milliseconds from 1000 to 600000 (at least a second)")
      .max(600_000, "expected milliseconds from 1000 to 600000 (at most 10 minutes)")
      .default(15_000),
    SEED_DEMO: onOff("on"),
    SCHEDULER: onOff("on"),
    /** after downtime, reminders up to this many hours late are still sent (marked late); older ones are skipped */
    REMINDER_CATCH_UP_HOURS: z.coerce
      .number({ error: "expected a number of hours from 1 to 168, e.g. 12" })
      .int("expected a whole number of hours from 1 to 168")
      .min(1, "expected a number of hours from 1 to 168")
      .max(168, "expected a number of hours from 1 to 168 (reminders are planned a week back at most)")
      .default(12),
    /**
     * The process's own time zone. Reminders, digests and dates follow Europe/London whatever it is (src/core/time);
     * it is checked only so that a mistyped zone is reported instead of silently becoming UTC in logs.
     */
    TZ: z
      .string()
      .refine(knownTimeZone, "expected an IANA time zone such as Europe/London (reminders use Europe/London anyway)")
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    PUBLIC_URL: url("the bot's public base URL, e.g. https://plan-dialogue.example.nhs.uk").optional(),
    /** when set, /metrics wants `Authorization: Bearer <token>` (docs/DEPLOY.md) */
    METRICS_TOKEN: z.string().min(16, "expected at least 16 characters (any long random string)").optional(),
    /** signs chart image links so only links the bot made are served; the same value on every replica */
    CHART_URL_SECRET: z.string().min(16, "expected at least 16 characters (any long random string)").optional(),

    SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "expected a bot token starting xoxb-").optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, "expected the app's Signing Secret").optional(),
    SLACK_APP_TOKEN: z.string().startsWith("xapp-", "expected an app-level token starting xapp-").optional(),
    SLACK_API_URL: url("a Slack Web API base URL ending /api/").optional(),
    SLACK_MESSAGES_PER_SECOND: z.coerce
      .number({ error: "expected messages per second, e.g. 10" })
      .positive()
      .max(100)
      .default(10),
    SLACK_CLIENT_ID: z.string().optional(),
    SLACK_CLIENT_SECRET: z.string().optional(),
    /** signs the OAuth install's state (a CSRF guard): a guessable one lets an attacker forge an install */
    SLACK_STATE_SECRET: z
      .string()
      .min(32, "expected at least 32 random characters; make one with: openssl rand -hex 32")
      .optional(),
    /** encrypts the bot tokens of OAuth installs at rest; keep it as safe as the database's password */
    SLACK_INSTALLATION_KEY: z
      .string()
      .min(32, "expected at least 32 characters (e.g. openssl rand -hex 32)")
      .optional(),

    /** the Fingertips API (docs/DATA.md); tests point it at a local fake */
    FINGERTIPS_API_URL: url("the Fingertips API's base URL, e.g. https://fingertips.phe.org.uk").default(
      FINGERTIPS_LIVE_URL,
    ),
    /** what `sources sync` with no arguments, and the daily scheduled sync, fetch: "90365=ois_1_1,…" */
    FINGERTIPS_SYNC: syncConfigSchema.default([]),
    /** London time of the daily Fingertips sync (when FINGERTIPS_SYNC names indicators) */
    FINGERTIPS_SYNC_AT: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a London time as HH:MM, e.g. 06:00")
      .default("06:00"),
    /** the day each year (MM-DD, London) the CCGs' appraisal of their area team opens and is asked; "off": never */
    APPRAISAL_ROUND: z
      .string()
      .regex(
        /^(off|(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]))$/,
        "expected a day of the year as MM-DD (day 1 to 28), e.g. 05-01, or off",
      )
      .default("05-01"),

    TEAMS_CLIENT_ID: z.string().optional(),
    TEAMS_CLIENT_SECRET: z.string().optional(),
    TEAMS_TENANT_ID: z.string().optional(),
    TEAMS_DEV_UNAUTHENTICATED: onOff("off"),
    /** the dashboard tab's status, deadlines and organisation list without a Teams sign-in (docs/TEAMS.md) */
    TAB_PUBLIC_STATUS: onOff("on"),
  })
  .superRefine((env, ctx) => {
    const need = (present: boolean, variable: string, why: string) => {
      if (present && !(env as Record<string, unknown>)[variable]) {
        ctx.addIssue({ code: "custom", path: [variable], message: `is required ${why}` });
      }
    };
    need(
      !!env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN,
      "SLACK_SIGNING_SECRET",
      "when SLACK_BOT_TOKEN is set (Basic Information → Signing Secret)",
    );
    need(!!env.SLACK_APP_TOKEN, "SLACK_BOT_TOKEN", "when SLACK_APP_TOKEN (Socket Mode) is set");
    need(!!env.SLACK_CLIENT_ID, "SLACK_CLIENT_SECRET", "when SLACK_CLIENT_ID is set (OAuth install)");
    need(
      !!env.SLACK_CLIENT_ID,
      "SLACK_STATE_SECRET",
      "when SLACK_CLIENT_ID is set (signs OAuth state; make one with: openssl rand -hex 32)",
    );
    need(
      !!env.SLACK_CLIENT_ID,
      "SLACK_INSTALLATION_KEY",
      "when SLACK_CLIENT_ID is set (encrypts each workspace's bot token at rest; e.g. openssl rand -hex 32)",
    );
    need(
      !!env.SLACK_CLIENT_ID && !env.SLACK_APP_TOKEN,
      "SLACK_SIGNING_SECRET",
      "when SLACK_CLIENT_ID is set (Basic Information → Signing Secret)",
    );
    need(!!env.TEAMS_CLIENT_SECRET, "TEAMS_CLIENT_ID", "when TEAMS_CLIENT_SECRET is set");
  });

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {}

/** Variables whose value is a secret: a configuration error names them, never shows them. */
const SECRET_VARIABLE = /SECRET|TOKEN|PASSWORD|KEY|CREDENTIAL/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings (from a copied .env.example) mean "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")) as Record<
    string,
    string
  >;
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const variable = String(i.path[0] ?? "environment");
    const value = present[variable];
    // A value is shown to help fix it, unless it is a secret; a URL's password (DATABASE_URL) is scrubbed.
    return `${variable} ${i.message}${value !== undefined && !SECRET_VARIABLE.test(variable) ? ` (got "${value}")` : ""}`;
  });
  // Whatever a message says, no secret's value and no URL password leaves here (it is printed at start-up).
  let message = `Configuration error:\n- ${lines.join("\n- ")}\nSee .env.example for every variable.`;
  for (const variable of Object.keys(schema.shape)) {
    const value = present[variable];
    if (value && value.length >= 4 && SECRET_VARIABLE.test(variable)) message = message.split(value).join(REDACTED);
  }
  throw new ConfigError(scrubSecrets(message));
}

/** Which platform channels this configuration turns on. */
export function enabledChannels(config: Config) {
  return {
    slack: !!config.SLACK_BOT_TOKEN || !!config.SLACK_CLIENT_ID,
    slackSocketMode: !!config.SLACK_APP_TOKEN,
    teams: !!config.TEAMS_CLIENT_ID || config.TEAMS_DEV_UNAUTHENTICATED,
  };
}
