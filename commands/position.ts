// `position <area team|england> [indicator]`: the CCGs together against the standard, actual and planned, the
// gap in people and each CCG's part in it: "the contribution of their plans to the position of the wider NHS".
import { z } from "zod";
import { GRID_LINK } from "../src/charts/links";
import { shownValue, type IndicatorPosition } from "../src/core/position/position";
import { englandGridOf } from "../src/core/position/grid";
import type { Reply, TableBlock } from "../src/reply/model";
import { gridTable } from "../src/reply/views/grid";
import { DEMO_DATA_NOTE } from "../src/reply/views/status";
import { DEMO_MARK } from "../src/reply/text";
import { defineCommand } from "./command";

const which = "Which area team, or england? e.g. `position Q52 ae_4hr`.";
const TOP = 8;

const people = (n: number) => Math.round(n).toLocaleString("en-GB");

/** Which of the positions shown add demo figures in: never mixed in silently with published ones. */
function demoNote(positions: IndicatorPosition[], one = false): string {
  if (one) {
    const p = positions[0]!;
    return `${DEMO_DATA_NOTE} ${p.demoFigures} of the ${p.counted} CCGs' figures for ${p.period} ${p.demoFigures === 1 ? "is" : "are"} demo data.`;
  }
  return `${DEMO_DATA_NOTE} Marked [${DEMO_MARK}]: ${positions.map((p) => p.indicator.code).join(", ")} include demo figures.`;
}

/** England on one indicator: each area team's CCGs together, as a table (largest gap first). */
function areaTeamTable(p: IndicatorPosition): TableBlock {
  const teams = [...(p.areaTeams ?? [])].sort(
    (a, b) => (b.position.gap ?? 0) - (a.position.gap ?? 0) || a.areaTeam.code.localeCompare(b.areaTeam.code),
  );
  const counts = p.indicator.unit === "count";
  const ragOf = (met: boolean | null) => (met === null ? undefined : met ? ("green" as const) : ("red" as const));
  return {
    type: "table",
    title: `Each area team, ${p.period}: its CCGs together`,
    alt: `${teams.length} area teams on ${p.indicator.name} in ${p.period}, each weighted as England is. ${teams.filter((t) => t.position.meetsStandard).length} meet the standard of ${shownValue(p, p.indicator.standard)}${teams.length ? `; the largest gap is ${teams[0]!.areaTeam.code}'s` : ""}.`,
    columns: ["Area team", "Actual", "Planned", "Standard", counts ? "Total" : "Patients short"],
    rows: teams.map(({ areaTeam, position: t }) => ({
      label: areaTeam.code,
      name: areaTeam.name,
      cells: [
        { text: shownValue(t, t.actual), ...(ragOf(t.meetsStandard) ? { rag: ragOf(t.meetsStandard)! } : {}) },
        { text: shownValue(t, t.planned) },
        { text: shownValue(t, t.indicator.standard) },
        { text: counts ? people(t.actual) : t.gap === null ? "—" : people(t.gap) },
      ],
    })),
    legend:
      "Together means weighted by activity, in England's newest period for the indicator, so every area team is on the same footing.",
  };
}

function gapSentence(p: IndicatorPosition, where: string): string {
  const s = p.indicator.standard!;
  const standard = shownValue(p, s);
  if (p.gap === null) return `${where}: ${shownValue(p, p.actual)} in ${p.period} (standard ${standard}).`;
  if (p.indicator.unit === "count")
    return p.gap > 0
      ? `${where}: ${people(p.actual)} in ${p.period} against a standard of ${standard} per CCG.`
      : `${where}: ${people(p.actual)} in ${p.period}: the standard of ${standard} per CCG is met.`;
  if (p.gap <= 0)
    return `${where}: ${shownValue(p, p.actual)} in ${p.period}, meeting the standard of ${standard} together.`;
  const higher = p.indicator.direction === "HIGHER_IS_BETTER";
  return higher
    ? `To reach ${standard} across ${where} in ${p.period}, ${people(p.gap)} more patients would have had to be within the standard (together ${shownValue(p, p.actual)}).`
    : `To be within ${standard} across ${where} in ${p.period}, ${people(p.gap)} fewer patients would have had to wait beyond it (together ${shownValue(p, p.actual)}).`;
}

export const positionCommand = defineCommand({
  name: "position",
  summary:
    "The CCGs of an area team (or England) together against the standard: actual, planned, the gap and each CCG's part",
  usage: "position <area team|england> [indicator]",
  examples: ["position Q52 ae_4hr", "position Q52", "position england rtt_incomplete_18wk"],
  needsPerson: false,
  parse: (words) => ({ scope: words[0], indicator: words[1] }),
  args: z.object({
    scope: z.string({ error: which }).min(1, which).max(120),
    indicator: z.string().max(100).optional(),
  }),
  async run({ core }, { scope, indicator }) {
    const position = await core.positions.positionOf(scope, indicator);
    const where = position.scope ? position.scope.code : "England";
    const title = position.scope ? `${position.scope.code} ${position.scope.name}` : "England";
    const blocks: Reply["blocks"] = [{ type: "heading", text: `Position — ${title} (${position.ccgs} CCGs)` }];
    if (!position.indicators.length) {
      blocks.push({ type: "paragraph", text: "No figures yet for these CCGs." });
      return { reply: { summary: `No figures for ${where}`, blocks, visibility: "private" } };
    }
    if (indicator) {
      const p = position.indicators[0]!;
      blocks.push({ type: "paragraph", text: gapSentence(p, where) });
      blocks.push({
        type: "fields",
        fields: [
          { label: "Actual, together", value: `${shownValue(p, p.actual)} (${p.period})` },
          { label: "Planned, together", value: shownValue(p, p.planned) },
          { label: "Standard", value: shownValue(p, p.indicator.standard) },
          { label: "CCGs with a figure", value: `${p.counted} of ${position.ccgs}` },
        ],
      });
      if (p.contributions.length) {
        const unit = p.indicator.unit === "count" ? "" : " patients";
        blocks.push({
          type: "items",
          items: p.contributions.slice(0, TOP).map((c) => ({
            title: `${c.ccg}: ${c.people > 0 ? "+" : c.people < 0 ? "−" : ""}${people(Math.abs(c.people))}${unit}`,
            detail: `${shownValue(p, c.value)}${c.people < 0 ? " (better than the standard: offsets others)" : ""}`,
          })),
        });
        if (p.contributions.length > TOP)
          blocks.push({
            type: "context",
            text: `… and ${p.contributions.length - TOP} more CCGs; their parts sum with these to the gap.`,
          });
      }
      blocks.push({
        type: "context",
        text: p.weighted
          ? "Together means weighted by activity: numerators and denominators summed across the CCGs. Plans are weighted by the same denominators."
          : p.indicator.unit === "count"
            ? "Counts are summed across the CCGs."
            : "These figures have no denominators, so this is the plain mean of the CCGs' figures, not weighted by activity.",
      });
      if (p.areaTeams?.length) blocks.push(areaTeamTable(p));
      if (p.missing.length)
        blocks.push({
          type: "context",
          text: `No figure for ${p.period}: ${p.missing.slice(0, 12).join(", ")}${p.missing.length > 12 ? ` and ${p.missing.length - 12} more` : ""}.`,
        });
      if (p.demoFigures) blocks.push({ type: "context", text: demoNote([p], true) });
      return { reply: { summary: gapSentence(p, where), blocks, visibility: "private" } };
    }
    blocks.push({
      type: "items",
      items: position.indicators.map((p) => ({
        title: `${p.meetsStandard ? "✓" : "✗"} ${p.indicator.code}: ${shownValue(p, p.actual)} together (${p.period}), planned ${shownValue(p, p.planned)}, standard ${shownValue(p, p.indicator.standard)}`,
        detail: `${p.indicator.name}${p.weighted ? "" : p.indicator.unit === "count" ? " · summed" : " · unweighted mean (no denominators)"}${p.gap && p.indicator.unit !== "count" ? ` · ${people(p.gap)} patients short` : ""}${p.demoFigures ? ` · [${DEMO_MARK}]` : ""}`,
      })),
    });
    const withDemo = position.indicators.filter((p) => p.demoFigures);
    // England's grid says so itself (its demo note); an area team's list says it here.
    if (withDemo.length && position.scope) blocks.push({ type: "context", text: demoNote(withDemo) });
    // England: the position of the wider NHS in one answer, every area team on the same footing.
    if (!position.scope) {
      const teams = (await core.organisations.list("AREA_TEAM")).map(({ code, name }) => ({ code, name }));
      blocks.push(gridTable(englandGridOf(position, teams), core.charts?.url(GRID_LINK, "england")));
    }
    blocks.push({
      type: "context",
      text: `\`position ${where === "England" ? "england" : where} <indicator>\` shows the gap and each ${where === "England" ? "area team's and CCG's" : "CCG's"} part in it.`,
    });
    return {
      reply: {
        summary: `Position of ${where}: ${position.indicators.length} indicators`,
        blocks,
        visibility: "private",
      },
    };
  },
});
