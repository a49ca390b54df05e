// The demo's planning round, on the same calendar as its figures: the figures end at the latest period published
// by the first start (demo.ts), and the round's deadlines are set around that same day, so that `deadlines`,
// `reminders preview`, the weekly digest and the charts all show something true in the first minute. The steps
// are those of a real round (NHS England's 2013/14 planning guidance, "Everyone Counts": guidance, first-cut
// plans, area team feedback, governing body sign-off, final plans, plans agreed); their days follow the seed's
// clock, not 2013's. The real national dates of 2012/13 and 2013/14 stay in the database as reference
// (reference.ts, source "reference:…"), all in the past. The console is linked to 02N, the CCG the examples use,
// so the reminders and digests it would get are there to preview.
import { addDays, atLondonTime, londonDate, previousWorkingDayOnOrBefore } from "../../core/time";
import type { PrismaClient } from "../generated/client";
import { DEADLINE_HOUR_LONDON } from "./reference";

export const DEMO_ROUND_SOURCE = "demo";

/** The CCG and area team the round's own (not national) deadlines belong to: the examples' 02N and its Q52. */
const CCG = "02N";
const AREA_TEAM = "Q52";

/** Where the round's steps come from: Everyone Counts: Planning for Patients 2013/14 (NHS England). */
const GUIDANCE = "https://www.england.nhs.uk/everyonecounts/";

/** Each step, in London calendar days from the seed's day (moved to the working day on or before). */
export const DEMO_ROUND_STEPS = [
  { days: -21, scope: "NATIONAL", title: "Demo round: planning guidance published" },
  {
    days: 9,
    scope: "NATIONAL",
    title: "Demo round: first-cut plans to the area team (activity, finance, trajectories)",
  },
  { days: 20, scope: "AREA_TEAM", title: `Demo round: ${AREA_TEAM} feedback to its CCGs on first-cut plans` },
  { days: 33, scope: "CCG", title: `Demo round: ${CCG} governing body signs off the final plan` },
  { days: 37, scope: "NATIONAL", title: "Demo round: final plans submitted" },
  { days: 58, scope: "NATIONAL", title: "Demo round: plans agreed between CCGs and area teams" },
] as const;

/** The console's channel (src/console/console-channel.ts), linked to 02N by the demo. */
export const CONSOLE_CHANNEL = { platform: "CONSOLE", tenantId: "local", channelId: "console" } as const;

export interface DemoRoundCounts {
  /** the round's deadlines this run added (none once the round is there) */
  deadlines: number;
  /** whether this run linked the console to 02N */
  linked: boolean;
}

/** The round's deadlines on `now`'s calendar: each step's day, 17:00 London, on a working day. */
export function demoRoundDeadlines(now: Date) {
  const today = londonDate(now);
  return DEMO_ROUND_STEPS.map((step) => ({
    scope: step.scope,
    organisationCode: step.scope === "NATIONAL" ? null : step.scope === "CCG" ? CCG : AREA_TEAM,
    title: step.title,
    dueAt: atLondonTime(previousWorkingDayOnOrBefore(addDays(today, step.days)), DEADLINE_HOUR_LONDON),
    link: step.scope === "NATIONAL" ? GUIDANCE : null,
    source: DEMO_ROUND_SOURCE,
  }));
}

/**
 * Adds the round once: a database that has the round's deadlines keeps them (it was planned on its first start,
 * and later runs of the seed change nothing), and the console's link to 02N is made once.
 */
export async function seedDemoRound(prisma: PrismaClient, options: { now: Date }): Promise<DemoRoundCounts> {
  let deadlines = 0;
  if ((await prisma.deadline.count({ where: { source: DEMO_ROUND_SOURCE } })) === 0) {
    const rows = demoRoundDeadlines(options.now).map((d) => ({ ...d, createdAt: options.now }));
    deadlines = (await prisma.deadline.createMany({ data: rows, skipDuplicates: true })).count;
  }
  const where = {
    platform_channelId_organisationCode: {
      platform: CONSOLE_CHANNEL.platform,
      channelId: CONSOLE_CHANNEL.channelId,
      organisationCode: CCG,
    },
  };
  const linked = !(await prisma.channelLink.findUnique({ where }));
  if (linked)
    await prisma.channelLink.create({
      data: { ...CONSOLE_CHANNEL, channelName: "console", organisationCode: CCG, createdAt: options.now },
    });
  return { deadlines, linked };
}
