// `escalation`: the escalation rules in force (a versioned file), and the review items they raise for a CCG and its
// area team, resolved in the dialogue: a discussion, an agreed action, or both parties noting it.
import { z } from "zod";
import { DEFAULT_RULES_FILE } from "../src/core/escalation/rules-file";
import { parseReviewItemId, reviewItemRef } from "../src/core/escalation/review-items";
import { parseActionId } from "../src/core/actions/actions";
import { discussionRef } from "../src/core/discussions/discussions";
import { badInput, forbidden } from "../src/core/errors";
import { partyLabel } from "../src/core/people/actor";
import { discussionBlocks } from "../src/reply/views/dialogue";
import { reviewItemListReply, reviewItemReply, rulesReply } from "../src/reply/views/escalation";
import { actorOf, defineCommand } from "./command";
import { outsidersChannel } from "./thread-place";
import path from "node:path";

const hint = "e.g. `escalation rules`, `escalation items 02N`, `escalation R3`, `escalation R3 noted`.";

export const escalationCommand = defineCommand({
  name: "escalation",
  summary: "Escalation rules in force, and the review items they raise (resolved in the dialogue, never by one side)",
  usage:
    "escalation rules | escalation items [<ccg>] [all] | escalation R<n> | escalation R<n> discuss | escalation R<n> action A<n> | escalation R<n> noted | escalation run",
  examples: [
    "escalation rules",
    "escalation items 02N",
    "escalation R3",
    "escalation R3 discuss",
    "escalation R3 action A12",
    "escalation R3 noted",
  ],
  needsPerson: true,
  parse: (words) => ({ first: words[0]?.toLowerCase() ?? "", rest: words.slice(1) }),
  args: z.object({
    first: z.string().min(1, `Say what to show: ${hint}`).max(40),
    rest: z.array(z.string().max(200)).max(10),
  }),
  async run(ctx, { first, rest }) {
    const actor = actorOf(ctx);
    const { core, now } = ctx;
    if (first === "rules") {
      if (actor.role === "MEMBER")
        throw forbidden(
          "The escalation rules are for admins of an area team or a CCG, and operators.",
          "Ask one of your organisation's admins.",
        );
      return { reply: rulesReply(core.escalation.loaded(), path.relative(process.cwd(), DEFAULT_RULES_FILE)) };
    }
    if (first === "run") {
      if (actor.role !== "OPERATOR")
        throw forbidden("Only an operator can run the escalation rules by hand; they run every morning.");
      const { firings, raised, deliveries } = await core.escalation.evaluate(now);
      const text = `The escalation rules found ${firings} occurrence${firings === 1 ? "" : "s"}; ${raised.length} new review item${raised.length === 1 ? "" : "s"} (${raised.map((r) => reviewItemRef(r.id)).join(", ") || "none"}), ${deliveries} post${deliveries === 1 ? "" : "s"} to linked channels queued.`;
      return { reply: { summary: text, blocks: [{ type: "paragraph", text }], visibility: "private" } };
    }
    if (first === "items") {
      const all = rest.at(-1)?.toLowerCase() === "all";
      const ccg = (all ? rest.slice(0, -1) : rest).join(" ") || undefined;
      const items = await core.reviewItems.list(actor, ccg, all, now);
      const whose = ccg ? ccg.toUpperCase() : actor.organisation.code;
      return {
        reply: reviewItemListReply(
          `${all ? "Review items" : "Open review items"} of ${whose}`,
          items,
          `No ${all ? "" : "open "}review items for ${whose}.`,
        ),
      };
    }
    const id = parseReviewItemId(first);
    if (!id) throw badInput(`I don't know "${first.slice(0, 40)}" here.`, hint);
    const verb = rest[0]?.toLowerCase();
    if (!verb) {
      const { item, events } = await core.reviewItems.history(actor, id, now);
      return { reply: { ...reviewItemReply(item, false, events), visibility: "private" } };
    }
    if (verb === "discuss") {
      const item = await core.reviewItems.get(actor, id, now);
      const elsewhere = await outsidersChannel(ctx, item, `opening a discussion with ${item.ccgCode}`);
      if (elsewhere) return { reply: elsewhere };
      const { discussion } = await core.reviewItems.discuss(actor, id, now);
      return {
        reply: {
          summary: `${actor.name} opened ${discussionRef(discussion.id)} on ${reviewItemRef(id)}: ${discussion.topic}`,
          blocks: discussionBlocks(discussion, { agreed: 0, open: 0, done: 0 }),
          visibility: "channel",
        },
        events: [{ type: "discussion.opened", discussionId: discussion.id }],
      };
    }
    if (verb === "action") {
      const actionId = parseActionId(rest[1] ?? "");
      if (!actionId) throw badInput("Which action? e.g. `escalation R3 action A12`.");
      const item = await core.reviewItems.resolveByAction(actor, id, actionId, now);
      const text = `${reviewItemRef(id)} is resolved by the agreed action A${actionId}.`;
      return {
        reply: { ...reviewItemReply(item), blocks: [{ type: "paragraph", text }, ...reviewItemReply(item).blocks] },
      };
    }
    if (verb === "noted") {
      const { item, both, party } = await core.reviewItems.note(actor, id, now);
      const text = both
        ? `${reviewItemRef(id)} is resolved: both ${item.ccgCode} and ${item.areaTeamCode} have noted it.`
        : `${actor.name} noted ${reviewItemRef(id)} for ${partyLabel(party)}. It is resolved when ${party === "CCG" ? item.areaTeamCode : item.ccgCode} notes it too.`;
      return {
        reply: {
          ...reviewItemReply(item),
          summary: text,
          blocks: [{ type: "paragraph", text }, ...reviewItemReply(item).blocks],
        },
      };
    }
    throw badInput(`I don't know "${verb.slice(0, 40)}" for a review item.`, hint);
  },
});
