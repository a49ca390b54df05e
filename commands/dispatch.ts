// Runs one line of user text as a command, on any platform: finds the command, identifies the person,
// validates the arguments with zod, and turns every failure into a reply the user can act on.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Core } from "../src/core";
import { DomainError } from "../src/core/errors";
import { trackWrites, type WriteOutcome } from "../src/db/write-tracking";
import { logger } from "../src/logging/logger";
import { recordCommand } from "../src/observability/metrics";
import { failureReply } from "../src/reply/failure";
import { errorReply } from "../src/reply/model";
import type { AnyCommand, CommandResult, Invocation } from "./command";
import { splitWords } from "./words";

/** Longer input is refused before anything else is read. */
export const MAX_INPUT = 2000;

export function findCommand(commands: readonly AnyCommand[], name: string): AnyCommand | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}

export const usageHint = (c: AnyCommand) =>
  `Usage: \`${c.usage}\`${c.examples.length ? ` — for example \`${c.examples[0]}\`` : ""}`;

function describeZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "Those arguments don't fit this command.";
  // zod's own wording ("Invalid input: expected string, received undefined") means a schema lacks a message of
  // ours for a missing word: say what is missing rather than show the user zod's words.
  if (first.code === "invalid_type" && first.message.startsWith("Invalid input")) {
    const what = first.path.map(String).join(" ");
    return what ? `Something is missing or not understood: the ${what}.` : "Those arguments don't fit this command.";
  }
  return first.message;
}

export async function dispatch(
  core: Core,
  commands: readonly AnyCommand[],
  text: string,
  invocation: Invocation,
): Promise<CommandResult> {
  // Metrics: the command name only once it is known (a bounded label), "unknown" otherwise.
  const started = performance.now();
  const seen: Seen = { command: "unknown", failed: false };
  const result = await run(core, commands, text, invocation, seen);
  const outcome = seen.failed ? "failed" : result.reply.isError ? "rejected" : "ok";
  recordCommand(invocation.user.platform, seen.command, outcome, (performance.now() - started) / 1000);
  return result;
}

interface Seen {
  command: string;
  failed: boolean;
}

async function run(
  core: Core,
  commands: readonly AnyCommand[],
  text: string,
  invocation: Invocation,
  seen: Seen,
): Promise<CommandResult> {
  const trimmed = text.trim();
  if (trimmed.length > MAX_INPUT) {
    return {
      reply: errorReply(
        `That is ${trimmed.length} characters; commands can be at most ${MAX_INPUT}.`,
        "Shorten it, or put the detail in the discussion thread.",
      ),
    };
  }
  const [name, ...words] = splitWords(trimmed);
  if (!name) return run(core, commands, "help", invocation, seen);
  const command = findCommand(commands, name);
  if (!command) {
    return {
      reply: errorReply(
        `I don't know the command "${name.slice(0, 40)}".`,
        `Commands: ${commands.map((c) => c.name).join(", ")}. Try \`help\`.`,
      ),
    };
  }
  seen.command = command.name;
  const now = core.clock.now();
  const writes: WriteOutcome = { confirmed: 0, inDoubt: 0 };
  try {
    // Not tracked: recording who someone is (first contact, a new display name) is not what they asked for.
    const actor = await core.people.identify(invocation.user);
    if (command.needsPerson && !actor) {
      return {
        reply: errorReply(
          "I don't know which organisation you act for yet, so I can't do that.",
          "Ask an admin of your CCG or area team to add you (`member`), or your operator to map your workspace. `whoami` shows what I know.",
        ),
      };
    }
    const parsed = command.args.safeParse(command.parse(words));
    if (!parsed.success) {
      return { reply: errorReply(describeZodError(parsed.error), usageHint(command)) };
    }
    return await trackWrites(writes, () => command.run({ core, actor, invocation, now, commands }, parsed.data));
  } catch (error) {
    if (error instanceof DomainError) return { reply: errorReply(error.userMessage, error.hint) };
    const errorId = randomUUID().slice(0, 8);
    seen.failed = true;
    logger.error({ err: error, errorId, command: command.name }, "command failed");
    return { reply: failureReply(errorId, writes) };
  }
}
