// The Teams app manifest, generated from commands/ (the bot's command lists) so Teams and the code never drift.
// appPackage/manifest.json is this manifest with the Teams Toolkit's ${{…}} placeholders; `npm run teams:package`
// fills them from the environment, validates the result against the schema offline and zips the package.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { commands as allCommands, type AnyCommand } from "../../../commands";

/** The newest manifest schema the installed @microsoft/app-manifest validator ships (docs/TEAMS.md). */
export const MANIFEST_VERSION = "1.30";
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

export const PLACEHOLDERS = {
  appId: "${{TEAMS_APP_ID}}",
  botId: "${{BOT_ID}}",
  domain: "${{BOT_DOMAIN}}",
  /** PUBLIC_URL with any path (a path-based proxy's prefix, e.g. https://host/plan-dialogue), no trailing slash */
  publicUrl: "${{PUBLIC_URL}}",
} as const;

/** A command's description as Teams allows it (128 characters), cut between words, never inside one. */
export function commandDescription(text: string, max = 128): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(" ");
  return `${(space > max / 2 ? room.slice(0, space) : room).replace(/[\s,.;:—-]+$/, "")}…`;
}

/** Teams shows at most 10 commands per list; these, in this order, from commands/. `help` lists the rest. */
export const PERSONAL_COMMANDS = [
  "status",
  "discuss",
  "discussions",
  "action",
  "agree",
  "done",
  "actions",
  "deadlines",
  "whoami",
  "help",
];
export const CHANNEL_COMMANDS = [
  "status",
  "discuss",
  "discussions",
  "action",
  "agree",
  "done",
  "actions",
  "deadlines",
  "link",
  "help",
];

export interface ManifestValues {
  appId: string;
  botId: string;
  /** host name the bot and tab are served from, e.g. plan-dialogue.example.nhs.uk */
  domain: string;
  /** where the bot and tab are served, with any path (default https://<domain>) */
  publicUrl?: string;
  version: string;
}

function commandList(names: string[], commands: readonly AnyCommand[]) {
  return names.map((name) => {
    const c = commands.find((x) => x.name === name);
    if (!c) throw new Error(`manifest: no command "${name}" in commands/`);
    const description = `${c.summary}. ${c.examples[0] ? `e.g. ${c.examples[0]}` : c.usage}`;
    return { title: c.name, description: commandDescription(description) };
  });
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** A stable Teams app id for a bot: deterministic from the bot's client id unless TEAMS_APP_ID says otherwise. */
export function appIdFor(clientId: string): string {
  const h = createHash("sha256").update(`plan-dialogue-teams-app:${clientId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function buildManifest(values: ManifestValues, commands: readonly AnyCommand[] = allCommands) {
  const site = (values.publicUrl ?? `https://${values.domain}`).replace(/\/+$/, "");
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: values.version,
    id: values.appId,
    developer: {
      name: "Plan Dialogue",
      websiteUrl: `${site}/tab`,
      privacyUrl: `${site}/tab/privacy`,
      termsOfUseUrl: `${site}/tab/terms`,
    },
    name: { short: "Plan Dialogue", full: "Plan Dialogue: CCG and area team planning" },
    description: {
      short: "CCG and area team planning: indicator status, discussions, agreed actions",
      full:
        "Plan Dialogue keeps the NHS planning dialogue between a clinical commissioning group (CCG) and its NHS England area team in Teams: " +
        "each CCG's indicators against the standards and its own plan (red, amber, green, with trend), discussions as channel threads, " +
        "actions agreed by both sides with a full audit trail, and reminders of planning deadlines. " +
        "Type help to the bot, or @mention it in a channel, to see every command. The dashboard tab shows a CCG's status, discussions, actions and deadlines.",
    },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: "#005EB8",
    bots: [
      {
        botId: values.botId,
        scopes: ["personal", "team", "groupChat"],
        isNotificationOnly: false,
        // people attach a filled-in planning template in personal chat (`plan submit`)
        supportsFiles: true,
        supportsCalling: false,
        supportsVideo: false,
        commandLists: [
          { scopes: ["personal"], commands: commandList(PERSONAL_COMMANDS, commands) },
          { scopes: ["team", "groupChat"], commands: commandList(CHANNEL_COMMANDS, commands) },
        ],
      },
    ],
    staticTabs: [
      {
        entityId: "dashboard",
        name: "Dashboard",
        contentUrl: `${site}/tab`,
        websiteUrl: `${site}/tab`,
        scopes: ["personal"],
      },
      { entityId: "conversations", scopes: ["personal"] },
    ],
    configurableTabs: [
      {
        configurationUrl: `${site}/tab/config`,
        canUpdateConfiguration: true,
        scopes: ["team", "groupChat"],
        context: ["channelTab", "privateChatTab", "meetingChatTab"],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: [values.domain],
    // Teams SSO for the tab: the token's audience is this app registration (the bot's).
    webApplicationInfo: { id: values.botId, resource: `api://${values.domain}/${values.botId}` },
  };
}

export type TeamsManifest = ReturnType<typeof buildManifest>;

/** The committed template: the manifest with placeholders where each deployment's values go. */
export function manifestTemplate(commands: readonly AnyCommand[] = allCommands): TeamsManifest {
  return buildManifest(
    {
      appId: PLACEHOLDERS.appId,
      botId: PLACEHOLDERS.botId,
      domain: PLACEHOLDERS.domain,
      publicUrl: PLACEHOLDERS.publicUrl,
      version: packageVersion(),
    },
    commands,
  );
}

export function fillTemplate(
  template: string,
  values: Omit<ManifestValues, "version" | "publicUrl"> & { publicUrl: string },
): string {
  return template
    .split(PLACEHOLDERS.publicUrl)
    .join(values.publicUrl.replace(/\/+$/, ""))
    .split(PLACEHOLDERS.appId)
    .join(values.appId)
    .split(PLACEHOLDERS.botId)
    .join(values.botId)
    .split(PLACEHOLDERS.domain)
    .join(values.domain);
}
