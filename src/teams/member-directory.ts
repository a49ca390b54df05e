// Who a Teams person is: (their OWN tenant, their Entra object id). The tenant an activity names
// (`conversation.tenantId`, `channelData.tenant`) is the conversation's: in a Teams Connect shared channel it is the
// host's for everyone, people of other tenants too (Microsoft: "to retrieve the host tenant ID for any event or action
// payload received by a bot, use activity.conversation.tenantId"), and a message's `from` carries no tenant of the
// sender's. So where people of several tenants can meet (channels, group chats), the person's tenant is asked of the
// Bot Connector, which knows each member's own (`TeamsChannelAccount.tenantId`, GET …/members/{id}). If it can't say,
// the person acts for no one: never for the host's organisation by default, which would let anyone invited into a
// shared channel speak for the tenant that hosts it. A personal chat is the person's own conversation with the bot,
// in their own tenant, so its tenant is theirs.
import type { PlatformUser } from "../core";
import type { Logger } from "../logging/logger";
import {
  conversationRefOf,
  conversationTypeOf,
  tenantOf,
  type ConversationRef,
  type InboundActivity,
} from "./conversation";
import type { TeamsSender } from "./sender";

/** What the person is told when their own tenant can't be known: they act for no one here. */
export const UNKNOWN_TENANT_TEXT =
  "Teams didn't tell me which Microsoft 365 organisation (tenant) your account belongs to, so in this conversation you act for no one and can't change anything. Try again in a moment; if this keeps happening, tell an admin.";

/** The person behind an activity, and where their tenant came from. */
export interface TeamsPerson {
  /** tenantId is "" when it can't be known: such a user is registered under nothing and acts for no one */
  user: PlatformUser;
  tenantKnown: boolean;
  /** which source gave the tenant, or why there is none: for logs and for reading this code */
  tenantFrom: string;
}

interface MemberRecord {
  aadObjectId?: string;
  tenantId?: string;
}

/** The Bot Connector's member records, looked up once per person every few minutes (bounded, in-process). */
export class TeamsMemberDirectory {
  private readonly cache = new Map<string, { at: number; record: MemberRecord | null }>();

  constructor(
    private readonly sender: Pick<TeamsSender, "member">,
    private readonly logger: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The member as the connector knows them; null when it doesn't (404) or can't be asked now. */
  async lookup(ref: ConversationRef, memberId: string): Promise<MemberRecord | null> {
    const key = `${ref.serviceUrl} ${ref.conversationId} ${memberId}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.record;
    let record: MemberRecord | null;
    try {
      record = await this.sender.member(ref, memberId);
    } catch (err) {
      const status = (err as { status?: number }).status;
      // Not a member: remember that too. Anything else (rate limit, network): don't cache, carry on unknown.
      if (status !== 404) {
        this.logger.warn({ err, memberId }, "Teams member lookup failed; the person acts for no one this time");
        return null;
      }
      record = null;
    }
    this.cache.delete(key);
    this.cache.set(key, { at: this.now(), record });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return record;
  }

  /** The person speaking, under their own tenant; null when the activity has no Entra object id (not a person). */
  async personOf(a: InboundActivity): Promise<TeamsPerson | null> {
    const userId = a.from.aadObjectId;
    if (!userId) return null;
    const named = (tenantId: string, tenantFrom: string): TeamsPerson => ({
      user: { platform: "TEAMS", tenantId, userId, ...(a.from.name ? { displayName: a.from.name } : {}) },
      tenantKnown: !!tenantId,
      tenantFrom,
    });
    if (conversationTypeOf(a) === "personal") return named(tenantOf(a), "conversation.tenantId (personal chat)");
    const record = await this.lookup(conversationRefOf(a), a.from.id);
    if (!record) return named("", "the Bot Connector has no member record for from.id");
    if (record.aadObjectId && record.aadObjectId !== userId) {
      this.logger.warn({ fromId: a.from.id }, "Teams member record names another object id than the activity");
      return named("", "the member record's object id is not the activity's");
    }
    if (!record.tenantId) return named("", "the member record has no tenantId");
    return named(record.tenantId, "the Bot Connector's member record (tenantId)");
  }
}
