import { z } from "zod";
import { defineCommand } from "./command";

export const whoamiCommand = defineCommand({
  name: "whoami",
  summary: "Which organisation you act for, and what you may manage",
  usage: "whoami",
  examples: ["whoami"],
  needsPerson: false,
  parse: () => ({}),
  args: z.object({}),
  async run({ core, actor, invocation }) {
    const channelOrgs = invocation.channel
      ? await core.links.organisationsOfChannel(invocation.user.platform, invocation.channel.id)
      : [];
    const channelLine = invocation.channel
      ? channelOrgs.length
        ? `This channel is linked to ${channelOrgs.join(" and ")}.`
        : "This channel is not linked to an organisation."
      : undefined;
    if (!actor) {
      return {
        reply: {
          summary: "You are not registered",
          blocks: [
            {
              type: "paragraph",
              text: "I don't know which organisation you act for yet. You can still use `status`, `deadlines` and `help`.",
            },
            {
              type: "context",
              text: `Ask an admin to run \`member @you <organisation>\`. Your id: ${invocation.user.platform.toLowerCase()} ${invocation.user.tenantId} ${invocation.user.userId}.`,
            },
            ...(channelLine ? [{ type: "context" as const, text: channelLine }] : []),
          ],
          visibility: "private",
        },
      };
    }
    const { organisation: o } = actor;
    return {
      reply: {
        summary: `${actor.name}: ${o.code} ${o.name}`,
        blocks: [
          {
            type: "fields",
            fields: [
              { label: "You", value: actor.name },
              { label: "Acting for", value: `${o.code} ${o.name}` },
              { label: "Side", value: o.kind === "CCG" ? "CCG" : "Area team" },
              { label: "Role", value: actor.role.toLowerCase() },
            ],
          },
          ...(channelLine ? [{ type: "context" as const, text: channelLine }] : []),
        ],
        visibility: "private",
      },
    };
  },
});
