// What the bot keeps about a Teams conversation, and what it reads from an incoming activity:
// who is speaking (the Invocation), where (channel, thread), and how to reach that conversation later.
import { z } from "zod";
import type { Invocation } from "../../commands";

/**
 * Everything a later proactive send needs, stored per conversation (ChannelLink.conversationRef).
 * `serviceUrl` is the conversation's own connector endpoint (regional), not the SDK's default.
 */
export const conversationRefSchema = z.object({
  serviceUrl: z.url(),
  /** the conversation without any `;messageid=` thread suffix */
  conversationId: z.string().min(1),
  botId: z.string().min(1),
  tenantId: z.string().min(1),
  conversationType: z.enum(["personal", "channel", "groupChat"]).optional(),
});
export type ConversationRef = z.infer<typeof conversationRefSchema>;

/** The fields of an incoming activity this adapter reads, parsed with zod at the boundary. */
export const inboundActivitySchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  /** only Teams: another Bot Framework channel's client (Direct Line, Web Chat) chooses `from` and the tenant */
  channelId: z.literal("msteams"),
  serviceUrl: z.url(),
  text: z.string().optional(),
  /** what an Action.Submit button of a card sent, when Teams delivers the click as a message (see message-handler) */
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  /** files attached (personal chat: file.download.info with a downloadUrl), cards, the message's HTML */
  attachments: z
    .array(
      z
        .object({
          contentType: z.string().optional(),
          contentUrl: z.string().optional(),
          name: z.string().optional(),
          content: z.unknown().optional(),
        })
        .passthrough(),
    )
    .optional(),
  from: z.object({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() }),
  recipient: z.object({ id: z.string(), name: z.string().optional() }),
  conversation: z.object({
    id: z.string(),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
    name: z.string().optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string() }).optional(),
      channel: z.object({ id: z.string(), name: z.string().optional() }).optional(),
      team: z.object({ id: z.string(), name: z.string().optional() }).optional(),
    })
    .passthrough()
    .optional(),
  entities: z
    .array(
      z
        .object({
          type: z.string(),
          text: z.string().optional(),
          mentioned: z.object({ id: z.string(), name: z.string().optional() }).optional(),
        })
        .passthrough(),
    )
    .optional(),
});
export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** `19:abc@thread.tacv2;messageid=1700000000000` → the channel and the thread's root message. */
export function splitThread(conversationId: string): { base: string; rootId?: string } {
  const m = /^(.*);messageid=([^;]+)$/.exec(conversationId);
  return m ? { base: m[1]!, rootId: m[2]! } : { base: conversationId };
}

export const threadConversationId = (channelConversationId: string, rootId: string) =>
  `${splitThread(channelConversationId).base};messageid=${rootId}`;

/**
 * Why an activity can't be taken as coming from a Teams user in a known tenant, or undefined when it can.
 * Checked on every request before the SDK routes it (`PlanDialogueTeamsApp.process`), after the token is verified:
 * - `channelId` must be `msteams`: the same Azure Bot can have other channels (Direct Line, Web Chat), whose
 *   clients set `from` and `channelData` as they like, and their tokens are signed just like Teams' are.
 * - the tenant Teams names twice, `conversation.tenantId` and `channelData.tenant.id`, must be there and agree,
 *   and so must the token's `tid` claim when it has one (Bot Connector tokens usually don't).
 * - a message or invoke must carry `from.aadObjectId`, the person's Entra object id (`from.id` is per bot).
 */
export function identityProblem(body: unknown, tokenTenantId?: string): string | undefined {
  const a = (body ?? {}) as {
    type?: unknown;
    channelId?: unknown;
    from?: { aadObjectId?: unknown };
    conversation?: { tenantId?: unknown };
    channelData?: { tenant?: { id?: unknown } };
  };
  if (a.channelId !== "msteams") return `channelId is ${JSON.stringify(a.channelId ?? null)}, not "msteams"`;
  const named = [a.conversation?.tenantId, a.channelData?.tenant?.id].filter((t) => t !== undefined && t !== null);
  if (!named.length) return "no tenant";
  if (named.some((t) => typeof t !== "string" || !t || t !== named[0])) {
    return "conversation.tenantId and channelData.tenant.id differ";
  }
  if (tokenTenantId && tokenTenantId !== named[0]) return "the token's tenant (tid) is not the activity's";
  const person = a.type === "message" || a.type === "invoke";
  if (person && (typeof a.from?.aadObjectId !== "string" || !a.from.aadObjectId)) return "no from.aadObjectId";
  return undefined;
}

/** The conversation's tenant (identityProblem has made sure there is one, named the same in both places). */
export function tenantOf(a: InboundActivity): string {
  const tenant = a.conversation.tenantId ?? a.channelData?.tenant?.id;
  if (!tenant) throw new Error("a Teams activity without a tenant got past the identity check");
  return tenant;
}

export function conversationTypeOf(a: InboundActivity): ConversationRef["conversationType"] {
  const t = a.conversation.conversationType;
  return t === "personal" || t === "channel" || t === "groupChat" ? t : undefined;
}

export function conversationRefOf(a: InboundActivity): ConversationRef {
  return {
    serviceUrl: a.serviceUrl.replace(/\/+$/, ""),
    conversationId: splitThread(a.conversation.id).base,
    botId: a.recipient.id,
    tenantId: tenantOf(a),
    ...(conversationTypeOf(a) ? { conversationType: conversationTypeOf(a) } : {}),
  };
}

/** The Invocation the commands see: the Teams user, and the conversation as the "channel". */
export function invocationOf(
  a: InboundActivity,
  user: Invocation["user"],
  discussionId?: number,
  lookupUser?: Invocation["lookupUser"],
): Invocation {
  const ref = conversationRefOf(a);
  const name = a.channelData?.channel?.name ?? a.conversation.name;
  return {
    user,
    channel: {
      id: ref.conversationId,
      ...(name ? { name } : {}),
      tenantId: ref.tenantId,
      conversationRef: ref,
    },
    ...(discussionId ? { discussionId } : {}),
    ...(lookupUser ? { lookupUser } : {}),
  };
}

const decodeEntities = (s: string) =>
  s
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/**
 * The command text of a message: the bot's own @mention removed (channels: "@Plan Dialogue status 02N"),
 * other people's mentions handed to `resolveMention` (the `member` command needs their id), HTML dropped.
 */
export function commandText(
  a: InboundActivity,
  resolveMention: (mentioned: { id: string; name?: string }) => string,
): string {
  let text = a.text ?? "";
  for (const e of a.entities ?? []) {
    if (e.type !== "mention" || !e.mentioned || !e.text) continue;
    text = text.split(e.text).join(e.mentioned.id === a.recipient.id ? " " : ` ${resolveMention(e.mentioned)} `);
  }
  text = text.replace(/<at>[^<]*<\/at>/g, " "); // any mention Teams did not list as an entity
  text = text.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, "");
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, " ")
    .trim();
}
