// `premium <CCG>`: the CCG's 2013/14 Quality Premium projected from the figures held: each measure's weight, rule,
// whether it is met on current figures and what is missing; the gateways, and what the reference data doesn't verify.
import { z } from "zod";
import { PremiumService, type MeasureResult, type MeasureState } from "../src/core/premium/premium";
import type { Reply } from "../src/reply/model";
import { DEMO_DATA_NOTE } from "../src/reply/views/status";
import { defineCommand } from "./command";

const which = "Which CCG? e.g. `premium 02N`.";

/** £ to the pound: "£782,825" */
export const pounds = (n: number) => `£${Math.round(n).toLocaleString("en-GB")}`;

const MARK: Record<MeasureState, string> = {
  met: "✓ met",
  "on track": "✓ on track so far",
  "not met": "✗ not met",
  missing: "? missing",
};

function measureItem(m: MeasureResult): { title: string; detail: string } {
  const worth = m.worth === null ? "" : `, ${pounds(m.worth)}`;
  const detail = [
    `Rule: ${m.rule}.`,
    ...m.findings.map((f) => `${f}.`),
    m.missing.length ? `Missing: ${m.missing.join("; ")}.` : "",
    m.reading ? `(${m.reading})` : "",
  ].filter(Boolean);
  return { title: `${MARK[m.state]} — ${m.measure} (${m.weightPct}%${worth})`, detail: detail.join(" ") };
}

export const premiumCommand = defineCommand({
  name: "premium",
  summary: "A CCG's 2013/14 Quality Premium projected from its figures: each measure, its rule, met or missing",
  usage: "premium <CCG>",
  examples: ["premium 02N"],
  needsPerson: false,
  parse: (words) => ({ ccg: words.join(" ") }),
  args: z.object({ ccg: z.string({ error: which }).min(1, which).max(120) }),
  async run({ core }, { ccg }) {
    const p = await new PremiumService(core.prisma, core.organisations).projectionOf(ccg);
    const perHead = p.rules.maximumPerHead;
    const blocks: Reply["blocks"] = [
      { type: "heading", text: `Quality Premium 2013/14 — ${p.ccg.code} ${p.ccg.name}` },
    ];
    const money =
      p.projected === null
        ? `${p.projectedPct}% of the premium`
        : `${pounds(p.projected)} of up to ${pounds(p.maximum!)} (${p.projectedPct}%)`;
    const summary = `Projected on current figures: ${money}, before the gateways. ${p.unknownPct}% of the premium can't be judged yet: figures missing.`;
    blocks.push({ type: "paragraph", text: summary });
    blocks.push({
      type: "fields",
      fields: [
        {
          label: "Population",
          value:
            p.population === null
              ? `not held for ${p.ccg.code}: the premium is shown as shares only`
              : `${p.population.toLocaleString("en-GB")} registered patients (Jul–Sep 2013)`,
        },
        {
          label: "Maximum",
          value: `up to £${perHead.pounds} a head${p.maximum === null ? "" : ` = ${pounds(p.maximum)}`} (reported, not verified)`,
        },
      ],
    });
    blocks.push({ type: "items", items: p.measures.map(measureItem) });
    blocks.push({
      type: "paragraph",
      text: "Gateways (not assessed: Plan Dialogue holds no record of quality failures or of the CCG's finances):",
    });
    blocks.push({
      type: "items",
      items: p.gateways.map((g) => ({
        title: g.status === "unverified" ? `UNVERIFIED: ${g.text}` : g.text,
        detail: g.status === "unverified" ? `Not verified${g.note ? `: ${g.note}` : ""}.` : "As reported in the draft.",
      })),
    });
    blocks.push({
      type: "context",
      text: `Weights and rules: ${p.rules.basis} (${p.rules.sources.join(", ")}). Up to £${perHead.pounds} a head: as reported (${perHead.source}), not in the reference data.`,
    });
    if (p.demo) blocks.push({ type: "context", text: DEMO_DATA_NOTE });
    return { reply: { summary: `${p.ccg.code}: ${summary}`, blocks, visibility: "private" } };
  },
});
