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
  /** weekly digest: on or off, ISO weekday (1 = Monday) and London time */
  digestEnabled: boolean;
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
  digestEnabled: true,
  digestWeekday: 1,
  digestHour: 8,
  digestMinute: 30,
  catchUpLimitHours: 12,
};

/** What an organisation's admins may change (the catch-up limit is the deployment's, not theirs). */
export type OrganisationPolicy = Omit<ReminderPolicy, "catchUpLimitHours">;

/** An organisation's stored settings, as the database keeps them: null (or no offsets) means "the default". */
export interface StoredSettings {
  deadlineOffsetsDays: number[];
  reminderHour: number | null;
  reminderMinute: number | null;
  actionWorkingDaysBefore: number | null;
  overdueEveryDays: number | null;
  proposalNudgeWorkingDays: number | null;
  digestEnabled: boolean;
  digestWeekday: number | null;
  digestHour: number | null;
  digestMinute: number | null;
}

/** Only what an organisation set, so that a later change of a default still reaches everything it left alone. */
export function overridesOf(stored: StoredSettings | null | undefined): Partial<OrganisationPolicy> {
  if (!stored) return {};
  const out: Partial<OrganisationPolicy> = {};
  if (stored.deadlineOffsetsDays.length) out.deadlineOffsetsDays = stored.deadlineOffsetsDays;
  for (const key of [
    "reminderHour",
    "reminderMinute",
    "actionWorkingDaysBefore",
    "overdueEveryDays",
    "proposalNudgeWorkingDays",
    "digestWeekday",
    "digestHour",
    "digestMinute",
  ] as const) {
    const v = stored[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  if (!stored.digestEnabled) out.digestEnabled = false;
  return out;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

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
  for (const [v, min, max, what] of [
    [p.actionWorkingDaysBefore, 0, 20, "An action's first reminder must be 0 to 20 working days before it is due"],
    [p.overdueEveryDays, 1, 60, "Overdue actions must be reminded every 1 to 60 days"],
    [p.proposalNudgeWorkingDays, 1, 20, "A proposal's nudge must come after 1 to 20 working days"],
    [p.digestWeekday, 1, 7, "The digest's day must be a weekday name"],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) problems.push(`${what}; ${v} is not.`);
  }
  return problems;
}
