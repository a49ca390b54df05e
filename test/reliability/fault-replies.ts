// How the database-fault tests read a reply to a command that a fault hit, and check what it claimed: a reply
// either did the work, said it can't tell whether it was saved, said nothing was changed (which must be true), or
// was unhelpful (a failure of the test).
import type { PrismaClient } from "../../src/db/generated/client";

export type FaultOutcome = "done" | "in-doubt" | "nothing-changed" | "unhelpful";

/** The kinds of write the fault tests run, each with its command line. */
export type DrillKind = "topic" | "proposal" | "agreement";

export function outcomeOf(reply: { isError: boolean; text: string }): FaultOutcome {
  if (!reply.isError) return "done";
  if (/can't tell whether this was saved/.test(reply.text)) return "in-doubt";
  if (/nothing was changed/.test(reply.text)) return "nothing-changed";
  return "unhelpful";
}

/**
 * Whether the write of a command told "nothing was changed" is there after all (then the reply lied). Lines are
 * `discuss 02N <topic>`, `action D<n> <text> due 29 Nov` and `agree A<n>`.
 */
export async function savedAfterAll(prisma: PrismaClient, kind: DrillKind, line: string): Promise<boolean> {
  const found =
    kind === "topic"
      ? await prisma.discussion.count({ where: { topic: line.slice("discuss 02N ".length) } })
      : kind === "proposal"
        ? await prisma.action.count({ where: { text: line.replace(/^action D\d+ /, "").replace(/ due 29 Nov$/, "") } })
        : await prisma.action.count({ where: { id: Number(line.slice("agree A".length)), status: "AGREED" } });
  return found > 0;
}
