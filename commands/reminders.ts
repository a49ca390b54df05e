import { z } from "zod";
import { badInput } from "../src/core/errors";
import { requireManage } from "../src/core/people/permissions";
import { formatLondonDateTime } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { actorOf, defineCommand } from "./command";

const VERBS = ["preview", "on", "off", "status"] as const;
const PREVIEW_DAYS = 14;

const describeTarget = (t: string) =>
  t
    .replace(/^channel:/, "channel ")
    .replace(/^thread:([^:]+):.*/, "thread in $1")
    .replace(/^person:[^:]+:/, "direct message to ");

export const remindersCommand = defineCommand({
  name: "reminders",
  summary: "What reminders will go out and where; switch them on or off for this channel; failed deliveries (admins)",
  usage: "reminders preview [organisation] | reminders on | reminders off | reminders status",
  examples: ["reminders preview 02N", "reminders off", "reminders status"],
  needsPerson: true,
  parse: (words) => ({ verb: words[0]?.toLowerCase(), organisation: words.slice(1).join(" ") || undefined }),
  args: z.object({
    verb: z.enum(VERBS, { error: "Say `reminders preview`, `reminders on`, `reminders off` or `reminders status`." }),
    organisation: z.string().max(120).optional(),
  }),
  async run(ctx, { verb, organisation }) {
    const actor = actorOf(ctx);
    const { core, now, invocation } = ctx;
    if (verb === "on" || verb === "off") {
      if (!invocation.channel) throw badInput("Run this in the channel whose reminders you want to change.");
      await core.links.setReminders(
        actor,
        { platform: invocation.user.platform, channelId: invocation.channel.id },
        verb === "on",
      );
      const text =
        verb === "on"
          ? "Reminders and digests are on for this channel."
          : "Reminders and digests are off for this channel. `reminders on` brings them back.";
      return { reply: { summary: text, blocks: [{ type: "paragraph", text }], visibility: "channel" } };
    }
    if (verb === "status") {
      requireManage(actor, actor.organisation, "see delivery problems");
      const problems = await core.reminders.problems(now);
      const blocks: Reply["blocks"] = [{ type: "heading", text: "Reminder deliveries: problems in the last 7 days" }];
      blocks.push(
        problems.length
          ? {
              type: "items",
              items: problems.map((p) => ({
                title: `${p.status.toLowerCase()}${p.late ? " (late)" : ""} · ${p.kind} · ${describeTarget(p.target)} · due ${formatLondonDateTime(p.dueAt)}`,
                detail: p.lastError ?? (p.late && p.sentAt ? `sent ${formatLondonDateTime(p.sentAt)}` : undefined),
              })),
            }
          : { type: "paragraph", text: "None: every reminder due went out on time." },
      );
      return { reply: { summary: `${problems.length} delivery problems`, blocks, visibility: "private" } };
    }
    const org = organisation ? await core.organisations.resolve(organisation) : actor.organisation;
    const coming = await core.reminders.preview(now, PREVIEW_DAYS, org);
    const blocks: Reply["blocks"] = [
      { type: "heading", text: `Reminders for ${org.code} in the next ${PREVIEW_DAYS} days` },
    ];
    blocks.push(
      coming.length
        ? {
            type: "items",
            items: coming.slice(0, 40).map((o) => ({
              title: `${formatLondonDateTime(o.dueAt)} · ${o.kind}`,
              detail: `${o.platform.toLowerCase()} ${describeTarget(o.key.split(":").slice(-2).join(":"))}`,
            })),
          }
        : {
            type: "paragraph",
            text: "Nothing is due. Reminders go to linked channels (`link <organisation>`) with reminders on.",
          },
    );
    return { reply: { summary: `${coming.length} reminders coming for ${org.code}`, blocks, visibility: "private" } };
  },
});
