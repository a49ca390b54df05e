// Reminders for the rest of the app: what is due, what will be sent (preview), and what to say.
import type { ActionWithDiscussion } from "../actions/actions";
import type { Deadline, Discussion, PrismaClient, ReminderDelivery } from "../db";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { DeliveryLedger, type EnsureResult } from "./ledger";
import { planOccurrences, type Occurrence, type PlanInput } from "./plan";
import { badInput } from "../errors";
import type { Actor } from "../people/actor";
import { requireManage } from "../people/permissions";
import {
  DEFAULT_POLICY,
  overridesOf,
  policyProblems,
  type OrganisationPolicy,
  type ReminderPolicy,
  type StoredSettings,
} from "./policy";

const DAY = 86_400_000;
/** How far back planning looks, so reminders missed during downtime get a row (sent late or skipped). */
export const LOOKBACK_DAYS = 7;

export class ReminderService {
  readonly ledger: DeliveryLedger;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    readonly policy: ReminderPolicy = DEFAULT_POLICY,
  ) {
    this.ledger = new DeliveryLedger(prisma);
  }

  /** Everything planning needs, for occurrences with due times in [from, to). */
  async planInput(from: Date, to: Date): Promise<PlanInput> {
    const maxOffset = Math.max(0, ...this.policy.deadlineOffsetsDays) + 3;
    const [deadlines, actions, links, settings, planSubmissions] = await Promise.all([
      this.prisma.deadline.findMany({
        where: { dueAt: { gte: new Date(from.getTime() - DAY), lte: new Date(to.getTime() + maxOffset * DAY) } },
      }),
      this.prisma.action.findMany({
        where: { status: { in: ["AGREED", "PROPOSED"] } },
        include: { discussion: true },
      }),
      this.prisma.channelLink.findMany({ include: { organisation: true } }),
      this.prisma.reminderSetting.findMany(),
      this.prisma.planVersion.findMany({
        where: { source: { not: "demo" } },
        select: { organisationCode: true, createdAt: true },
      }),
    ]);
    const overrides = new Map(settings.map((s) => [s.organisationCode, overridesOf(s)]));
    const ownerIds = [...new Set(actions.map((a) => a.ownerPersonId).filter((x): x is string => !!x))];
    const [identities, owners] = ownerIds.length
      ? await Promise.all([
          this.prisma.platformIdentity.findMany({
            where: { personId: { in: ownerIds }, platform: { not: "CONSOLE" } },
          }),
          this.prisma.person.findMany({
            where: { id: { in: ownerIds } },
            select: { id: true, organisationCode: true },
          }),
        ])
      : [[], []];
    const ownerOrganisation = new Map(owners.map((o) => [o.id, o.organisationCode]));
    return {
      deadlines,
      planSubmissions,
      channels: links.map((l) => ({
        platform: l.platform,
        channelId: l.channelId,
        organisationCode: l.organisationCode,
        areaTeamCode: l.organisation.areaTeamCode,
        remindersEnabled: l.remindersEnabled,
        settings: overrides.get(l.organisationCode) ?? {},
      })),
      actions: actions.map((a) => ({
        id: a.id,
        status: a.status,
        dueDate: a.dueDate,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
        version: a.version,
        thread:
          a.discussion.threadPlatform && a.discussion.threadChannel && a.discussion.threadRootId
            ? {
                platform: a.discussion.threadPlatform,
                channelId: a.discussion.threadChannel,
                rootId: a.discussion.threadRootId,
              }
            : null,
        owners: identities
          .filter((i) => i.personId === a.ownerPersonId)
          .map((i) => ({ platform: i.platform, tenantId: i.tenantId, userId: i.userId })),
        // The owner's side chose how its people are reminded; with no owner, the CCG's settings.
        settings:
          overrides.get((a.ownerPersonId && ownerOrganisation.get(a.ownerPersonId)) || a.discussion.ccgCode) ?? {},
      })),
    };
  }

  /** Occurrences due by now (looking back LOOKBACK_DAYS), as ledger rows: how many were new, and skipped. */
  async recordDue(now: Date): Promise<EnsureResult> {
    const from = new Date(now.getTime() - LOOKBACK_DAYS * DAY);
    const to = new Date(now.getTime() + 1);
    const due = planOccurrences(await this.planInput(from, to), this.policy, from, to);
    return this.ledger.ensure(due, now, this.policy.catchUpLimitHours);
  }

  /** What will be sent in the coming days, optionally only to one organisation's channels. */
  async preview(now: Date, days: number, organisation?: OrganisationSummary): Promise<Occurrence[]> {
    const to = new Date(now.getTime() + days * DAY);
    const input = await this.planInput(now, to);
    const all = planOccurrences(input, this.policy, now, to);
    if (!organisation) return all;
    const theirChannels = new Set(
      input.channels.filter((c) => c.organisationCode === organisation.code).map((c) => c.channelId),
    );
    return all.filter((o) => o.target.kind !== "person" && theirChannels.has(o.target.channelId));
  }

  /**
   * An admin changes the organisation's reminder settings: only the settings given change, the rest stay as they
   * were (their own or the default). `null` restores every default.
   */
  async configure(actor: Actor, organisation: OrganisationSummary, change: Partial<OrganisationPolicy> | null) {
    requireManage(actor, organisation, `change ${organisation.code}'s reminders`);
    if (!change) {
      await this.prisma.reminderSetting.deleteMany({ where: { organisationCode: organisation.code } });
      return this.settingsOf(organisation);
    }
    const problems = policyProblems(change);
    if (change.deadlineOffsetsDays?.length === 0) problems.push("Give at least one offset, e.g. 14,7,1,0.");
    if (problems.length)
      throw badInput(problems.join(" "), "For example: `reminders set 02N offsets 14,7,1,0 at 09:00`.");
    const data: Partial<StoredSettings> & { updatedById: string } = { ...change, updatedById: actor.personId };
    if (change.deadlineOffsetsDays)
      data.deadlineOffsetsDays = [...new Set(change.deadlineOffsetsDays)].sort((a, b) => b - a);
    await this.prisma.reminderSetting.upsert({
      where: { organisationCode: organisation.code },
      create: { organisationCode: organisation.code, deadlineOffsetsDays: [], ...data },
      update: data,
    });
    return this.settingsOf(organisation);
  }

  /** The settings in force for an organisation: its own where it set them, the defaults for the rest. */
  async settingsOf(
    organisation: OrganisationSummary,
  ): Promise<OrganisationPolicy & { own: (keyof OrganisationPolicy)[] }> {
    const stored = await this.prisma.reminderSetting.findUnique({ where: { organisationCode: organisation.code } });
    const own = overridesOf(stored);
    const { catchUpLimitHours: _, ...defaults } = this.policy;
    return { ...defaults, ...own, own: Object.keys(own) as (keyof OrganisationPolicy)[] };
  }

  /** The organisation a linked channel speaks for (first link wins), for digests. */
  async organisationOf(code: string) {
    return this.organisations.byCode(code);
  }

  /**
   * What a delivery is about, read fresh when it is sent: a reminder for an action that has since been
   * done or dropped is not sent (null, with the reason).
   */
  async subjectOf(row: ReminderDelivery, now: Date): Promise<DeliverySubject> {
    const subject = (row.payload ?? {}) as Occurrence["subject"];
    if (row.kind === "deadline" && subject.deadlineId) {
      const deadline = await this.prisma.deadline.findUnique({ where: { id: subject.deadlineId } });
      if (!deadline) return { skip: "the deadline was removed" };
      return { kind: "deadline", deadline, daysBefore: subject.daysBefore ?? 0 };
    }
    if (subject.actionId) {
      const action = await this.prisma.action.findUnique({
        where: { id: subject.actionId },
        include: { discussion: true },
      });
      if (!action) return { skip: "the action was removed" };
      const wanted = row.kind === "proposal-nudge" ? "PROPOSED" : "AGREED";
      if (action.status !== wanted) return { skip: `the action is now ${action.status.toLowerCase()}` };
      return {
        kind: row.kind === "proposal-nudge" ? "nudge" : row.kind === "action-overdue" ? "overdue" : "due",
        action,
      };
    }
    if (row.kind === "digest" && subject.organisationCode) {
      const organisation = await this.organisations.byCode(subject.organisationCode);
      if (!organisation) return { skip: "the organisation is unknown" };
      const ccgs = organisation.kind === "CCG" ? [organisation] : await this.organisations.ccgsOf(organisation.code);
      const where = organisation.kind === "CCG" ? { ccgCode: organisation.code } : { areaTeamCode: organisation.code };
      const [openDiscussions, openActions] = await Promise.all([
        this.prisma.discussion.findMany({ where: { ...where, status: "OPEN" }, orderBy: { openedAt: "desc" } }),
        this.prisma.action.findMany({
          where: { discussion: where, status: { in: ["PROPOSED", "AGREED"] } },
          include: { discussion: true },
        }),
      ]);
      return { kind: "digest", organisation, ccgCodes: ccgs.map((c) => c.code), openDiscussions, openActions, now };
    }
    if (row.kind === "appraisal-prompt" && subject.appraisalRoundId && subject.organisationCode) {
      const round = await this.prisma.appraisalRound.findUnique({ where: { id: subject.appraisalRoundId } });
      if (!round) return { skip: "the appraisal round was removed" };
      if (now >= round.closesAt) return { skip: "the appraisal round has closed" };
      const organisation = await this.organisations.byCode(subject.organisationCode);
      if (!organisation) return { skip: "the organisation is unknown" };
      const questions = round.questions as string[];
      return { kind: "appraisal", organisation, year: round.year, closesAt: round.closesAt, questions };
    }
    return { skip: "nothing to say" };
  }

  problems(now: Date): Promise<ReminderDelivery[]> {
    return this.ledger.problems(new Date(now.getTime() - LOOKBACK_DAYS * DAY));
  }
}

export type DeliverySubject =
  | { skip: string }
  | { kind: "appraisal"; organisation: OrganisationSummary; year: number; closesAt: Date; questions: string[] }
  | { kind: "deadline"; deadline: Deadline; daysBefore: number }
  | { kind: "due" | "overdue" | "nudge"; action: ActionWithDiscussion }
  | {
      kind: "digest";
      organisation: OrganisationSummary;
      ccgCodes: string[];
      openDiscussions: Discussion[];
      openActions: ActionWithDiscussion[];
      now: Date;
    };
