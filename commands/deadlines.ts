import { z } from "zod";
import type { Deadline } from "../src/core/db";
import { formatLondonDateTime } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { defineCommand } from "./command";

const scopeLabel = (d: Deadline) => (d.scope === "NATIONAL" ? "national" : d.organisationCode!);

export const deadlinesCommand = defineCommand({
  name: "deadlines",
  summary: "Upcoming planning deadlines: national, area team and CCG",
  usage: "deadlines [organisation]",
  examples: ["deadlines", "deadlines 02N"],
  needsPerson: false,
  parse: (words) => ({ organisation: words.length ? words.join(" ") : undefined }),
  args: z.object({ organisation: z.string().max(120).optional() }),
  async run({ core, actor, now }, { organisation }) {
    const org = organisation ? await core.organisations.resolve(organisation) : (actor?.organisation ?? null);
    const upcoming = await core.deadlines.forOrganisation(org, { from: now });
    const whose = org ? `${org.code} ${org.name}` : "national";
    const blocks: Reply["blocks"] = [{ type: "heading", text: `Deadlines — ${whose}` }];
    if (upcoming.length) {
      blocks.push({
        type: "items",
        items: upcoming.map((d) => ({
          title: `${formatLondonDateTime(d.dueAt)} — ${d.title}`,
          detail: `${scopeLabel(d)}${d.link ? ` · ${d.link}` : ""}`,
        })),
      });
    } else {
      const last = await core.deadlines.latestBefore(org, now);
      blocks.push({
        type: "paragraph",
        text: `No upcoming deadlines.${last ? ` The last was ${last.title} on ${formatLondonDateTime(last.dueAt)}.` : ""}`,
      });
      blocks.push({
        type: "context",
        text: "Admins add deadlines with `deadline add <national|organisation> <title> due <date>`.",
      });
    }
    return { reply: { summary: `${upcoming.length} upcoming deadlines for ${whose}`, blocks, visibility: "private" } };
  },
});
