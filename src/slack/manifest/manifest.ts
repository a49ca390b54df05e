// The Slack app manifest, built from commands/ so the slash command's hint never drifts from the code.
import { commands } from "../../../commands";
import { SLACK_EVENTS_PATH } from "../app";
import { LOG_ACTION_SHORTCUT } from "../listeners/shortcuts";

/** Where Slack should send requests; replaced by the real host when the app is created. */
export const PLACEHOLDER_URL = "https://plan-dialogue.example.nhs.uk";

export function slackManifest(baseUrl = PLACEHOLDER_URL) {
  const url = `${baseUrl}${SLACK_EVENTS_PATH}`;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: "Plan Dialogue",
      description: "The planning dialogue between CCGs and their area team",
      long_description:
        "Plan Dialogue is where a clinical commissioning group and its NHS England area team talk their plans through: indicator status against standards and plans, discussions, actions agreed by both sides, planning deadlines and reminders. Type /plan help to start.",
      background_color: "#005eb8",
    },
    features: {
      // The Messages tab takes a direct message with a file: `plan submit 02N` with the planning template.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: "Plan Dialogue", always_online: true },
      slash_commands: [
        {
          command: "/plan",
          url,
          description: "Indicator status, discussions, agreed actions and deadlines",
          usage_hint: commands
            .map((c) => c.name)
            .join(" | ")
            .slice(0, 1000),
          should_escape: true,
        },
      ],
      shortcuts: [
        {
          name: "Log agreed action",
          type: "message",
          callback_id: LOG_ACTION_SHORTCUT,
          description: "Propose an action from this message",
        },
      ],
    },
    oauth_config: {
      scopes: {
        bot: [
          "app_mentions:read",
          "channels:history",
          "channels:read",
          "chat:write",
          "commands",
          // files:read downloads a shared planning template; files:write uploads the one `plan template` makes
          "files:read",
          "files:write",
          "groups:history",
          "groups:read",
          "im:history",
          "im:write",
          "users:read",
        ],
      },
    },
    settings: {
      event_subscriptions: {
        request_url: url,
        bot_events: [
          "app_home_opened",
          "app_mention",
          "channel_rename",
          "message.channels",
          "message.groups",
          "message.im",
        ],
      },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

export const manifestJson = () => `${JSON.stringify(slackManifest(), null, 2)}\n`;
