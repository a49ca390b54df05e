// `npm run cli -- status 02N` runs one command; `npm run cli` alone opens an interactive prompt.
// `--as "Jo Smith@02N"` chooses who you act as (add :admin or :operator).
// On the embedded database one process owns the data (src/db/ownership.ts): with `npm start` running, the
// commands are handed to that bot and run there; otherwise this process opens the database itself, and holds it
// until it ends. Logs go to a file (./data/plan-dialogue.log), never between the answers.
import { parseArgs } from "node:util";
import { openRuntime, type Runtime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { systemClock } from "../core/time";
import { startMark } from "../db/start-timing";
import { currentOwner, DatabaseOwnership, ownedElsewhere, type OwnerRecord } from "../db/ownership";
import { consoleLogFile, logToFile } from "../logging/logger";
import { ConsoleChannel, consoleFailure, parsePersona, type CommandRunner } from "./console-channel";
import { runConsole } from "./prompt";
import { RemoteChannel } from "./remote-channel";

/** How long to wait for a bot that has the database but does not listen yet (a first start seeds it). */
const STARTING_BOT_WAIT_MS = 180_000;

async function main() {
  startMark("modules loaded");
  const { values, positionals } = parseArgs({
    options: { as: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const config = loadConfig();
  logToFile(consoleLogFile(config.PGLITE_DIR));
  const persona = values.as === undefined ? undefined : parsePersona(values.as);

  let runtime: Runtime | undefined;
  let ownership: DatabaseOwnership | undefined;
  let runner: CommandRunner;
  try {
    const bot = config.DATABASE_URL ? undefined : await claimOrFindBot(config.PGLITE_DIR);
    if (bot && "refusal" in bot) {
      process.stderr.write(`${bot.refusal}\n`);
      process.exitCode = 1;
      return;
    }
    if (bot && "owner" in bot) runner = new RemoteChannel(bot.owner, values.as);
    else {
      ownership = bot?.ownership;
      runtime = await openRuntime(config, systemClock);
      const channel = new ConsoleChannel(runtime.core);
      if (persona) await channel.actAs(persona);
      runner = channel;
    }
    if (positionals.length) {
      const { text, isError } = await runner.run(positionals.join(" "));
      startMark("first answer");
      process.stdout.write(`${text}\n`);
      process.exitCode = isError ? 1 : 0;
    } else {
      await runConsole(runner);
    }
  } finally {
    await runtime?.db.close();
    ownership?.release();
  }
}

/**
 * The embedded database for this process (it owns it now), or the running bot to hand commands to, or why
 * neither: another console has it open.
 */
async function claimOrFindBot(
  pgliteDir: string,
): Promise<{ ownership: DatabaseOwnership } | { owner: OwnerRecord } | { refusal: string }> {
  const end = Date.now() + STARTING_BOT_WAIT_MS;
  let told = false;
  for (;;) {
    const found = DatabaseOwnership.claim(pgliteDir, "cli");
    if ("ownership" in found) return found;
    const owner = currentOwner(pgliteDir) ?? found.owner;
    if (owner.kind !== "bot") return { refusal: ownedElsewhere(pgliteDir, owner, "this console") };
    if (owner.port !== null) return { owner };
    if (Date.now() > end)
      return {
        refusal: `Plan Dialogue (pid ${owner.pid}) has the embedded database in ${pgliteDir} but has not started listening after ${STARTING_BOT_WAIT_MS / 1000} s. Look at its terminal; try again once it says "Plan Dialogue is up".`,
      };
    if (!told) process.stderr.write(`Waiting for Plan Dialogue (pid ${owner.pid}) to finish starting…\n`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().catch((error) => {
  // A sentence for the person, never a stack trace: unexpected errors are logged with the id shown.
  console.error(error instanceof ConfigError ? error.message : consoleFailure(error));
  process.exit(1);
});
