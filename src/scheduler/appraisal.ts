// The yearly appraisal round, scheduled: a daily job (one replica a day, src/scheduler/daily-jobs.ts) opens the round
// on its day and records a prompt for each CCG's linked channel in the reminder ledger, keyed by round and channel,
// so each channel is asked once, never twice, however often the job runs; the reminder loop sends them like any
// reminder (retries, catch-up, failures for admins). A channel linked while the round is open is asked the next day.
import type { Core } from "../core";
import { AppraisalService, MIN_CCGS, parseSchedule, SCALE } from "../core/appraisal/appraisal";
import type { Occurrence } from "../core/reminders/plan";
import type { DeliverySubject } from "../core/reminders/reminders";
import { formatLondonDate } from "../core/time";
import type { Reply } from "../reply/model";
import { answerButton } from "../reply/views/appraisal";
import { LATE_NOTE } from "../reply/views/reminders";
import type { DailyJob } from "./daily-jobs";

/** The daily job; `day` is APPRAISAL_ROUND ("05-01"). Runs at the reminders' hour, 09:00 London. */
export function appraisalJob(core: Core, day: string): DailyJob {
  const schedule = parseSchedule(day, core.reminders.policy.reminderHour);
  const hh = String(schedule.hour).padStart(2, "0");
  return {
    name: "appraisal-round",
    at: `${hh}:00`,
    async run(now) {
      const appraisal = new AppraisalService(core.prisma, core.organisations);
      const round = await appraisal.ensureRound(schedule, now);
      if (!round || !appraisal.isOpen(round, now)) return { round: round?.year ?? null, prompts: 0 };
      const channels = await appraisal.promptChannels();
      const occurrences: Occurrence[] = channels.map((c) => ({
        key: `appraisal:${round.year}:${c.platform}:channel:${encodeURIComponent(c.channelId)}`,
        kind: "appraisal-prompt",
        dueAt: now,
        platform: c.platform,
        target: { kind: "channel", channelId: c.channelId },
        subject: { appraisalRoundId: round.id, organisationCode: c.organisationCode },
      }));
      const { created } = await core.reminders.ledger.ensure(occurrences, now, core.reminders.policy.catchUpLimitHours);
      return { round: round.year, prompts: created };
    },
  };
}

/** The prompt a CCG's channel gets: the statements to rate and how to answer. */
export function appraisalPrompt(subject: Extract<DeliverySubject, { kind: "appraisal" }>, late: boolean): Reply {
  const n = subject.questions.length;
  const summary = `${subject.organisation.code}: how did your area team do in the planning dialogue? The ${subject.year} appraisal is open until ${formatLondonDate(subject.closesAt)}`;
  return {
    summary,
    blocks: [
      { type: "heading", text: `Appraise your area team (${subject.year})` },
      {
        type: "paragraph",
        text: `Once a year each CCG appraises its area team's part in the planning dialogue. Rate each statement from ${SCALE.min} (strongly disagree) to ${SCALE.max} (strongly agree):`,
      },
      { type: "items", items: subject.questions.map((q, i) => ({ title: `${i + 1}. ${q}` })) },
      { type: "buttons", buttons: [answerButton(subject)] },
      {
        type: "paragraph",
        text: `Or answer with \`appraisal answer ${Array.from({ length: n }, (_, i) => [4, 3, 5, 4][i % 4]).join(" ")} any comment\`, one rating per statement in order, by ${formatLondonDate(subject.closesAt)}.`,
      },
      {
        type: "context",
        text: `Your answer is kept apart from your name once sent; your area team sees only totals, and only once at least ${MIN_CCGS} of its CCGs have answered. Each person answers once.`,
      },
      ...(late ? [{ type: "context" as const, text: LATE_NOTE }] : []),
    ],
    visibility: "channel",
  };
}
