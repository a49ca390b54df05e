// What the person reads when a Teams handler could not do what they asked: a domain error's own sentence,
// or an unexpected failure's id (logged with it) and what may have been saved.
import { randomUUID } from "node:crypto";
import type { DomainError } from "../core/errors";
import type { WriteOutcome } from "../db/write-tracking";
import type { Logger } from "../logging/logger";
import { failureReply } from "../reply/failure";
import { cardText } from "./render/card";

/** A domain error's sentence, then its hint without backticks. */
export const withHint = (e: DomainError) => `${e.userMessage}${e.hint ? ` ${e.hint.replace(/`/g, "")}` : ""}`;

/** Logs an unexpected failure with a short id, and returns the id for the person to quote. */
export function loggedErrorId(logger: Logger, error: unknown, what: string): string {
  const errorId = randomUUID().slice(0, 8);
  logger.error({ err: error, errorId, what }, "Teams handler failed");
  return errorId;
}

/** The failure, logged with an id, told as dispatch tells it: what may have been saved of `writes`. */
export function failureText(
  logger: Logger,
  error: unknown,
  what: string,
  writes: WriteOutcome = { confirmed: 0, inDoubt: 0 },
): string {
  const reply = failureReply(loggedErrorId(logger, error, what), writes);
  const hint = reply.blocks.find((b) => b.type === "context");
  return [reply.summary, hint && "text" in hint ? hint.text : ""].join(" ").replace(/`/g, "").trim();
}

/**
 * A plain-text answer: the message an invoke answers with (under a clicked card) or a dialog closes with. Its text
 * can carry people's words (an action's text, a name), and Teams shows it with the markdown subset of cards, so it
 * is escaped as card text is (`cardText`): no link, emphasis, heading or `<at>` mention forms. Our own `code` spans
 * lose their backticks: there is no bold to spare in one line.
 */
export const messageText = (text: string) => cardText(text.replace(/`([^`\n]*)`/g, "$1"));

/** The message a dialog (task module) closes with; it can quote people's words, so it is escaped for Teams markdown. */
export const dialogMessage = (value: string) => ({ task: { type: "message" as const, value: messageText(value) } });
