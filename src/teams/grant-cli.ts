// `npm run teams:grant -- <tenant id> <user object id> <organisation> [member|admin|operator] [--name "Jo Smith"]`:
// records which organisation a Teams user acts for, from the server's shell. This is how the first admin or
// operator of a deployment is made (after that, admins use `member` in Teams). `whoami` in Teams shows the ids.
import { parseArgs } from "node:util";
import { openRuntime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { DomainError } from "../core/errors";
import { systemClock } from "../core/time";
import { grant, GRANT_ROLES } from "../console/grant";

async function main() {
  const { values, positionals } = parseArgs({
    options: { name: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [tenantId, userId, organisation, roleWord = "member"] = positionals;
  const role = GRANT_ROLES[roleWord.toLowerCase() as keyof typeof GRANT_ROLES];
  if (!tenantId || !userId || !organisation || !role) {
    console.error(
      'Usage: npm run teams:grant -- <tenant id> <user object id> <organisation> [member|admin|operator] [--name "Jo Smith"]',
    );
    process.exit(2);
  }
  const { core, db } = await openRuntime(loadConfig(), systemClock);
  try {
    console.log(
      await grant(core, "TEAMS", {
        tenantId,
        userId,
        organisation,
        role,
        ...(values.name ? { name: values.name } : {}),
      }),
    );
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
  process.exit(1);
});
