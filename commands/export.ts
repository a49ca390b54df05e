// `export 02N actions` (CSV) and `export D12` (an HTML page of a discussion with its actions and their history),
// for a board paper. In the console the file's text is the answer; in Slack and Teams a signed link to it on this
// server (src/exports/route.ts), when the bot has a public URL.
import { z } from "zod";
import type { Core } from "../src/core";
import type { Actor } from "../src/core/people/actor";
import { actionsCsv, discussionHtml, type ExportTarget } from "../src/core/actions/export";
import { discussionRef, parseDiscussionId } from "../src/core/discussions/discussions";
import { badInput } from "../src/core/errors";
import { discussionStatusText, eventChanges } from "../src/reply/views/dialogue";
import { textReply, type Reply } from "../src/reply/model";
import { actorOf, defineCommand } from "./command";

/** The file an export makes, for the person asking (the core checks they are a party). */
export async function buildExport(
  core: Core,
  actor: Actor,
  target: ExportTarget,
  now: Date,
): Promise<{ name: string; type: string; body: string }> {
  if (target.kind === "actions") {
    const actions = await core.actions.list(
      actor,
      { ccgText: target.ccg, statuses: ["PROPOSED", "AGREED", "DONE", "DROPPED"] },
      now,
    );
    const code = actions[0]?.discussion.ccgCode ?? (await core.organisations.resolve(target.ccg, "CCG")).code;
    return { name: `${code}-actions.csv`, type: "text/csv; charset=utf-8", body: actionsCsv(actions) };
  }
  const d = await core.discussions.get(actor, target.discussionId);
  const actions = await core.actions.inDiscussion(d.id);
  const history = new Map(
    await Promise.all(actions.map(async (a) => [a.id, await core.actions.history(actor, a.id)] as const)),
  );
  return {
    name: `${discussionRef(d.id)}.html`,
    type: "text/html; charset=utf-8",
    body: discussionHtml(d, actions, history, eventChanges, discussionStatusText(d)),
  };
}

export const exportCommand = defineCommand({
  name: "export",
  summary: "A CCG's actions as CSV, or a discussion with its actions and history as an HTML page, for a board paper",
  usage: "export <ccg> actions | export <D12>",
  examples: ["export 02N actions", "export D12"],
  needsPerson: true,
  parse(words) {
    const id = words.length === 1 && words[0] ? parseDiscussionId(words[0]) : null;
    if (id) return { target: { kind: "discussion", discussionId: id } };
    if (words.length >= 2 && words.at(-1)!.toLowerCase() === "actions")
      return { target: { kind: "actions", ccg: words.slice(0, -1).join(" ") } };
    return { target: undefined };
  },
  args: z.object({
    target: z.discriminatedUnion(
      "kind",
      [
        z.object({ kind: z.literal("actions"), ccg: z.string().min(1).max(120) }),
        z.object({ kind: z.literal("discussion"), discussionId: z.number().int().positive() }),
      ],
      { error: "Export what? `export 02N actions` for a CCG's actions (CSV), `export D12` for a discussion (HTML)." },
    ),
  }),
  async run(ctx, { target }) {
    const actor = actorOf(ctx);
    const file = await buildExport(ctx.core, actor, target, ctx.now);
    if (ctx.invocation.user.platform === "CONSOLE") {
      const reply: Reply = {
        summary: file.name,
        blocks: [{ type: "paragraph", text: file.body }],
        visibility: "private",
      };
      return { reply };
    }
    const url = ctx.core.exports?.url(actor.personId, target);
    if (!url)
      throw badInput(
        "I can't give a download link: this bot has no public URL (PUBLIC_URL).",
        "In the console, `export` prints the file instead.",
      );
    return { reply: textReply(`${file.name} is ready: ${url} (the link works for 1 day).`) };
  },
});
