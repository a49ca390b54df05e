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
} from "./conversation";
import { UNKNOWN_TENANT_TEXT, type TeamsMemberDirectory } from "./member-directory";
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

/**
 * The acting person, or null with what to tell them: when the sender has no Entra object id, their own tenant can't
 * be known (member-directory.ts), or they are in no organisation.
 */
export async function actorOf(
  { core, members }: { core: Core; members: TeamsMemberDirectory },
  a: InboundActivity,
): Promise<{ actor: Actor; refusal?: undefined } | { actor: null; refusal: string }> {
  const person = await members.personOf(a);
  if (person && !person.tenantKnown) return { actor: null, refusal: UNKNOWN_TENANT_TEXT };
  const actor = person ? await core.people.identify(person.user) : null;
  return actor
    ? { actor }
    : {
        actor: null,
        refusal: "I don't know which organisation you act for yet, so I can't do that. `whoami` shows what I know.",
      };
}
