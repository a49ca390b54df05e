// `plans <area team>`: where the planning round stands for an area team's CCGs: who has submitted (and which
// version, when), what their plans leave open, against the round's next plan deadline.
import { z } from "zod";
import { formatLondonDate, formatLondonDateTime } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { defineCommand } from "./command";

const which = "Which area team? e.g. `plans Q52`.";

export const plansCommand = defineCommand({
  name: "plans",
  summary: "Where an area team's planning round stands: which CCGs have submitted, and what their plans leave open",
  usage: "plans <area team>",
  examples: ["plans Q52"],
  needsPerson: false,
  parse: (words) => ({ areaTeam: words.join(" ") || (undefined as string | undefined) }),
  args: z.object({ areaTeam: z.string({ error: which }).min(1, which).max(120) }),
  async run({ core, now }, { areaTeam }) {
    const round = await core.plans.round(areaTeam, now);
    const submitted = round.rows.filter((r) => r.version);
    const waiting = round.rows.filter((r) => !r.version);
    const blocks: Reply["blocks"] = [
      { type: "heading", text: `Plans — ${round.areaTeam.code} ${round.areaTeam.name}` },
      {
        type: "paragraph",
        text:
          `${submitted.length} of ${round.rows.length} CCGs have submitted a plan.` +
          (round.deadline
            ? ` Next plan deadline: ${round.deadline.title}, ${formatLondonDateTime(round.deadline.dueAt)}.`
            : " No plan deadline is set (admins add one with `deadline add`)."),
      },
    ];
    if (waiting.length)
      blocks.push({
        type: "items",
        items: waiting.map((r) => ({ title: `${r.ccg.code} ${r.ccg.name}: not submitted` })),
      });
    if (submitted.length)
      blocks.push({
        type: "items",
        items: submitted.map((r) => {
          const v = r.version!;
          const open = [
            r.missing ? `${r.missing} indicators of the national ask with no trajectory` : "",
            r.shortOfStandard
              ? `${r.shortOfStandard} line${r.shortOfStandard === 1 ? "" : "s"} short of the standard`
              : "",
          ].filter(Boolean);
          return {
            title: `${r.ccg.code} ${r.ccg.name}: version ${v.number}, ${formatLondonDate(v.createdAt)}${v.discussed ? ", discussed" : ""}`,
            detail: open.length
              ? open.join(" · ")
              : "every indicator of the national ask planned, none short of the standard",
          };
        }),
      });
    blocks.push({ type: "context", text: "Demo plans don't count as submitted. `plan <ccg>` shows a CCG's plan." });
    return {
      reply: {
        summary: `${round.areaTeam.code}: ${submitted.length} of ${round.rows.length} CCGs have submitted a plan`,
        blocks,
        visibility: "private",
      },
    };
  },
});
