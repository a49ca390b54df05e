// What `npm run slack:grant` does, apart from opening the database: records which organisation a Slack user acts for.
// This is how the first admin or operator of a deployment is made; after that, admins use `/plan member`.
import { parseArgs } from "node:util";
import { grant, GRANT_ROLES } from "../console/grant";
import type { Core } from "../core";
import type { Role } from "../core/db";

export const SLACK_GRANT_USAGE =
  'Usage: npm run slack:grant -- <team id> <user id> <organisation> [member|admin|operator] [--name "Jo Smith"]';

export interface SlackGrant {
  /** the user's HOME workspace (T…), as `whoami` shows it; in Slack Connect, not the channel's */
  teamId: string;
  userId: string;
  organisation: string;
  role: Role;
  name?: string;
}

/** The command line, or null when it doesn't fit the usage. */
export function parseSlackGrant(argv: string[]): SlackGrant | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { name: { type: "string" } }, allowPositionals: true, strict: true });
  } catch {
    return null;
  }
  const [teamId, userId, organisation, roleWord = "member", ...rest] = parsed.positionals;
  const role = GRANT_ROLES[roleWord.toLowerCase() as keyof typeof GRANT_ROLES] as Role | undefined;
  // Slack ids: workspaces T… (or a Grid org E…), users U… or W…
  if (!teamId || !/^[TE][A-Z0-9]+$/.test(teamId) || !userId || !/^[UW][A-Z0-9]+$/.test(userId)) return null;
  if (!organisation || !role || rest.length) return null;
  return { teamId, userId, organisation, role, ...(parsed.values.name ? { name: parsed.values.name } : {}) };
}

/** Registers the user; returns the sentence the operator reads. Unknown organisations throw the core's DomainError. */
export function grantSlack(core: Core, { teamId, ...rest }: SlackGrant): Promise<string> {
  return grant(core, "SLACK", { tenantId: teamId, ...rest });
}
