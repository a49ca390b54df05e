// `npm start`: one HTTP server with every channel the configuration turns on. With no platform
// credentials it runs in local mode: embedded database, seeded data, and the console on a terminal.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { hostname } from "node:os";
import { openRuntime } from "./bootstrap";
import { ConfigError, enabledChannels, loadConfig } from "./config";
import { ConsoleChannel } from "./console/console-channel";
import { runConsole } from "./console/prompt";
import { systemClock } from "./core/time";
import { consoleLogFile, logger, logToFile } from "./logging/logger";
import { DatabaseOwnership, ownedElsewhere } from "./db/ownership";
import { mountConsoleEndpoint } from "./console/local-endpoint";
import type { ChannelPlugin } from "./server/channel-plugin";
import { createHttpApp } from "./server/http";
import { createShutdown } from "./server/shutdown";
import { createChartPlugin } from "./charts/route";
import { createExportPlugin } from "./exports/route";
import { createTabChannel } from "./tab";
import { createTeamsChannel } from "./teams";
import { ConsoleSender } from "./console/console-sender";
import { Scheduler } from "./scheduler/scheduler";
import { DailyJobs } from "./scheduler/daily-jobs";
import { dailyJobs } from "./scheduler/jobs";
import { fingertipsClient } from "./sources/fingertips/config";
import { createSlackChannel } from "./slack/app";
import type { Sender } from "./scheduler/sender";

async function main() {
  const config = loadConfig();
  logger.level = config.LOG_LEVEL;
  const started = Date.now();
  // Until the server is up there is nothing to finish; as PID 1 in a container, node would ignore SIGTERM.
  const stopStarting = () => process.exit(143);
  process.once("SIGTERM", stopStarting).once("SIGINT", stopStarting);
  const on = enabledChannels(config);
  const local = !on.slack && !on.teams;
  const withConsole = local && process.stdin.isTTY;
  // A person types at the console below: the log goes to a file, so no line lands between prompt and answer.
  const logFile = withConsole ? consoleLogFile(config.PGLITE_DIR) : undefined;
  if (logFile) logToFile(logFile);
  // The embedded database has one owner, this process; `npm run cli` beside it hands its commands here.
  let ownership: DatabaseOwnership | undefined;
  if (!config.DATABASE_URL) {
    const claim = DatabaseOwnership.claim(config.PGLITE_DIR, "bot");
    if ("owner" in claim) {
      console.error(ownedElsewhere(config.PGLITE_DIR, claim.owner, "starting another Plan Dialogue on it"));
      process.exit(1);
    }
    ownership = claim.ownership;
  }
  const runtime = await openRuntime(config, systemClock);
  const plugins: ChannelPlugin[] = [];
  // Chart images first: status replies link to them only when this process serves them. In local mode links
  // live as long as this one process, so its own random secret is all they need (no warning about replicas).
  const chartConfig =
    local && !config.CHART_URL_SECRET ? { ...config, CHART_URL_SECRET: randomBytes(32).toString("hex") } : config;
  plugins.push(createChartPlugin({ config: chartConfig, core: runtime.core, logger }));
  plugins.push(createExportPlugin({ config, core: runtime.core, logger }));
  plugins.push(createTabChannel({ config, core: runtime.core, logger }));
  // Each platform channel adds the sender the scheduler uses to reach it.
  const senders: Sender[] = [
    new ConsoleSender(logger, withConsole ? (text) => void process.stdout.write(`\n${text}\n`) : undefined),
  ];
  if (on.teams) {
    const teams = createTeamsChannel({ config, core: runtime.core, logger });
    plugins.push(teams);
    senders.push(teams.schedulerSender);
  }
  if (on.slack) {
    const slack = createSlackChannel({ config, core: runtime.core, logger });
    plugins.push(slack);
    senders.push(slack.sender);
  }

  const app = createHttpApp(runtime.db, { metricsToken: config.METRICS_TOKEN });
  for (const plugin of plugins) plugin.mount(app);
  if (ownership) mountConsoleEndpoint(app, runtime.core, ownership.token);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  for (const plugin of plugins) await plugin.start?.();
  // The ledger records which replica claimed a reminder: the host name (bot-1 in docker compose) says which.
  const replicaId = `${hostname()}-${process.pid}`;
  const scheduler = config.SCHEDULER ? new Scheduler(runtime.core, senders, { logger, replicaId }) : undefined;
  scheduler?.start();
  // Daily jobs (Fingertips sync, housekeeping) run where the scheduler runs; one replica a day does each.
  const daily = config.SCHEDULER
    ? new DailyJobs(
        runtime.core,
        dailyJobs(runtime.core, runtime.db, config, () => fingertipsClient(config)),
        logger,
      )
    : undefined;
  daily?.start();

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  ownership?.listening(config.HOST, port);
  logger.info(
    {
      port,
      database: runtime.db.kind === "pglite" ? `embedded (${config.PGLITE_DIR})` : "PostgreSQL",
      channels: [...plugins.map((p) => p.name), ...(withConsole ? ["console"] : [])],
      scheduler: scheduler ? scheduler.replicaId : "off",
      startupMs: Date.now() - started,
    },
    local ? "Plan Dialogue running in local mode (no Slack or Teams credentials)" : "Plan Dialogue running",
  );
  console.log(
    `Plan Dialogue is up on http://localhost:${port} (health: /healthz, readiness: /readyz, metrics: /metrics).`,
  );
  console.log(
    `Channels on: ${plugins.map((p) => p.name).join(", ") || "none"}${local ? ` — local mode${withConsole ? ", console below" : ""}` : ""}.`,
  );
  if (logFile) console.log(`Logs go to ${logFile}.`);

  // Stop taking work first, then finish the requests and sends in flight, then close the database.
  const background = {
    stop: async () => {
      await scheduler?.stop();
      await daily?.stop();
    },
  };
  const stop = createShutdown({ server, plugins, scheduler: background, database: runtime.db, logger });
  const shutdown = async (reason: string) => {
    try {
      await stop(reason);
      ownership?.release();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.off("SIGTERM", stopStarting).off("SIGINT", stopStarting);
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (withConsole) {
    await runConsole(new ConsoleChannel(runtime.core));
    await shutdown("console closed");
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
