// `assurance`: a CCG's quarterly assurance checkpoints. The CCG records its self-assessment of each domain of
// authorisation, the area team its view; both are shown side by side, a difference opens a discussion, and the
// checkpoint is complete when both sides say it was discussed. Nothing here passes or fails a checkpoint.
import { z } from "zod";
import { DOMAIN_LIST, parseQuarter, parseRating, quarterOf, type Quarter } from "../src/core/assurance/domains";
import { checkpointHtml } from "../src/core/assurance/export-html";
import { discussionRef } from "../src/core/discussions/discussions";
import { badInput, forbidden } from "../src/core/errors";
import { atLondonTime, formatLondonDateTime, parseUserDate } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { checkpointReply } from "../src/reply/views/assurance";
import { discussionBlocks } from "../src/reply/views/dialogue";
import { defineCommand, type CommandContext } from "./command";
import { outsidersChannel } from "./thread-place";

const VERBS = ["show", "history", "self", "view", "discuss", "discussed", "export", "due"] as const;
const which = "Which CCG? e.g. `assurance 02N` or `assurance 02N Q2 2013/14`.";

const args = z.object({
  org: z.string({ error: which }).min(1, which).max(120),
  quarter: z.string().max(40).optional(),
  verb: z.enum(VERBS, {
    error: `Say what to do with the checkpoint: self, view, discuss, discussed, export or due.`,
  }),
  rest: z.array(z.string().max(1000)).max(200),
});

/** Slack writes a link as <https://…> or <https://…|text>. */
const linkOf = (w: string) =>
  /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/i.exec(w)?.[1] ?? (/^https?:\/\//i.test(w) ? w : null);

const RATING_WORDS = new Set(["red", "amber", "green"]);

/** `assurance-02N-Q2-2013-14.html` */
export const assuranceFileName = (ccg: string, q: Quarter) => `assurance-${ccg}-${q.label.replace(/[ /]/g, "-")}.html`;

/**
 * A file key the download route rebuilds: `assurance/02N/2013-Q2/<person>.html`. The document is rebuilt as the
 * person the link was made for, so they must still be of the CCG or its area team when it is fetched.
 */
export const assuranceKey = (ccg: string, q: Quarter, personId: string) =>
  `assurance/${ccg}/${q.year}-Q${q.quarter}/${personId}.html`;
export const assuranceKeyPattern = /^assurance\/([A-Z0-9]{3})\/(\d{4})-Q([1-4])\/([A-Za-z0-9_-]{1,64})\.html$/;

/** The checkpoint document of a key, for a download link; null when the key is not one. Throws when not allowed. */
export async function assuranceFileOf(core: CommandContext["core"], key: string, now: Date) {
  const m = assuranceKeyPattern.exec(key);
  if (!m) return null;
  const quarter = quarterOf(Number(m[2]), Number(m[3]));
  const view = await core.assurance.view(await core.people.actorById(m[4]!), m[1]!, quarter, now);
  return assuranceFile(view, quarter, checkpointHtml(view, now));
}

/** The checkpoint document as a file: the reply's block and the download route make the same one. */
function assuranceFile(view: { ccg: { code: string } }, quarter: Quarter, html: string) {
  return {
    fileName: assuranceFileName(view.ccg.code, quarter),
    mediaType: "text/html",
    content: new TextEncoder().encode(html),
  };
}

export const assuranceCommand = defineCommand({
  name: "assurance",
  summary: "Quarterly assurance checkpoints: the CCG's self-assessment and the area team's view side by side",
  usage:
    "assurance <ccg> [<quarter>] | assurance <ccg> <quarter> self|view <domain> <red|amber|green> <narrative> [links] | … discuss <domain> | … discussed | … export | assurance <area team> <quarter> due <date>",
  examples: [
    "assurance 02N Q2 2013/14",
    'assurance 02N Q2 2013/14 self clear-plans green "Plans agreed with our providers" https://example.org/plan.pdf',
    'assurance 02N Q2 2013/14 view clear-plans red "The A&E trajectory does not reach the standard"',
    "assurance 02N Q2 2013/14 discuss clear-plans",
    "assurance 02N Q2 2013/14 discussed",
    "assurance 02N",
    "assurance Q52 Q2 2013/14 due 15 Oct 2013",
  ],
  needsPerson: false,
  parse(words) {
    const [org, ...more] = words;
    let quarter: string | undefined;
    if (more[0] && /^q[1-4]$/i.test(more[0]) && more[1]) quarter = `${more.shift()} ${more.shift()}`;
    else if (more[0] && /^q[1-4][-\s]/i.test(more[0])) quarter = more.shift();
    const verb = more.shift()?.toLowerCase() ?? (quarter ? "show" : "history");
    return { org, quarter, verb, rest: more };
  },
  args,
  async run(ctx, a) {
    const { core, now, actor } = ctx;
    if (a.verb === "history") {
      if (a.quarter) throw badInput("Give a verb after the quarter, or leave the quarter out for the history.");
      const { ccg, checkpoints } = await core.assurance.history(actor, a.org, now);
      const blocks: Reply["blocks"] = [{ type: "heading", text: `${ccg.code} ${ccg.name}: assurance checkpoints` }];
      if (!checkpoints.length)
        blocks.push({
          type: "paragraph",
          text: `No checkpoint has a view yet. The CCG starts one with \`assurance ${ccg.code} Q2 2013/14 self <domain> <red|amber|green> <narrative>\`.`,
        });
      else
        blocks.push({
          type: "items",
          items: checkpoints.map((c) => ({
            title: `${c.quarter.label}: ${c.complete ? "complete" : "open"} · ${c.differences} difference${c.differences === 1 ? "" : "s"}`,
            detail: `${ccg.code} recorded ${c.recorded.CCG} of 6, ${ccg.areaTeamCode} ${c.recorded.AREA_TEAM} of 6; discussed: ${ccg.code} ${c.discussed.CCG ? "yes" : "no"}, ${ccg.areaTeamCode} ${c.discussed.AREA_TEAM ? "yes" : "no"}`,
          })),
        });
      blocks.push({
        type: "context",
        text: `\`assurance ${ccg.code} <quarter>\` shows one checkpoint, e.g. Q2 2013/14.`,
      });
      return {
        reply: { summary: `${ccg.code}: ${checkpoints.length} assurance checkpoints`, blocks, visibility: "private" },
      };
    }
    if (!a.quarter) throw badInput("Which quarter? e.g. `assurance 02N Q2 2013/14 …`.", `Domains: ${DOMAIN_LIST}.`);
    const quarter = parseQuarter(a.quarter);

    if (a.verb === "due") {
      if (!actor) throw forbidden("Only an admin of the area team can set a checkpoint date.");
      const parsed = parseUserDate(a.rest.join(" "), now);
      if (!parsed.ok) throw badInput(parsed.reason);
      const deadline = await core.assurance.setDate(actor, a.org, quarter, atLondonTime(parsed.date, 17), now);
      const text = `The ${quarter.label} assurance checkpoint of ${deadline.organisation?.code} and its CCGs is due ${formatLondonDateTime(deadline.dueAt)}: reminders go to the area team's channels and to each CCG's before it.`;
      return { reply: { summary: text, blocks: [{ type: "paragraph", text }], visibility: "channel" } };
    }
    if (a.verb === "show") {
      if (a.rest.length)
        throw badInput(`I don't know "${a.rest[0]}" here.`, `Try \`assurance ${a.org} ${quarter.label}\`.`);
      return { reply: checkpointReply(await core.assurance.view(actor, a.org, quarter, now)) };
    }
    if (a.verb === "export") {
      const view = await core.assurance.view(actor, a.org, quarter, now);
      const html = checkpointHtml(view, now);
      if (ctx.invocation.user.platform === "CONSOLE")
        return {
          reply: {
            summary: `${view.ccg.code} checkpoint ${quarter.label} as HTML`,
            blocks: [{ type: "paragraph", text: html }],
            visibility: "private",
          },
        };
      const url = actor ? ctx.core.fileLinks?.url(assuranceKey(view.ccg.code, quarter, actor.personId)) : undefined;
      const text = `The printable document of ${view.ccg.code}'s ${quarter.label} assurance checkpoint, both views side by side, for board papers (it prints on A4).`;
      return {
        reply: {
          summary: `${view.ccg.code} checkpoint ${quarter.label} as HTML`,
          blocks: [
            { type: "paragraph", text },
            {
              type: "file",
              title: `assurance checkpoint ${quarter.label}`,
              ...assuranceFile(view, quarter, html),
              ...(url ? { url } : {}),
            },
          ],
          visibility: "private",
        },
      };
    }
    if (!actor)
      throw forbidden(
        "I don't know which organisation you act for yet, so I can't do that.",
        "Ask an admin of your CCG or area team to add you (`member`). `whoami` shows what I know.",
      );
    if (a.verb === "self" || a.verb === "view") {
      const at = a.rest.findIndex((w) => RATING_WORDS.has(w.toLowerCase()));
      if (at < 1)
        throw badInput(
          "Say the domain, then red, amber or green, then a short narrative.",
          `For example: \`assurance ${a.org} ${quarter.label} ${a.verb} clear-plans green "Plans agreed with providers"\`. Domains: ${DOMAIN_LIST}.`,
        );
      const after = a.rest.slice(at + 1);
      const links = after.map(linkOf).filter((l): l is string => l !== null);
      const narrative = after.filter((w) => linkOf(w) === null).join(" ");
      const { view, cleared, domain } = await core.assurance.record(
        actor,
        a.org,
        quarter,
        { side: a.verb, domain: a.rest.slice(0, at).join(" "), rating: parseRating(a.rest[at]), narrative, links },
        now,
      );
      const headline =
        `${actor.name} recorded ${a.verb === "self" ? `${view.ccg.code}'s self-assessment` : `${view.ccg.areaTeamCode}'s view`} of ${domain.name.toLowerCase()}: ${a.rest[at]!.toLowerCase()}.` +
        (cleared
          ? " The checkpoint had been marked discussed; a changed view needs discussing again, so both marks are cleared."
          : "");
      return { reply: { ...checkpointReply(view, headline), visibility: "channel" } };
    }
    if (a.verb === "discuss") {
      const org = await core.organisations.resolve(a.org, "CCG");
      const parties = { ccgCode: org.code, areaTeamCode: org.areaTeamCode ?? "" };
      const elsewhere = await outsidersChannel(ctx, parties, `opening a discussion with ${org.code}`);
      if (elsewhere) return { reply: elsewhere };
      const { discussion, existing } = await core.assurance.openDiscussion(
        actor,
        a.org,
        quarter,
        a.rest.join(" "),
        now,
      );
      if (existing) {
        const text = `${discussionRef(discussion.id)} is already open on this difference: ${discussion.topic}.`;
        return { reply: { summary: text, blocks: [{ type: "paragraph", text }], visibility: "private" } };
      }
      return {
        reply: {
          summary: `${actor.name} opened ${discussionRef(discussion.id)} with ${discussion.ccgCode}: ${discussion.topic}`,
          blocks: discussionBlocks(discussion, { agreed: 0, open: 0, done: 0 }),
          visibility: "channel",
        },
        events: [{ type: "discussion.opened", discussionId: discussion.id }],
      };
    }
    // discussed
    const { view, party } = await core.assurance.markDiscussed(actor, a.org, quarter, now);
    const other = party === "CCG" ? view.ccg.areaTeamCode : view.ccg.code;
    const headline = view.complete
      ? `${view.ccg.code}'s ${quarter.label} checkpoint is complete: both ${view.ccg.code} and ${view.ccg.areaTeamCode} say it was discussed.`
      : `${actor.name} marked ${view.ccg.code}'s ${quarter.label} checkpoint discussed for ${party === "CCG" ? "the CCG" : "the area team"}. It is complete when ${other} says so too.`;
    return { reply: { ...checkpointReply(view, headline), visibility: "channel" } };
  },
});
