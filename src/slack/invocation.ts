// From Slack's request bodies to the platform-neutral Invocation. Who acts comes from identity.ts (home workspace +
// user); the channel belongs to the host workspace; names come from users.info, never from `user_name`.
import type { WebClient } from "@slack/web-api";
import type { Invocation } from "../../commands";
import type { SlackDirectory } from "./directory";
import { hostOfInteraction, personOfInteraction, type Acting, type InteractionShape } from "./identity";

export interface SlackInvocationInput {
  person: Acting;
  /** the host workspace: the installation the request came through, which owns the channel */
  hostTeamId: string;
  channelId?: string;
  channelName?: string;
}

export async function invocationOf(
  slack: { client: WebClient; directory: SlackDirectory },
  input: SlackInvocationInput,
): Promise<Invocation> {
  const { person, hostTeamId } = input;
  const lookupUser = async (userId: string) => {
    const record = await slack.directory.lookup(slack.client, hostTeamId, userId);
    return record
      ? { tenantId: record.teamId, ...(record.displayName ? { displayName: record.displayName } : {}) }
      : null;
  };
  // Unknown home workspace: an identity no one is registered under, so the person acts for no one.
  const record = person.teamId ? await slack.directory.lookup(slack.client, hostTeamId, person.userId) : null;
  return {
    user: {
      platform: "SLACK",
      tenantId: person.teamId ?? "",
      userId: person.userId,
      ...(record?.displayName ? { displayName: record.displayName } : {}),
    },
    ...(input.channelId
      ? {
          channel: {
            id: input.channelId,
            tenantId: hostTeamId,
            ...(input.channelName ? { name: input.channelName } : {}),
          },
        }
      : {}),
    lookupUser,
  };
}

/**
 * The person behind a button click or a modal submission (their home workspace, from identity.ts), in the host
 * workspace's channel when there is one: one step for every interaction listener.
 */
export function invocationOfInteraction(
  slack: { client: WebClient; directory: SlackDirectory },
  body: InteractionShape,
  channel?: { id?: string; name?: string },
): Promise<Invocation> {
  return invocationOf(slack, {
    person: personOfInteraction(body),
    hostTeamId: hostOfInteraction(body),
    channelId: channel?.id,
    channelName: channel?.name,
  });
}
