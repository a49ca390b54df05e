// Structured logs (pino). One logger; children carry context such as a request id.
import { pino, type Logger } from "pino";

export type { Logger };

export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "silent" : "info"),
  base: { app: "plan-dialogue" },
});
