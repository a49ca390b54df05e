// `appraisal …`: the CCGs' yearly appraisal of their area team's part in the dialogue. A CCG's people answer
// (`appraisal answer 4 3 5 4 comment`), once each, kept apart from their names; an area team and the national view
// see totals per area team, only from 3 CCGs (`appraisal Q52`, `appraisal england`); operators open a round.
import { z } from "zod";
import { AppraisalService, MIN_CCGS, SCALE, type AreaTeamAppraisal, type Round } from "../src/core/appraisal/appraisal";
import { forbidden } from "../src/core/errors";
import { formatLondonDate } from "../src/core/time";
import type { Block, Reply } from "../src/reply/model";
import { answerButton, appraisalThanks } from "../src/reply/views/appraisal";
import { actorOf, defineCommand } from "./command";

const usage =
  "Try `appraisal` (the questions), `appraisal answer 4 3 5 4 a comment`, `appraisal Q52`, `appraisal england`.";

function aggregateBlocks(view: AreaTeamAppraisal, round: Round): Block[] {
  const title = `${view.areaTeam.code} ${view.areaTeam.name}`;
  if (!view.shown) return [{ type: "paragraph", text: `${title}: nothing to show yet. ${view.why}` }];
  return [
    {
      type: "paragraph",
      text: `${title}: ${view.ccgsAnswered} of ${view.ccgs} CCGs answered the ${round.year} appraisal (${view.answers} answers). Mean rating from ${SCALE.min} (strongly disagree) to ${SCALE.max} (strongly agree):`,
    },
    {
      type: "items",
      items: view.questions.map((q) => ({
        title: `${q.mean.toFixed(1)} — ${q.question}`,
        detail: q.counts.map((c, i) => `${i + 1}: ${c}`).join(" · "),
      })),
    },
    ...(view.comments.length
      ? [
          {
            type: "items" as const,
            items: view.comments.map((c) => ({ title: `“${c}”` })),
          },
        ]
      : []),
  ];
}

export const appraisalCommand = defineCommand({
  name: "appraisal",
  summary: "The CCGs' yearly appraisal of their area team: the questions, your answer, totals per area team",
  usage: "appraisal [answer <ratings…> [comment] | <area team|england> [year] | open]",
  examples: ["appraisal", "appraisal answer 4 3 5 4 Clear asks, slow answers", "appraisal Q52", "appraisal england"],
  needsPerson: true,
  parse: (words) => {
    const [first, ...rest] = words;
    const sub = first?.toLowerCase();
    if (!sub) return { kind: "show" };
    if (sub === "answer") {
      const ratings: string[] = [];
      while (rest.length && /^\d+$/.test(rest[0]!)) ratings.push(rest.shift()!);
      return { kind: "answer", ratings: ratings.map(Number), comment: rest.join(" ") || undefined };
    }
    if (sub === "open") return { kind: "open", year: rest[0] };
    return { kind: "view", scope: first, year: rest[0] };
  },
  args: z.discriminatedUnion(
    "kind",
    [
      z.object({ kind: z.literal("show") }),
      z.object({
        kind: z.literal("answer"),
        ratings: z.array(z.number().int()).max(20),
        comment: z.string().max(2_000).optional(),
      }),
      z.object({ kind: z.literal("open"), year: z.coerce.number().int().min(2013).max(2100).optional() }),
      z.object({
        kind: z.literal("view"),
        scope: z.string().min(1).max(120),
        year: z.coerce
          .number({ error: "A year is four digits, e.g. 2014." })
          .int()
          .min(2013, "Rounds start in 2013.")
          .max(2100)
          .optional(),
      }),
    ],
    { error: usage },
  ),
  async run(ctx, args) {
    const actor = actorOf(ctx);
    const appraisal = new AppraisalService(ctx.core.prisma, ctx.core.organisations);
    const done = (summary: string, blocks: Block[], visibility: Reply["visibility"] = "private") => ({
      reply: { summary, blocks, visibility },
    });

    if (args.kind === "answer") {
      const round = await appraisal.answer(actor, args.ratings, args.comment, ctx.now);
      const text = appraisalThanks(actor, round);
      return done(text, [{ type: "paragraph", text }]);
    }

    if (args.kind === "open") {
      if (actor.role !== "OPERATOR") throw forbidden("Only an operator opens an appraisal round by hand.");
      const year = args.year ?? Number(ctx.now.toISOString().slice(0, 4));
      const round = await appraisal.open(year, ctx.now);
      const text = appraisal.isOpen(round, ctx.now)
        ? `The ${round.year} appraisal is open until ${formatLondonDate(round.closesAt)}; each CCG's channels are asked by the next daily run.`
        : `The ${round.year} appraisal already ran: it closed on ${formatLondonDate(round.closesAt)}. There is one round a year.`;
      return done(text, [{ type: "paragraph", text }]);
    }

    if (args.kind === "view") {
      const england = /^(england|national|x24)$/i.test(args.scope);
      if (england) {
        const { round, views } = await appraisal.englandView(ctx.now, args.year);
        const shown = views.filter((v) => v.shown).length;
        const blocks: Block[] = [
          { type: "heading", text: `Appraisal of the area teams — England, ${round.year}` },
          {
            type: "paragraph",
            text: `${shown} of ${views.length} area teams have answers from at least ${MIN_CCGS} of their CCGs; the others are not shown, so that no CCG's answer can be picked out.`,
          },
        ];
        for (const v of views.filter((x) => x.shown)) blocks.push(...aggregateBlocks(v, round));
        const waiting = views.filter((v) => !v.shown);
        if (waiting.length)
          blocks.push({
            type: "context",
            text: `Not shown (fewer than ${MIN_CCGS} CCGs answered): ${waiting.map((v) => `${v.areaTeam.code} (${v.ccgsAnswered} of ${v.ccgs})`).join(", ")}.`,
          });
        return done(`Appraisal ${round.year}: ${shown} of ${views.length} area teams shown`, blocks);
      }
      const { round, view } = await appraisal.areaTeamView(args.scope, ctx.now, args.year);
      const blocks: Block[] = [
        { type: "heading", text: `Appraisal of ${view.areaTeam.code} by its CCGs — ${round.year}` },
        ...aggregateBlocks(view, round),
        { type: "context", text: "Totals only: no answer is shown with its CCG or the person who gave it." },
      ];
      const summary = view.shown
        ? `${view.areaTeam.code}: ${view.ccgsAnswered} of ${view.ccgs} CCGs answered the ${round.year} appraisal`
        : `${view.areaTeam.code}: nothing to show yet. ${view.why}`;
      return done(summary, blocks);
    }

    // `appraisal`: the round, its questions, and whether you have answered.
    const round = await appraisal.latest(ctx.now);
    if (!round) {
      const text = "No appraisal round has opened yet: one opens each year, and each CCG's channels are asked.";
      return done(text, [{ type: "paragraph", text }]);
    }
    const open = appraisal.isOpen(round, ctx.now);
    const blocks: Block[] = [
      { type: "heading", text: `Appraisal of the area teams by their CCGs — ${round.year}` },
      {
        type: "paragraph",
        text: open
          ? `Open until ${formatLondonDate(round.closesAt)}. Rate each statement from ${SCALE.min} (strongly disagree) to ${SCALE.max} (strongly agree):`
          : `Closed on ${formatLondonDate(round.closesAt)}. The statements were:`,
      },
      { type: "items", items: round.questions.map((q, i) => ({ title: `${i + 1}. ${q}` })) },
    ];
    if (actor.organisation.kind === "CCG" && open) {
      const answered = await appraisal.hasAnswered(actor, round);
      blocks.push({
        type: "paragraph",
        text: answered
          ? "You have answered this round."
          : `Answer with the button, or \`appraisal answer ${round.questions.map(() => "4").join(" ")} any comment\`, one rating per statement in order.`,
      });
      if (!answered) blocks.push({ type: "buttons", buttons: [answerButton(round)] });
    }
    blocks.push({
      type: "context",
      text: `Answers are kept apart from names; \`appraisal ${actor.organisation.areaTeamCode ?? actor.organisation.code}\` shows an area team's totals once at least ${MIN_CCGS} of its CCGs have answered.`,
    });
    return done(`Appraisal ${round.year}: ${open ? "open" : "closed"}`, blocks);
  },
});
