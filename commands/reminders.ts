import { z } from "zod";
import { badInput } from "../src/core/errors";
import { requireManage } from "../src/core/people/permissions";
import { WEEKDAYS, type OrganisationPolicy } from "../src/core/reminders/policy";
import { formatLondonDateTime } from "../src/core/time";
import { textReply, type Reply } from "../src/reply/model";
import { actorOf, defineCommand } from "./command";
import { takeKeywords } from "./words";

const VERBS = ["preview", "on", "off", "status", "set", "settings"] as const;
const SETTINGS = ["offsets", "at", "actions", "overdue", "nudge", "digest"] as const;
const SET_EXAMPLE =
  "e.g. `reminders set 02N offsets 14,7,1,0 at 09:00`, `reminders set 02N actions 3 overdue 14 nudge 2`, " +
  "`reminders set 02N digest friday 16:00` (or `digest off`), `reminders set 02N default`";
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
    "reminders preview [organisation] | reminders on | reminders off | reminders status | reminders settings [organisation] | reminders set <organisation> [offsets 14,7,1,0] [at 09:00] [actions 2] [overdue 7] [nudge 2] [digest monday 08:30|off] | reminders set <organisation> default",
  examples: [
    "reminders preview 02N",
    "reminders off",
    "reminders status",
    "reminders settings 02N",
    "reminders set 02N offsets 10,5,1 at 08:30",
    "reminders set 02N digest friday 16:00",
  ],
  needsPerson: true,
  parse(words) {
    const verb = words[0]?.toLowerCase();
    if (verb !== "set") return { verb, organisation: words.slice(1).join(" ") || undefined };
    const { rest, found } = takeKeywords(words.slice(1), SETTINGS);
    const reset = rest.at(-1)?.toLowerCase() === "default";
    return { verb, organisation: (reset ? rest.slice(0, -1) : rest).join(" ") || undefined, ...found, reset };
  },
  args: z.object({
    verb: z.enum(VERBS, {
      error:
        "Say `reminders preview`, `reminders on`, `reminders off`, `reminders status`, `reminders settings` or `reminders set`.",
    }),
    organisation: z.string().max(120).optional(),
    offsets: z
      .string()
      .regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, "Give the offsets as days before the deadline, e.g. `offsets 14,7,1,0`.")
      .optional(),
    at: z
      .string()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "Give the time as HH:MM, e.g. `at 09:00`.")
      .optional(),
    actions: z
      .string()
      .regex(/^-?\d+$/, "Give the working days before an action is due as a number, e.g. `actions 2`.")
      .optional(),
    overdue: z
      .string()
      .regex(/^-?\d+$/, "Give how many days apart overdue reminders go as a number, e.g. `overdue 7`.")
      .optional(),
    nudge: z
      .string()
      .regex(/^-?\d+$/, "Give the working days a proposal waits before a nudge as a number, e.g. `nudge 2`.")
      .optional(),
    digest: z
      .string()
      .regex(
        /^(off|on|(mon|tue|wed|thu|fri|sat|sun)[a-z]*(\s+([01]?\d|2[0-3]):[0-5]\d)?|([01]?\d|2[0-3]):[0-5]\d)$/i,
        "Give the digest's day and time, e.g. `digest monday 08:30`, or `digest off`.",
      )
      .optional(),
    reset: z.boolean().optional(),
  }),
  async run(ctx, { verb, organisation, offsets, at, actions, overdue, nudge, digest, reset }) {
    const actor = actorOf(ctx);
    const { core, now, invocation } = ctx;
    if (verb === "settings") {
      const org = organisation ? await core.organisations.resolve(organisation) : actor.organisation;
      return { reply: settingsReply(org.code, await core.reminders.settingsOf(org), "private") };
    }
    if (verb === "set") {
      if (!organisation) throw badInput(`Whose reminders? ${SET_EXAMPLE}.`);
      const org = await core.organisations.resolve(organisation);
      if (!reset && [offsets, at, actions, overdue, nudge, digest].every((v) => v === undefined))
        throw badInput(`Say what to change: ${SET_EXAMPLE}.`);
      const change = reset ? null : settingsChange({ offsets, at, actions, overdue, nudge, digest });
      const saved = await core.reminders.configure(actor, org, change);
      return { reply: settingsReply(org.code, saved, "channel") };
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
      return { reply: textReply(text, "channel") };
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

/** What `reminders set` asked to change, as policy fields; checking the numbers is the core's job. */
function settingsChange(given: Partial<Record<(typeof SETTINGS)[number], string>>): Partial<OrganisationPolicy> {
  const change: Partial<OrganisationPolicy> = {};
  const time = (hhmm: string) => hhmm.split(":").map(Number) as [number, number];
  if (given.offsets) change.deadlineOffsetsDays = given.offsets.split(",").map((n) => Number(n.trim()));
  if (given.at) [change.reminderHour, change.reminderMinute] = time(given.at);
  if (given.actions) change.actionWorkingDaysBefore = Number(given.actions);
  if (given.overdue) change.overdueEveryDays = Number(given.overdue);
  if (given.nudge) change.proposalNudgeWorkingDays = Number(given.nudge);
  if (given.digest) {
    const [first, second] = given.digest.toLowerCase().split(/\s+/) as [string, string?];
    if (first === "off") change.digestEnabled = false;
    else {
      change.digestEnabled = true;
      const day = WEEKDAYS.findIndex((d) => d.toLowerCase().startsWith(first.slice(0, 3)));
      if (day >= 0) change.digestWeekday = day + 1;
      const hhmm = day >= 0 ? second : first;
      if (hhmm && hhmm !== "on") [change.digestHour, change.digestMinute] = time(hhmm);
    }
  }
  return change;
}

const clock = (hour: number, minute: number) => `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;

/** The settings in force as a reply; the ones still at the default say so. */
function settingsReply(
  code: string,
  s: OrganisationPolicy & { own: (keyof OrganisationPolicy)[] },
  visibility: Reply["visibility"],
): Reply {
  const mark = (...keys: (keyof OrganisationPolicy)[]) => (keys.some((k) => s.own.includes(k)) ? "" : " (default)");
  const items = [
    {
      title: `Deadlines${mark("deadlineOffsetsDays", "reminderHour", "reminderMinute")}`,
      detail: `${s.deadlineOffsetsDays.join(", ")} days before, at ${clock(s.reminderHour, s.reminderMinute)}`,
    },
    {
      title: `Agreed actions${mark("actionWorkingDaysBefore", "overdueEveryDays")}`,
      detail: `${s.actionWorkingDaysBefore} working days before due and on the day, then every ${s.overdueEveryDays} days while overdue`,
    },
    {
      title: `Proposed actions${mark("proposalNudgeWorkingDays")}`,
      detail: `the thread is nudged after ${s.proposalNudgeWorkingDays} working days without agreement`,
    },
    {
      title: `Weekly digest${mark("digestEnabled", "digestWeekday", "digestHour", "digestMinute")}`,
      detail: s.digestEnabled ? `${WEEKDAYS[s.digestWeekday - 1]} at ${clock(s.digestHour, s.digestMinute)}` : "off",
    },
  ];
  const heading = `${code}'s reminders (London time, working days)`;
  return {
    summary: `${heading}: ${items.map((i) => `${i.title.toLowerCase()} ${i.detail}`).join("; ")}`,
    blocks: [
      { type: "heading", text: heading },
      { type: "items", items },
    ],
    visibility,
  };
}
