// What is due, and when: pure functions from deadlines, actions and channel links to occurrences.
// Each occurrence has a unique key (what, which occurrence, which target), which the ledger makes
// a row of exactly once, however many replicas plan it.
import type { ActionStatus, DeadlineScope, Platform } from "../db";
import { isPlanSubmissionDeadline } from "../plans/round";
import { addDays, atLondonTime, londonCalendarDaysBetween, londonDate, storedDate } from "../time/london";
import { addWorkingDays, previousWorkingDayOnOrBefore } from "../time/working-days";
import type { OrganisationPolicy, ReminderPolicy } from "./policy";
import { targetKey, type Target } from "./target";

export type OccurrenceKind =
  | "deadline"
  | "action-due"
  | "action-overdue"
  | "proposal-nudge"
  | "digest"
  /** a CCG channel's prompt to appraise its area team (src/scheduler/appraisal.ts records these) */
  | "appraisal-prompt"
  /** a review item an escalation rule raised (src/core/escalation) */
  | "review-item";

export interface Occurrence {
  key: string;
  kind: OccurrenceKind;
  dueAt: Date;
  platform: Platform;
  target: Target;
  /** what it is about: deadline id, action id; for digests the channel's organisation */
  subject: {
    deadlineId?: number;
    actionId?: number;
    organisationCode?: string;
    daysBefore?: number;
    /** the how-manieth overdue reminder this is */
    overdueNumber?: number;
    /** the appraisal round an appraisal prompt is for */
    appraisalRoundId?: number;

    /** the review item to post */
    reviewItemId?: number;
  };
}

export interface PlanChannel {
  platform: Platform;
  channelId: string;
  organisationCode: string;
  /** the channel organisation's area team, for area-team-scoped deadlines */
  areaTeamCode: string | null;
  remindersEnabled: boolean;
  /** what the channel's organisation changed from the defaults (deadline reminders, digest) */
  settings?: Partial<OrganisationPolicy>;
}

export interface PlanDeadline {
  id: number;
  scope: DeadlineScope;
  organisationCode: string | null;
  title: string;
  dueAt: Date;
  createdAt: Date;
}

export interface PlanAction {
  id: number;
  status: ActionStatus;
  /** stored plain date */
  dueDate: Date | null;
  createdAt: Date;
  /** the last change (from the injected clock): a proposal's wait for agreement starts here */
  updatedAt: Date;
  version: number;
  thread: { platform: Platform; channelId: string; rootId: string } | null;
  /** the owner's platform accounts */
  owners: { platform: Platform; tenantId: string; userId: string }[];
  /** what the owner's organisation (the CCG's when no one owns it) changed from the defaults */
  settings?: Partial<OrganisationPolicy>;
}

export interface PlanInput {
  deadlines: PlanDeadline[];
  actions: PlanAction[];
  channels: PlanChannel[];
  /** when each CCG submitted a plan version (demo plans are no submission) */
  planSubmissions?: { organisationCode: string; createdAt: Date }[];
}

/** A plan submission counts for a deadline when it came in the half year before it: this round's, not last year's. */
const ROUND_DAYS = 183;

/** A CCG that has submitted its plan for this plan deadline needs no reminder of it; its area team still has one. */
function submittedFor(deadline: PlanDeadline, channel: PlanChannel, input: PlanInput): boolean {
  if (channel.areaTeamCode === null || !isPlanSubmissionDeadline(deadline.title)) return false;
  const since = deadline.dueAt.getTime() - ROUND_DAYS * 86_400_000;
  return (input.planSubmissions ?? []).some(
    (s) =>
      s.organisationCode === channel.organisationCode &&
      s.createdAt.getTime() >= since &&
      s.createdAt <= deadline.dueAt,
  );
}

/** The London time of a reminder on a date, moved to the working day before when the date is not one. */
function sendTime(
  date: string,
  policy: ReminderPolicy,
  hour = policy.reminderHour,
  minute = policy.reminderMinute,
): Date {
  return atLondonTime(previousWorkingDayOnOrBefore(date), hour, minute);
}

function inScope(deadline: PlanDeadline, channel: PlanChannel): boolean {
  if (deadline.scope === "NATIONAL") return true;
  if (deadline.scope === "AREA_TEAM")
    return channel.organisationCode === deadline.organisationCode || channel.areaTeamCode === deadline.organisationCode;
  return channel.organisationCode === deadline.organisationCode;
}

const channelTarget = (c: PlanChannel): Target => ({ kind: "channel", channelId: c.channelId });

/** Every occurrence with a due time in [from, to). */
export function planOccurrences(input: PlanInput, policy: ReminderPolicy, from: Date, to: Date): Occurrence[] {
  const out: Occurrence[] = [];
  const within = (t: Date) => t >= from && t < to;
  const channels = input.channels.filter((c) => c.remindersEnabled);

  for (const deadline of input.deadlines) {
    const day = londonDate(deadline.dueAt);
    for (const channel of channels.filter((c) => inScope(deadline, c) && !submittedFor(deadline, c, input))) {
      // The channel's organisation may have its own offsets and time of day.
      const p = { ...policy, ...channel.settings };
      const used = new Set<string>();
      // Smallest offset first: when two offsets land on the same working day, the nearer one is sent.
      for (const offset of [...p.deadlineOffsetsDays].sort((a, b) => a - b)) {
        let at = sendTime(addDays(day, -offset), p);
        // A same-day reminder after the deadline itself has passed is no use: send it before.
        if (offset === 0 && at > deadline.dueAt) at = deadline.dueAt;
        const stamp = at.toISOString();
        const skip = used.has(stamp) || at < deadline.createdAt || !within(at);
        used.add(stamp);
        if (skip) continue;
        const target = channelTarget(channel);
        out.push({
          key: `deadline:${deadline.id}:d${offset}:${channel.platform}:${targetKey(target)}`,
          kind: "deadline",
          dueAt: at,
          platform: channel.platform,
          target,
          // the days actually left when it goes out (a reminder moved before a holiday says so)
          subject: { deadlineId: deadline.id, daysBefore: londonCalendarDaysBetween(at, day) },
        });
      }
    }
  }

  for (const action of input.actions) {
    const p = { ...policy, ...action.settings };
    const targets: { platform: Platform; target: Target }[] = [];
    if (action.thread)
      targets.push({
        platform: action.thread.platform,
        target: { kind: "thread", channelId: action.thread.channelId, rootId: action.thread.rootId },
      });
    for (const o of action.owners)
      targets.push({ platform: o.platform, target: { kind: "person", tenantId: o.tenantId, userId: o.userId } });
    const emit = (kind: OccurrenceKind, label: string, at: Date, extra: Occurrence["subject"] = {}, only = targets) => {
      if (!within(at) || at < action.createdAt) return;
      for (const t of only) {
        out.push({
          key: `action:${action.id}:${label}:${t.platform}:${targetKey(t.target)}`,
          kind,
          dueAt: at,
          platform: t.platform,
          target: t.target,
          subject: { actionId: action.id, ...extra },
        });
      }
    };
    if (action.status === "AGREED" && action.dueDate) {
      const due = storedDate(action.dueDate);
      const before = sendTime(addWorkingDays(due, -p.actionWorkingDaysBefore), p);
      const onDay = sendTime(due, p);
      if (before.getTime() !== onDay.getTime())
        emit("action-due", `before${p.actionWorkingDaysBefore}`, before, {
          daysBefore: p.actionWorkingDaysBefore,
        });
      emit("action-due", "day", onDay, { daysBefore: 0 });
      // Every overdueEveryDays while overdue: only up to `to`, so the list stays finite.
      for (let week = 1; ; week++) {
        const at = sendTime(addDays(due, week * p.overdueEveryDays), p);
        if (at >= to) break;
        emit("action-overdue", `overdue${week}`, at, { overdueNumber: week });
      }
    }
    if (action.status === "PROPOSED") {
      // One nudge per wording: an edit (a new version) starts the wait again. To the thread only.
      const proposedOn = londonDate(action.updatedAt);
      const at = sendTime(addWorkingDays(proposedOn, p.proposalNudgeWorkingDays), p);
      const threadOnly = targets.filter((t) => t.target.kind === "thread");
      emit("proposal-nudge", `nudge-v${action.version}`, at, {}, threadOnly);
    }
  }

  // Weekly digests, per linked channel, on the day and time its organisation chose. Days a little past `to` count
  // too: a bank holiday Monday's digest goes out on the working day before, inside the window.
  for (let day = londonDate(from); day <= addDays(londonDate(to), 7); day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
    for (const channel of channels) {
      const p = { ...policy, ...channel.settings };
      if (!p.digestEnabled || weekday !== p.digestWeekday) continue;
      const at = sendTime(day, p, p.digestHour, p.digestMinute);
      if (!within(at)) continue;
      const target = channelTarget(channel);
      out.push({
        key: `digest:${day}:${channel.platform}:${targetKey(target)}`,
        kind: "digest",
        dueAt: at,
        platform: channel.platform,
        target,
        subject: { organisationCode: channel.organisationCode },
      });
    }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}
