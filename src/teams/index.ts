// Microsoft Teams: the bot (Teams SDK), Adaptive Cards, discussion threads and proactive sends.
export {
  createTeamsChannel,
  MESSAGES_PATH,
  UNAUTHENTICATED_WARNING,
  type TeamsChannel,
  type TeamsChannelOptions,
} from "./channel";
export { conversationRefSchema, type ConversationRef } from "./conversation";
export { TeamsSender, TeamsSendError, type RetryPolicy } from "./sender";
export { renderCard, cardMessage, CARD_BUDGET_BYTES } from "./render/card";
export { TeamsSchedulerSender } from "./scheduler-sender";
