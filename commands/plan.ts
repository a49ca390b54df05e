// `plan`: a CCG's plan as submitted, version by version, what moved between versions, and "discussed" (both
// parties). Nothing here approves or rejects a plan: the area team holds a dialogue about it, it does not sign it off.
import { z } from "zod";
import { formatLondonDate, formatLondonDateTime } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { badInput, forbidden } from "../src/core/errors";
import { defineCommand, type CommandContext } from "./command";
import {
  TEMPLATE_MEDIA_TYPE,
  templateFile,
  templateFileName,
  yearLabel,
  type TemplateFormat,
} from "../src/core/plans/template";
import { PLAN_EDIT_ACTION, readLineWords, setArgs, setReply } from "./plan-line";

const whichCcg = "Which CCG? e.g. `plan 02N`.";
const ccg = z.string({ error: whichCcg }).min(1, whichCcg).max(120);
const versionNumber = (what: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${what} is a version number, e.g. 2.`)
    .transform(Number)
    .optional();

const note = z.string().max(500, "A note on a submission is at most 500 characters.").optional();
const format = z.enum(["csv", "xlsx"], { error: "The template comes as csv or xlsx." }).optional();

const args = z.discriminatedUnion("verb", [
  z.object({ verb: z.literal("template"), ccg, year: z.string().max(20).optional(), format }),
  z.object({ verb: z.literal("submit"), ccg, note }),
  z.object({ verb: z.literal("show"), ccg, version: versionNumber("The version") }),
  z.object({
    verb: z.literal("changes"),
    ccg,
    from: versionNumber("The first version"),
    to: versionNumber("The second version"),
  }),
  z.object({ verb: z.literal("discussed"), ccg, version: versionNumber("The version") }),
  setArgs.extend({ ccg }),
  z.object({ verb: z.literal("sign-off"), word: z.string() }),
]);

/** Words that would mean a sign-off: answered with what the product does instead. */
const SIGN_OFF = new Set(["approve", "approved", "reject", "rejected", "signoff", "sign-off", "accept", "refuse"]);

const MAX_LINES = 60;
const MAX_DISCUSS_BUTTONS = 20;

/**
 * The Discuss button of a plan line: opens a discussion with the CCG tied to that line's indicator. Its Edit button
 * (PLAN_EDIT_ACTION, plan-line.ts) carries the same payload.
 */
export const PLAN_DISCUSS_ACTION = "plan.discuss";
export const planDiscussPayload = z.object({
  ccg: z.string().regex(/^[A-Z0-9]{3}$/),
  indicator: z.string().regex(/^[A-Za-z0-9_]{1,100}$/),
});
/** The command a Discuss button runs: `discuss` ties the discussion to the indicator code in its topic. */
export const planDiscussCommand = (p: z.infer<typeof planDiscussPayload>) =>
  `discuss ${p.ccg} ${p.indicator} plan line`;

/** A file key the download route rebuilds: `plan-template/02N/2014.csv`. */
export const templateKey = (ccg: string, year: number, f: TemplateFormat) => `plan-template/${ccg}/${year}.${f}`;
export const templateKeyPattern = /^plan-template\/([A-Z0-9]{3})\/(\d{4})\.(csv|xlsx)$/;

/** The template file of a key, for a download link; null when the key is not one. */
export async function templateFileOf(core: CommandContext["core"], key: string, now: Date) {
  const m = templateKeyPattern.exec(key);
  if (!m) return null;
  const f = m[3] as TemplateFormat;
  const t = await core.plans.template(m[1]!, now, m[2]!);
  return { fileName: templateFileName(t, f), mediaType: TEMPLATE_MEDIA_TYPE[f], content: templateFile(t, f) };
}

async function templateReply(ctx: CommandContext, ccgText: string, yearText: string | undefined, f: TemplateFormat) {
  const t = await ctx.core.plans.template(ccgText, ctx.now, yearText);
  const indicators = new Set(t.rows.map((r) => r.indicator)).size;
  const prefilled = t.rows.filter((r) => r.plan !== null).length;
  const url = ctx.core.fileLinks?.url(templateKey(t.ccg.code, t.year, f));
  const text =
    `The planning template for ${t.ccg.code} ${t.ccg.name}, ${yearLabel(t.year)}: ${indicators} indicators (the national ask and ${t.ccg.code}'s local priorities), ${t.rows.length} rows, one for each period.` +
    (prefilled ? ` ${prefilled} rows carry ${t.ccg.code}'s current plan.` : "");
  const reply: Reply = {
    summary: `Planning template for ${t.ccg.code}, ${yearLabel(t.year)}`,
    blocks: [
      { type: "paragraph", text },
      {
        type: "file",
        title: `planning template ${yearLabel(t.year)}`,
        fileName: templateFileName(t, f),
        mediaType: TEMPLATE_MEDIA_TYPE[f],
        content: templateFile(t, f),
        ...(url ? { url } : {}),
      },
      {
        type: "context",
        text: `Fill in the plan column (a blank cell plans nothing for that period), then attach the file to a message: \`plan submit ${t.ccg.code} <note>\`. Every row is checked as an import checks it, and nothing is stored unless every row is right.`,
      },
    ],
    visibility: "private",
  };
  return reply;
}

const SPREADSHEET = /\.(csv|xlsx|xls)$/i;

async function submitReply(ctx: CommandContext, ccgText: string, noteText: string | undefined): Promise<Reply> {
  if (!ctx.actor)
    throw forbidden(
      "I don't know which organisation you act for yet, so I can't take a plan from you.",
      "Ask an admin of your CCG to add you (`member`). `whoami` shows what I know.",
    );
  const files = ctx.invocation.files ?? [];
  const file = files.find((f) => SPREADSHEET.test(f.name)) ?? files[0];
  const platform = ctx.invocation.user.platform;
  if (!file)
    throw badInput(
      `Attach the filled-in planning template (CSV or spreadsheet) to the message that says \`plan submit ${ccgText}\`.`,
      platform === "SLACK"
        ? "A slash command can't carry a file: upload the file in a message that mentions me, `@Plan Dialogue plan submit 02N`, or in a direct message to me."
        : platform === "TEAMS"
          ? "Attach the file in your personal chat with me (Teams gives bots the files of personal chats only) and write `plan submit 02N` with it."
          : "`plan template 02N` makes the file to fill in.",
    );
  if (!SPREADSHEET.test(file.name))
    throw badInput(`${file.name} is not a planning template: attach the CSV or spreadsheet from \`plan template\`.`);
  // Who may submit is checked (in the core) before the file is fetched.
  const result = await ctx.core.plans.submit(
    ctx.actor,
    ccgText,
    file,
    { source: `${platform.toLowerCase()} upload: ${file.name}`.slice(0, 200), ...(noteText ? { note: noteText } : {}) },
    ctx.now,
  );
  if (!result.ok) {
    const more = result.count - result.problems.length;
    return {
      summary: `Nothing stored: ${result.count} problem${result.count === 1 ? "" : "s"} in ${result.fileName}`,
      blocks: [
        {
          type: "paragraph",
          text: `Nothing was stored from ${result.fileName}: ${result.count === 1 ? "one cell needs" : `${result.count} cells need`} fixing first.`,
        },
        { type: "items", items: result.problems.map((p) => ({ title: p })) },
        ...(more > 0 ? [{ type: "context" as const, text: `… and ${more} more.` }] : []),
        {
          type: "context",
          text: `Fix ${result.count === 1 ? "it" : "them"} and attach the file again with \`plan submit ${result.ccg.code}\`. ${result.ccg.code}'s plan is unchanged.`,
        },
      ],
      visibility: "private",
      isError: true,
    };
  }
  const text =
    result.version === null
      ? `Nothing moved: ${file.name} matches ${result.ccg.code}'s plan version ${result.latest}, so no new version was made.`
      : `${result.ccg.code}'s plan version ${result.version} is in, from ${ctx.actor.name} (${result.ccg.code}): ${result.lines} planned values${result.cleared ? `, ${result.cleared} removed` : ""}.${noteText ? ` Note: ${noteText}` : ""}`;
  return {
    summary: text,
    blocks: [
      { type: "paragraph", text },
      ...(result.version !== null && result.version > 1
        ? [
            {
              type: "context" as const,
              text: `\`plan ${result.ccg.code} changes\` shows what moved since version ${result.version - 1}; \`plan ${result.ccg.code} discussed\` marks it discussed for your side.`,
            },
          ]
        : []),
    ],
    visibility: "channel",
  };
}

export const planCommand = defineCommand({
  name: "plan",
  summary:
    "A CCG's plan as submitted: its lines, what moved between versions, changing one line, and marking a version discussed",
  usage:
    "plan <ccg> [version <n>] | plan <ccg> changes [<from> <to>] | plan <ccg> discussed [<n>] | plan <ccg> set <indicator> <period> <value> [<period> <value>…] [note <text>] | plan template <ccg> [<year>] [csv|xlsx] | plan submit <ccg> [note] (with the template attached)",
  examples: [
    "plan 02N",
    "plan 02N version 1",
    "plan 02N changes",
    "plan 02N changes 1 3",
    "plan 02N discussed",
    'plan 02N set ae_4hr Apr 94.5 May 95 Jun 95 note "after the winter review"',
    "plan template 02N",
    "plan submit 02N revised A&E trajectory",
  ],
  needsPerson: false,
  parse(words) {
    const first = words[0]?.toLowerCase();
    if (first === "template") {
      const rest = words.slice(2);
      const fmt = rest.find((w) => /^(csv|xlsx|xls)$/i.test(w))?.toLowerCase();
      const year = rest.find((w) => !/^(csv|xlsx|xls)$/i.test(w));
      return { verb: "template", ccg: words[1], year, format: fmt === "xls" ? "xlsx" : fmt };
    }
    if (first === "submit") return { verb: "submit", ccg: words[1], note: words.slice(2).join(" ") || undefined };
    const [ccgWord, verbWord, ...rest] = words;
    const verb = verbWord?.toLowerCase();
    if (verb && SIGN_OFF.has(verb)) return { verb: "sign-off", word: verb };
    if (verb === "changes") return { verb, ccg: ccgWord, from: rest[0], to: rest[1] };
    if (verb === "discussed") return { verb, ccg: ccgWord, version: rest[0] };
    if (verb === "set") return { verb, ccg: ccgWord, indicator: rest[0], ...readLineWords(rest.slice(1)) };
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
    if (a.verb === "template") return { reply: await templateReply(ctx, a.ccg, a.year, a.format ?? "csv") };
    if (a.verb === "submit") return { reply: await submitReply(ctx, a.ccg, a.note) };
    if (a.verb === "set") return { reply: await setReply(ctx, a) };
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
          ...(view.submittedBy ? [{ label: "By", value: view.submittedBy }] : []),
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
    // A discussion from any line of the plan, tied to its indicator: the area team's way to comment on a plan. Beside
    // it, Edit: Slack's modal or Teams' dialog for the line's trajectory (the CCG's own people only; the console has
    // no form, so there it is `plan <ccg> set`).
    const codes = [...byIndicator.keys()].slice(0, MAX_DISCUSS_BUTTONS);
    for (let i = 0; i < codes.length; i += 5)
      blocks.push({
        type: "buttons",
        buttons: codes.slice(i, i + 5).flatMap((code) => {
          const payload = { ccg: view.ccg.code, indicator: code };
          return [
            { label: `Discuss ${code}`, actionId: PLAN_DISCUSS_ACTION, payload },
            {
              label: `Edit ${code}`,
              actionId: PLAN_EDIT_ACTION,
              payload,
              platforms: ["SLACK" as const, "TEAMS" as const],
            },
          ];
        }),
      });
    if (view.missing.length)
      blocks.push({
        type: "context",
        text: `No trajectory for ${view.missing.length} indicators of the national ask: ${view.missing.join(", ")}.`,
      });
    blocks.push({
      type: "context",
      text: `\`plan ${view.ccg.code} changes\` shows what moved between versions; \`plan ${view.ccg.code} discussed\` marks this version discussed for your side; \`plan ${view.ccg.code} set <indicator> <period> <value>…\` changes one line (the CCG's own people). There is no approval: the plan is the CCG's.`,
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
