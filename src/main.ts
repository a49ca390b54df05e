// `npm start`: one HTTP server with every channel the configuration turns on. With no platform
// credentials it runs in local mode: embedded database, seeded data, and the console on a terminal.
import type { Server } from "node:http";
import { hostname } from "node:os";
import { openRuntime } from "./bootstrap";
import { ConfigError, enabledChannels, loadConfig } from "./config";
import { ConsoleChannel } from "./console/console-channel";
import { runConsole } from "./console/prompt";
import { systemClock } from "./core/time";
import { logger } from "./logging/logger";
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
  const runtime = await openRuntime(config, systemClock);
  const on = enabledChannels(config);
  const plugins: ChannelPlugin[] = [];
  // Chart images first: status replies link to them only when this process serves them.
  plugins.push(createChartPlugin({ config, core: runtime.core, logger }));
  plugins.push(createExportPlugin({ config, core: runtime.core, logger }));
  plugins.push(createTabChannel({ config, core: runtime.core, logger }));
  // Each platform channel adds the sender the scheduler uses to reach it.
  const senders: Sender[] = [new ConsoleSender(logger)];
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
  const local = !on.slack && !on.teams;
  logger.info(
    {
      port,
      database: runtime.db.kind === "pglite" ? `embedded (${config.PGLITE_DIR})` : "PostgreSQL",
      channels: [...plugins.map((p) => p.name), ...(local && process.stdin.isTTY ? ["console"] : [])],
      scheduler: scheduler ? scheduler.replicaId : "off",
      startupMs: Date.now() - started,
    },
    local ? "Plan Dialogue running in local mode (no Slack or Teams credentials)" : "Plan Dialogue running",
  );
  console.log(
    `Plan Dialogue is up on http://localhost:${port} (health: /healthz, readiness: /readyz, metrics: /metrics).`,
  );
  console.log(
    `Channels on: ${plugins.map((p) => p.name).join(", ") || "none"}${local ? ` — local mode${process.stdin.isTTY ? ", console below" : ""}` : ""}.`,
  );

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
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.off("SIGTERM", stopStarting).off("SIGINT", stopStarting);
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (local && process.stdin.isTTY) {
    await runConsole(new ConsoleChannel(runtime.core));
    await shutdown("console closed");
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
