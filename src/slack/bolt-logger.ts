// Bolt and the Slack Web API client log through an interface of their own (@slack/logger); this hands them our pino
// logger, so their lines carry our context and go through the same redaction (src/logging) as every other line.
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../logging/logger";

export function boltLoggerOf(logger: Logger): SlackLogger {
  return {
    debug: (...m: unknown[]) => logger.debug(m.join(" ")),
    info: (...m: unknown[]) => logger.info(m.join(" ")),
    warn: (...m: unknown[]) => logger.warn(m.join(" ")),
    error: (...m: unknown[]) => logger.error(m.join(" ")),
    // pino decides what is written; Slack's own level switch is not used
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
