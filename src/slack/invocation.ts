// From Slack's request bodies to the platform-neutral Invocation.
import type { Invocation } from "../../commands";

export function invocationOf(input: {
  teamId: string;
  userId: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
}): Invocation {
  return {
    user: {
      platform: "SLACK",
      tenantId: input.teamId,
      userId: input.userId,
      ...(input.userName ? { displayName: input.userName } : {}),
    },
    ...(input.channelId
      ? {
          channel: {
            id: input.channelId,
            tenantId: input.teamId,
            ...(input.channelName ? { name: input.channelName } : {}),
          },
        }
      : {}),
  };
}
