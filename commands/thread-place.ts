// Where a discussion's thread may be posted: not in a channel linked only to organisations outside the discussion.
// Another CCG's channel would show its people a conversation between a CCG and its area team.
import { errorReply, type Reply } from "../src/reply/model";
import type { CommandContext } from "./command";

/** The refusal when the channel the command came from belongs to others; null where the thread may go. */
export async function outsidersChannel(
  ctx: CommandContext,
  parties: { ccgCode: string; areaTeamCode: string | null },
  what: string,
): Promise<Reply | null> {
  const { user, channel } = ctx.invocation;
  if (!channel || user.platform === "CONSOLE") return null;
  const linked = await ctx.core.links.organisationsOfChannel(user.platform, channel.id);
  const own = [parties.ccgCode, parties.areaTeamCode].filter((c): c is string => !!c);
  if (!linked.length || linked.some((code) => own.includes(code))) return null;
  return errorReply(
    `This channel is linked to ${linked.join(" and ")}, not to ${own.join(" or ")}: ${what} here would show their discussion to people outside it.`,
    `Run it in a channel of ${own.join(" or ")}, or in a direct message with me.`,
  );
}
