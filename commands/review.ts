// `review`: a CCG's performance review with its area team. Either side schedules it and adds to the agenda, which
// builds itself from the dialogue; after the meeting each item's outcome (and any action proposed from it) is
// recorded, and the minutes are agreed by both parties like an action.
import { z } from "zod";
import { badInput } from "../src/core/errors";
import { atLondonTime, formatLondonDateTime, parseUserDate } from "../src/core/time";
import { reviewReply } from "../src/reply/views/review";
import { actorOf, defineCommand, type DomainEvent } from "./command";
import { takeKeywords } from "./words";

const VERBS = ["show", "on", "add", "outcome", "minutes", "agree"] as const;
const which = "Which CCG? e.g. `review 02N`.";

export const reviewCommand = defineCommand({
  name: "review",
  summary: "A CCG's performance review: its automatic agenda, outcomes, and minutes agreed by both parties",
  usage:
    "review <ccg> | review <ccg> on <date> [at HH:MM] | review <ccg> add <item> | review <ccg> outcome <n> <text> [action <what> owner <who> due <date>] | review <ccg> minutes <text> | review <ccg> agree",
  examples: [
    "review 02N",
    "review 02N on 15 Jan at 10:00",
    "review 02N add Winter resilience funding",
    "review 02N outcome 2 Recovery plan accepted action Publish the revised trajectory owner me due 31 Jan",
    'review 02N minutes "Both parties reviewed A&E and the checkpoint; actions A4 and A5 agreed"',
    "review 02N agree",
  ],
  needsPerson: true,
  parse: (words) => ({ ccg: words[0], verb: words[1]?.toLowerCase() ?? "show", rest: words.slice(2) }),
  args: z.object({
    ccg: z.string({ error: which }).min(1, which).max(120),
    verb: z.enum(VERBS, { error: "Say what to do: on <date>, add, outcome, minutes or agree (or nothing to see it)." }),
    rest: z.array(z.string().max(3000)).max(300),
  }),
  async run(ctx, { ccg, verb, rest }) {
    const actor = actorOf(ctx);
    const { core, now } = ctx;
    const text = rest.join(" ");
    if (verb === "show") return { reply: reviewReply(await core.reviews.show(actor, ccg, now)) };
    if (verb === "on") {
      const { rest: dateWords, found } = takeKeywords(rest, ["at"] as const);
      const parsed = parseUserDate(dateWords.join(" "), now);
      if (!parsed.ok) throw badInput(parsed.reason);
      const time = /^(\d{1,2})[:.](\d{2})$/.exec(found.at?.trim() ?? "10:00");
      if (!time || Number(time[1]) > 23 || Number(time[2]) > 59)
        throw badInput(`"${found.at}" is not a time: say it as 10:00.`);
      const { review, moved } = await core.reviews.schedule(
        actor,
        ccg,
        atLondonTime(parsed.date, Number(time[1]), Number(time[2])),
        now,
      );
      const headline = moved
        ? `${actor.name} moved ${review.ccgCode}'s performance review from ${formatLondonDateTime(moved)} to ${formatLondonDateTime(review.meetingAt)}.`
        : `${actor.name} scheduled ${review.ccgCode}'s performance review with ${review.areaTeamCode} for ${formatLondonDateTime(review.meetingAt)}.`;
      return { reply: { ...reviewReply(await core.reviews.show(actor, ccg, now), headline), visibility: "channel" } };
    }
    if (verb === "add") {
      const entry = await core.reviews.addItem(actor, ccg, text, now);
      return {
        reply: {
          ...reviewReply(await core.reviews.show(actor, ccg, now), `${actor.name} added to the agenda: ${entry.text}`),
          visibility: "channel",
        },
      };
    }
    if (verb === "outcome") {
      const number = Number(rest[0]);
      if (!Number.isInteger(number) || number < 1)
        throw badInput("Which agenda item? Give its number, e.g. `review 02N outcome 2 …`.");
      const { rest: outcomeWords, found } = takeKeywords(rest.slice(1), ["action"] as const);
      let action: { text: string; owner?: string; dueDate?: string } | null = null;
      if (found.action !== undefined) {
        const parts = takeKeywords(found.action.split(/\s+/), ["owner", "due"] as const);
        let dueDate: string | undefined;
        if (parts.found.due) {
          const d = parseUserDate(parts.found.due, now);
          if (!d.ok) throw badInput(d.reason);
          dueDate = d.date;
        }
        action = {
          text: parts.rest.join(" "),
          ...(parts.found.owner ? { owner: parts.found.owner } : {}),
          ...(dueDate ? { dueDate } : {}),
        };
      }
      const result = await core.reviews.recordOutcome(actor, ccg, number, outcomeWords.join(" "), action, now);
      const events: DomainEvent[] = [];
      if (result.openedDiscussion) events.push({ type: "discussion.opened", discussionId: result.openedDiscussion.id });
      if (result.action) events.push({ type: "action.changed", actionId: result.action.id, step: "proposed" });
      const headline = `Outcome of item ${number} (${result.item.title}): ${result.item.outcome!.text}${result.action ? `. Proposed A${result.action.id} ${result.action.text}; it is agreed when the other side agrees.` : ""}`;
      return {
        reply: { ...reviewReply(await core.reviews.show(actor, ccg, now), headline), visibility: "channel" },
        events,
      };
    }
    if (verb === "minutes") {
      const review = await core.reviews.writeMinutes(actor, ccg, text, now);
      const other = actor.organisation.code === review.ccgCode ? review.areaTeamCode : review.ccgCode;
      return {
        reply: {
          ...reviewReply(
            await core.reviews.show(actor, ccg, now),
            `${actor.name} wrote the minutes; they are agreed when ${other} agrees them.`,
          ),
          visibility: "channel",
        },
      };
    }
    // agree
    const { review, both } = await core.reviews.agreeMinutes(actor, ccg, now);
    const headline = both
      ? `The minutes of ${review.ccgCode}'s review of ${formatLondonDateTime(review.meetingAt)} are agreed by both ${review.ccgCode} and ${review.areaTeamCode}. The next review can be scheduled.`
      : `${actor.name} agreed the minutes for their side.`;
    return { reply: { summary: headline, blocks: [{ type: "paragraph", text: headline }], visibility: "channel" } };
  },
});
