// `indicators`: every indicator code, by family, with its standard, so `status <ccg> <code|family>` is discoverable.
import { z } from "zod";
import { FRAMEWORK_FILTERS, INDICATOR_FAMILIES, familyOfCode } from "../src/core/indicators/status";
import { formatValue } from "../src/core/indicators/format";
import { isZeroTolerance } from "../src/core/indicators/rag";
import type { Block } from "../src/reply/model";
import { defineCommand } from "./command";

export const indicatorsCommand = defineCommand({
  name: "indicators",
  summary: "The indicator codes and families `status` takes, with each standard",
  usage: "indicators [ccg]",
  examples: ["indicators", "indicators 02N"],
  needsPerson: false,
  parse: (words) => ({ ccg: words.length ? words.join(" ") : undefined }),
  args: z.object({
    ccg: z.string().max(120, "Give a CCG's code or part of its name, e.g. `indicators 02N`.").optional(),
  }),
  async run({ core }, { ccg }) {
    // A CCG's own local indicators too, when one is named.
    const org = ccg ? await core.organisations.resolve(ccg, "CCG") : null;
    const indicators = await core.indicatorDefinitions.visibleTo(org?.code);
    const groups = new Map<string, typeof indicators>();
    for (const i of indicators) {
      const label = i.ownerCode ? `${i.ownerCode}'s own` : (familyOfCode(i.code)?.label ?? "Other");
      groups.set(label, [...(groups.get(label) ?? []), i]);
    }
    const blocks: Block[] = [{ type: "heading", text: `Indicators${org ? ` for ${org.code}` : ""}` }];
    for (const [label, list] of groups) {
      const family = INDICATOR_FAMILIES.find((f) => f.label === label);
      blocks.push({
        type: "items",
        items: list.map((i) => {
          const standard = formatValue(i.standard, i.unit);
          const zero = isZeroTolerance({ standard: i.standard, higherIsBetter: i.direction === "HIGHER_IS_BETTER" });
          return {
            title: `${i.code} — ${i.name}`,
            detail: `${label}${family ? ` (\`${family.words[0]}\`)` : ""} · ${standard ? `standard ${standard}` : "no national standard"}${zero ? ", zero tolerance" : ""}`,
          };
        }),
      });
    }
    blocks.push({
      type: "context",
      text:
        `\`status 02N <code>\` shows one, \`status 02N <family>\` a family: ` +
        `${INDICATOR_FAMILIES.map((f) => f.words[0]).join(", ")}; or a framework: ${FRAMEWORK_FILTERS.join(", ")}.`,
    });
    return { reply: { summary: `${indicators.length} indicators`, blocks, visibility: "private" } };
  },
});
