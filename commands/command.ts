// What a command is: a name, a one-line summary, usage, examples, zod arguments and a handler
// that returns a neutral reply. Platforms never see anything else of a command.
import type { z } from "zod";
import type { Actor, Core, PlatformUser } from "../src/core";
import type { ActionStep } from "../src/core/actions/rules";
import type { Prisma } from "../src/core/db";
import type { Reply } from "../src/reply/model";

/** Where and by whom a command was typed. */
export interface Invocation {
  user: PlatformUser;
  channel?: {
    id: string;
    name?: string;
    tenantId: string;
    /** Teams: what a later proactive send to this conversation needs */
    conversationRef?: Prisma.InputJsonValue;
  };
  /** the discussion whose thread the command came from, when the platform knows */
  discussionId?: number;
  /**
   * The platform's own record of another user the command names (Slack: users.info), so `member` registers
   * them under their own home workspace or tenant, not the typist's; null when the platform doesn't know them.
   * Absent where a user id already says it all (console).
   */
  lookupUser?: (userId: string) => Promise<{ tenantId: string; displayName?: string } | null>;
  /** files attached to the message the command came in (a planning template for `plan submit`), read on demand */
  files?: InboundFile[];
}

/** A file someone attached; `read` fetches its bytes from the platform, and throws a DomainError it can't. */
export interface InboundFile {
  name: string;
  /** bytes, when the platform says */
  size?: number;
  read(): Promise<Uint8Array>;
}

/** What happened, so platforms can update threads and messages (the reply says it to the user). */
export type DomainEvent =
  | { type: "discussion.opened"; discussionId: number }
  /** a discussion with no thread (its root could not be posted when it opened) wants one where the command was typed */
  | { type: "discussion.threadWanted"; discussionId: number }
  | { type: "discussion.closed"; discussionId: number }
  | { type: "action.changed"; actionId: number; step: ActionStep | "proposed" };

export interface CommandResult {
  reply: Reply;
  events?: DomainEvent[];
}

export interface CommandContext {
  core: Core;
  /** null when the user is not registered with an organisation */
  actor: Actor | null;
  invocation: Invocation;
  now: Date;
  commands: readonly AnyCommand[];
}

export interface Command<A> {
  name: string;
  aliases?: string[];
  summary: string;
  usage: string;
  examples: string[];
  /** false for commands anyone may use (status, help, whoami, deadlines) */
  needsPerson: boolean;
  /** turns the words after the command name into the object `args` validates */
  parse(words: string[]): unknown;
  args: z.ZodType<A>;
  run(ctx: CommandContext & { actor: Actor | null }, args: A): Promise<CommandResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

export function defineCommand<A>(command: Command<A>): Command<A> {
  return command;
}

/** The actor, for commands declared with needsPerson (the dispatcher has checked). */
export function actorOf(ctx: CommandContext): Actor {
  if (!ctx.actor) throw new Error("command needs a person but none was identified");
  return ctx.actor;
}
