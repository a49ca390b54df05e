import { z } from "zod";
import { badInput } from "../src/core/errors";
import { actorOf, defineCommand } from "./command";
import { parseUserMention } from "./words";

export const memberCommand = defineCommand({
  name: "member",
  summary: "Record which organisation someone acts for (admins)",
  usage: "member <@person> <organisation> [admin]",
  examples: ["member @Jo 02N", "member @Sam Q51 admin"],
  needsPerson: true,
  parse: (words) => ({
    user: words[0],
    organisation: words
      .slice(1)
      .filter((w) => !/^(admin|operator|member)$/i.test(w))
      .join(" "),
    role: (words.slice(1).find((w) => /^(admin|operator|member)$/i.test(w)) ?? "member").toUpperCase(),
  }),
  args: z.object({
    user: z.string({ error: "Who? Mention them, e.g. `member @Jo 02N`." }),
    organisation: z.string().min(1, "Which organisation do they act for? e.g. `member @Jo 02N`."),
    role: z.enum(["MEMBER", "ADMIN", "OPERATOR"]),
  }),
  async run(ctx, { user, organisation, role }) {
    const inv = ctx.invocation.user;
    // Slack sends <@U123|name>; the console and Teams take a plain user id.
    const mention =
      parseUserMention(user) ?? (/^@?[\w.-]{1,64}$/.test(user) ? { userId: user.replace(/^@/, "") } : null);
    if (!mention) throw badInput(`"${user}" is not a person I can recognise.`, "Mention them with @.");
    // In a shared channel the person named may be of another workspace: the platform says whose (Slack: users.info).
    const found = ctx.invocation.lookupUser ? await ctx.invocation.lookupUser(mention.userId) : undefined;
    if (found === null) {
      throw badInput(
        `I can't find ${user} on ${inv.platform.toLowerCase()}; nothing was changed.`,
        "Mention them with @.",
      );
    }
    const displayName = ("name" in mention ? mention.name : undefined) ?? found?.displayName;
    const person = await ctx.core.people.addMember(
      actorOf(ctx),
      {
        platform: inv.platform,
        tenantId: found?.tenantId ?? inv.tenantId,
        userId: mention.userId,
        ...(displayName ? { displayName } : {}),
      },
      organisation,
      role,
    );
    return {
      reply: {
        summary: `${person.name} acts for ${person.organisation.code}`,
        blocks: [
          {
            type: "paragraph",
            text: `${person.name} now acts for ${person.organisation.code} ${person.organisation.name} as ${role.toLowerCase()}.`,
          },
        ],
        visibility: "private",
      },
    };
  },
});
