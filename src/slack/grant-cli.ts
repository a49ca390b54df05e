// `npm run slack:grant -- <team id> <user id> <organisation> [member|admin|operator] [--name "Jo Smith"]`:
// records which organisation a Slack user acts for, from the server's shell. This is how the first admin or operator
// of a deployment is made (after that, admins use `/plan member`). `/plan whoami` in Slack shows the two ids: the
// team id is the person's HOME workspace, which in a Slack Connect channel is not the channel's.
import { openRuntime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { DomainError } from "../core/errors";
import { systemClock } from "../core/time";
import { grantSlack, parseSlackGrant, SLACK_GRANT_USAGE } from "./grant";

async function main() {
  const grant = parseSlackGrant(process.argv.slice(2));
  if (!grant) {
    console.error(SLACK_GRANT_USAGE);
    process.exit(2);
  }
  const { core, db } = await openRuntime(loadConfig(), systemClock);
  try {
    console.log(await grantSlack(core, grant));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
  process.exit(1);
});
