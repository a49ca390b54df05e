// When reminders go out. These are the defaults the issue sets; docs/ARCHITECTURE.md explains them.

export interface ReminderPolicy {
  /** deadline reminders: London calendar days before the deadline */
  deadlineOffsetsDays: number[];
  /** London wall-clock time of reminders */
  reminderHour: number;
  reminderMinute: number;
  /** agreed actions: working days before the due date (plus one on the day) */
  actionWorkingDaysBefore: number;
  /** agreed actions: days between reminders while overdue */
  overdueEveryDays: number;
  /** proposed actions: nudge the other party after this many working days without agreement */
  proposalNudgeWorkingDays: number;
  /** weekly digest: ISO weekday (1 = Monday) and London time */
  digestWeekday: number;
  digestHour: number;
  digestMinute: number;
  /** after downtime: send with a "late" note up to this long after the due time; skip older ones */
  catchUpLimitHours: number;
}

export const DEFAULT_POLICY: ReminderPolicy = {
  deadlineOffsetsDays: [14, 7, 1, 0],
  reminderHour: 9,
  reminderMinute: 0,
  actionWorkingDaysBefore: 2,
  overdueEveryDays: 7,
  proposalNudgeWorkingDays: 2,
  digestWeekday: 1,
  digestHour: 8,
  digestMinute: 30,
  catchUpLimitHours: 12,
};

/** Checks a policy change and says what is wrong in words. */
export function policyProblems(p: Partial<ReminderPolicy>): string[] {
  const problems: string[] = [];
  for (const d of p.deadlineOffsetsDays ?? []) {
    if (!Number.isInteger(d) || d < 0 || d > 365)
      problems.push(`A reminder offset must be a whole number of days from 0 to 365 before the deadline; ${d} is not.`);
  }
  for (const [name, v, max] of [
    ["hour", p.reminderHour, 23],
    ["digest hour", p.digestHour, 23],
    ["minute", p.reminderMinute, 59],
    ["digest minute", p.digestMinute, 59],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max))
      problems.push(`The ${name} must be from 0 to ${max}; ${v} is not.`);
  }
  return problems;
}
