// Taking in an activity: read it with zod at the boundary, claim it once (Teams resends a message it thinks
// failed and retries invokes), and keep where it came from for later proactive sends.
import type { IActivityContext } from "@microsoft/teams.apps";
import type { Activity } from "@microsoft/teams.api";
import type { Actor, Core } from "../core";
import type { Logger } from "../logging/logger";
import {
  conversationRefOf,
  inboundActivitySchema,
  splitThread,
  type ConversationRef,
  type InboundActivity,
  userOf,
} from "./conversation";
import type { DiscussionThreads } from "./threads";

/** The SDK's context for an activity, as every handler receives it. */
export type ActivityCtx = IActivityContext<Activity>;

export function parseActivity(ctx: ActivityCtx, logger: Logger): InboundActivity | null {
  const parsed = inboundActivitySchema.safeParse(ctx.activity);
  if (!parsed.success) {
    logger.warn({ issues: parsed.error.issues.slice(0, 3), type: ctx.activity.type }, "Teams activity not understood");
    return null;
  }
  return parsed.data;
}

/** Teams activity ids are per conversation (channel message ids are timestamps), so the key holds both. */
export function claimActivity(core: Core, a: InboundActivity): Promise<boolean> {
  return core.inbound.claim(`teams:${splitThread(a.conversation.id).base}:${a.id}`);
}

/** Keeps the conversation reference of a linked channel fresh, and remembers unlinked channels in-process. */
export async function touchConversation(
  { core, threads }: { core: Core; threads: DiscussionThreads },
  a: InboundActivity,
): Promise<ConversationRef> {
  const ref = conversationRefOf(a);
  threads.remember(ref);
  const name = a.channelData?.channel?.name ?? a.conversation.name;
  await core.links.touchChannel({
    platform: "TEAMS",
    tenantId: ref.tenantId,
    channelId: ref.conversationId,
    ...(name ? { channelName: name } : {}),
    conversationRef: ref,
  });
  return ref;
}

/** The acting person, or null when the sender has no Entra object id or is in no organisation. */
export async function actorOf(core: Core, a: InboundActivity): Promise<Actor | null> {
  const user = userOf(a);
  return user ? core.people.identify(user) : null;
}
