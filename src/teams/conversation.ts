// What the bot keeps about a Teams conversation, and what it reads from an incoming activity:
// who is speaking (the Invocation), where (channel, thread), and how to reach that conversation later.
import { z } from "zod";
import type { Invocation } from "../../commands";
import type { PlatformUser } from "../core";

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
  serviceUrl: z.url(),
  text: z.string().optional(),
  replyToId: z.string().optional(),
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

export function tenantOf(a: InboundActivity): string {
  return a.conversation.tenantId ?? a.channelData?.tenant?.id ?? "unknown-tenant";
}

export function conversationTypeOf(a: InboundActivity): ConversationRef["conversationType"] {
  const t = a.conversation.conversationType;
  return t === "personal" || t === "channel" || t === "groupChat" ? t : undefined;
}

export function userOf(a: InboundActivity): PlatformUser {
  return {
    platform: "TEAMS",
    tenantId: tenantOf(a),
    userId: a.from.aadObjectId ?? a.from.id,
    ...(a.from.name ? { displayName: a.from.name } : {}),
  };
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
export function invocationOf(a: InboundActivity, discussionId?: number): Invocation {
  const ref = conversationRefOf(a);
  const name = a.channelData?.channel?.name ?? a.conversation.name;
  return {
    user: userOf(a),
    channel: {
      id: ref.conversationId,
      ...(name ? { name } : {}),
      tenantId: ref.tenantId,
      conversationRef: ref,
    },
    ...(discussionId ? { discussionId } : {}),
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
