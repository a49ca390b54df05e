// Slack's own record of a user (users.info): their display name and home workspace. The deprecated `user_name` of a
// payload is a login handle ("jo"), so names come from here; a short, bounded in-process cache keeps this to one
// call per person every few minutes.
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logging/logger";

export interface SlackUserRecord {
  /** the user's home workspace (users.info `user.team_id`) */
  teamId: string;
  displayName?: string;
}

interface UsersInfoUser {
  team_id?: string;
  name?: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

export class SlackDirectory {
  private readonly cache = new Map<string, { at: number; record: SlackUserRecord | null }>();

  constructor(
    private readonly logger: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user as Slack knows them, seen through the host's installation; null when Slack doesn't know them. */
  async lookup(client: WebClient, hostTeamId: string, userId: string): Promise<SlackUserRecord | null> {
    if (!userId) return null;
    const key = `${hostTeamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.record;
    let record: SlackUserRecord | null;
    try {
      const answer = await client.users.info({ user: userId });
      record = recordOf(answer.user as UsersInfoUser | undefined);
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      // Not known to Slack: remember that too. Anything else (rate limit, network): don't cache, carry on nameless.
      if (code !== "user_not_found") {
        this.logger.warn({ err, userId }, "users.info failed; carrying on without the user's name");
        return null;
      }
      record = null;
    }
    this.cache.delete(key);
    this.cache.set(key, { at: this.now(), record });
    // Map keeps insertion order: the oldest entries go first.
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return record;
  }
}

function recordOf(user: UsersInfoUser | undefined): SlackUserRecord | null {
  if (!user?.team_id) return null;
  const displayName = user.profile?.display_name || user.real_name || user.profile?.real_name || undefined;
  return { teamId: user.team_id, ...(displayName ? { displayName } : {}) };
}
