import { z } from "zod";
import { badInput } from "../src/core/errors";
import { requireManage } from "../src/core/people/permissions";
import { formatLondonDateTime } from "../src/core/time";
import type { Reply } from "../src/reply/model";
import { actorOf, defineCommand } from "./command";
import { takeKeywords } from "./words";

const VERBS = ["preview", "on", "off", "status", "set"] as const;
const PREVIEW_DAYS = 14;

const describeTarget = (t: string) =>
  t
    .replace(/^channel:/, "channel ")
    .replace(/^thread:([^:]+):.*/, "thread in $1")
    .replace(/^person:[^:]+:/, "direct message to ");

export const remindersCommand = defineCommand({
  name: "reminders",
  summary: "What reminders will go out and where; switch them on or off for this channel; failed deliveries (admins)",
  usage:
    "reminders preview [organisation] | reminders on | reminders off | reminders status | reminders set <organisation> offsets 14,7,1,0 [at 09:00] | reminders set <organisation> default",
  examples: ["reminders preview 02N", "reminders off", "reminders status", "reminders set 02N offsets 10,5,1 at 08:30"],
  needsPerson: true,
  parse(words) {
    const verb = words[0]?.toLowerCase();
    if (verb !== "set") return { verb, organisation: words.slice(1).join(" ") || undefined };
    const { rest, found } = takeKeywords(words.slice(1), ["offsets", "at"] as const);
    const reset = rest.at(-1)?.toLowerCase() === "default";
    return {
      verb,
      organisation: (reset ? rest.slice(0, -1) : rest).join(" ") || undefined,
      offsets: found.offsets,
      at: found.at,
      reset,
    };
  },
  args: z.object({
    verb: z.enum(VERBS, { error: "Say `reminders preview`, `reminders on`, `reminders off` or `reminders status`." }),
    organisation: z.string().max(120).optional(),
    offsets: z
      .string()
      .regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, "Give the offsets as days before the deadline, e.g. `offsets 14,7,1,0`.")
      .optional(),
    at: z
      .string()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "Give the time as HH:MM, e.g. `at 09:00`.")
      .optional(),
    reset: z.boolean().optional(),
  }),
  async run(ctx, { verb, organisation, offsets, at, reset }) {
    const actor = actorOf(ctx);
    const { core, now, invocation } = ctx;
    if (verb === "set") {
      if (!organisation) throw badInput("Whose reminders? e.g. `reminders set 02N offsets 14,7,1,0 at 09:00`.");
      const org = await core.organisations.resolve(organisation);
      if (!reset && !offsets && !at)
        throw badInput("Say what to change: `offsets 14,7,1,0`, `at 09:00`, or `default`.");
      const current = await core.reminders.settingsOf(org);
      const [hour, minute] = at ? at.split(":").map(Number) : [current.reminderHour, current.reminderMinute];
      const saved = await core.reminders.configure(
        actor,
        org,
        reset
          ? null
          : {
              deadlineOffsetsDays: offsets
                ? offsets.split(",").map((n) => Number(n.trim()))
                : current.deadlineOffsetsDays,
              reminderHour: hour!,
              reminderMinute: minute!,
            },
      );
      const text = saved
        ? `${org.code}'s deadline reminders: ${saved.deadlineOffsetsDays.join(", ")} days before, at ${String(saved.reminderHour).padStart(2, "0")}:${String(saved.reminderMinute).padStart(2, "0")} London time, on working days.`
        : `${org.code}'s deadline reminders are back to the defaults.`;
      return { reply: { summary: text, blocks: [{ type: "paragraph", text }], visibility: "channel" } };
    }
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
