// `npm run cli -- status 02N` runs one command; `npm run cli` alone opens an interactive prompt.
// `--as "Jo Smith@02N"` chooses who you act as (add :admin or :operator).
import { parseArgs } from "node:util";
import { openRuntime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { DomainError } from "../core/errors";
import { systemClock } from "../core/time";
import { ConsoleChannel, parsePersona } from "./console-channel";
import { runConsole } from "./prompt";

async function main() {
  const { values, positionals } = parseArgs({
    options: { as: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const config = loadConfig();
  const { core, db } = await openRuntime(config, systemClock);
  try {
    const channel = new ConsoleChannel(core);
    if (values.as) await channel.actAs(parsePersona(values.as));
    if (positionals.length) {
      const { text, isError } = await channel.run(positionals.join(" "));
      process.stdout.write(`${text}\n`);
      process.exitCode = isError ? 1 : 0;
    } else {
      await runConsole(channel);
    }
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  const message = error instanceof ConfigError || error instanceof DomainError ? error.message : error;
  console.error(message);
  process.exit(1);
});
