// `plan`: a CCG's plan as submitted, version by version, what moved between versions, and "discussed" (both
// parties). Nothing here approves or rejects a plan: the area team holds a dialogue about it, it does not sign it off.
import { z } from "zod";
import { formatLondonDate, formatLondonDateTime } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { badInput, forbidden } from "../src/core/errors";
import { defineCommand } from "./command";

const whichCcg = "Which CCG? e.g. `plan 02N`.";
const ccg = z.string({ error: whichCcg }).min(1, whichCcg).max(120);
const versionNumber = (what: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${what} is a version number, e.g. 2.`)
    .transform(Number)
    .optional();

const args = z.discriminatedUnion("verb", [
  z.object({ verb: z.literal("show"), ccg, version: versionNumber("The version") }),
  z.object({
    verb: z.literal("changes"),
    ccg,
    from: versionNumber("The first version"),
    to: versionNumber("The second version"),
  }),
  z.object({ verb: z.literal("discussed"), ccg, version: versionNumber("The version") }),
  z.object({ verb: z.literal("sign-off"), word: z.string() }),
]);

/** Words that would mean a sign-off: answered with what the product does instead. */
const SIGN_OFF = new Set(["approve", "approved", "reject", "rejected", "signoff", "sign-off", "accept", "refuse"]);

const MAX_LINES = 60;

export const planCommand = defineCommand({
  name: "plan",
  summary: "A CCG's plan as submitted: its lines, what moved between versions, and marking a version discussed",
  usage: "plan <ccg> [version <n>] | plan <ccg> changes [<from> <to>] | plan <ccg> discussed [<n>]",
  examples: ["plan 02N", "plan 02N version 1", "plan 02N changes", "plan 02N changes 1 3", "plan 02N discussed"],
  needsPerson: false,
  parse(words) {
    const [ccgWord, verbWord, ...rest] = words;
    const verb = verbWord?.toLowerCase();
    if (verb && SIGN_OFF.has(verb)) return { verb: "sign-off", word: verb };
    if (verb === "changes") return { verb, ccg: ccgWord, from: rest[0], to: rest[1] };
    if (verb === "discussed") return { verb, ccg: ccgWord, version: rest[0] };
    if (verb === "version" || verb === "v") return { verb: "show", ccg: ccgWord, version: rest[0] };
    if (verb && /^v?\d+$/i.test(verb)) return { verb: "show", ccg: ccgWord, version: verb.replace(/^v/i, "") };
    if (verb) return { verb, ccg: ccgWord };
    return { verb: "show", ccg: ccgWord };
  },
  args,
  async run(ctx, a) {
    const { core, now } = ctx;
    if (a.verb === "sign-off")
      throw badInput(
        `A plan is not ${a.word === "reject" || a.word === "refuse" || a.word === "rejected" ? "rejected" : "approved"} here: it is the CCG's, and the area team holds a dialogue about it rather than signing it off.`,
        "Open a discussion on a line (`discuss 02N ae_4hr …`), propose an action, or mark the version discussed with `plan <ccg> discussed` (it counts once both parties have).",
      );
    if (a.verb === "changes") {
      const { ccg: org, from, to, changes } = await core.plans.changes(a.ccg, a.from, a.to);
      const blocks: Reply["blocks"] = [{ type: "heading", text: `${org.code} plan: version ${from} → ${to}` }];
      if (!changes.length) blocks.push({ type: "paragraph", text: "No line moved." });
      else
        blocks.push({
          type: "items",
          items: changes.slice(0, MAX_LINES).map((c) => ({
            title: `${c.indicatorCode} ${c.period}: ${c.before ?? "(none)"} → ${c.after ?? "(removed)"}`,
          })),
        });
      if (changes.length > MAX_LINES)
        blocks.push({ type: "context", text: `… and ${changes.length - MAX_LINES} more lines.` });
      return {
        reply: { summary: `${org.code} plan: ${changes.length} lines moved`, blocks, visibility: "private" },
      };
    }
    if (a.verb === "discussed") {
      if (!ctx.actor)
        throw forbidden(
          "I don't know which organisation you act for yet, so I can't mark a plan discussed for your side.",
          "Ask an admin of your CCG or area team to add you (`member`). `whoami` shows what I know.",
        );
      const actor = ctx.actor;
      const { ccg: org, version, party, both } = await core.plans.markDiscussed(actor, a.ccg, a.version, now);
      const side = party === "CCG" ? "the CCG" : "the area team";
      const text = both
        ? `${org.code}'s plan version ${version.number} is discussed: both ${org.code} and ${org.areaTeamCode} have said so.`
        : `Marked ${org.code}'s plan version ${version.number} discussed for ${side}. It is discussed when ${party === "CCG" ? org.areaTeamCode : org.code} says so too.`;
      return { reply: { summary: text, blocks: [{ type: "paragraph", text }], visibility: "channel" } };
    }
    const view = await core.plans.view(a.ccg, a.version);
    const v = view.version;
    const discussed =
      v.ccgDiscussedAt && v.areaTeamDiscussedAt
        ? "discussed by both"
        : v.ccgDiscussedAt
          ? `discussed by the CCG (the area team has not said so yet)`
          : v.areaTeamDiscussedAt
            ? `discussed by the area team (the CCG has not said so yet)`
            : "not yet marked discussed";
    const blocks: Reply["blocks"] = [
      { type: "heading", text: `${view.ccg.code} ${view.ccg.name}: plan version ${v.number} of ${view.latest}` },
      {
        type: "fields",
        fields: [
          { label: "Submitted", value: formatLondonDateTime(v.createdAt) },
          { label: "From", value: v.source === "demo" ? "demo data" : v.source },
          { label: "Dialogue", value: discussed },
          ...(v.note ? [{ label: "Note", value: v.note }] : []),
        ],
      },
    ];
    const byIndicator = new Map<string, typeof view.lines>();
    for (const l of view.lines) byIndicator.set(l.indicatorCode, [...(byIndicator.get(l.indicatorCode) ?? []), l]);
    const items = [...byIndicator].map(([code, lines]) => {
      const short = lines.filter((l) => l.shortOfStandard).length;
      const last = lines[lines.length - 1]!;
      return {
        title: `${code}: ${lines[0]!.period} ${lines[0]!.shown} … ${last.period} ${last.shown}`,
        detail: `${lines[0]!.indicatorName}${short ? ` · ${short} of ${lines.length} periods short of the standard` : ""}`,
      };
    });
    blocks.push({ type: "items", items: items.slice(0, MAX_LINES) });
    if (view.missing.length)
      blocks.push({
        type: "context",
        text: `No trajectory for ${view.missing.length} indicators of the national ask: ${view.missing.join(", ")}.`,
      });
    blocks.push({
      type: "context",
      text: `\`plan ${view.ccg.code} changes\` shows what moved between versions; \`plan ${view.ccg.code} discussed\` marks this version discussed for your side. There is no approval: the plan is the CCG's.`,
    });
    return {
      reply: {
        summary: `${view.ccg.code} plan version ${v.number} (${formatLondonDate(v.createdAt)})`,
        blocks,
        visibility: "private",
      },
    };
  },
});
