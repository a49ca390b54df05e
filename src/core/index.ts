// The core's public face: every domain service, wired to one database and one clock.
import { PlanService } from "./plans/plans";
import { PositionService } from "./position/position";
import type { PrismaClient } from "./db";
import { ActionService } from "./actions/actions";
import { DeadlineService } from "./deadlines/deadlines";
import { DiscussionService } from "./discussions/discussions";
import { InboundDeliveries } from "./inbound/deliveries";
import { InstallationService } from "./installations/installations";
import type { IndicatorStatusService } from "./indicators/status";
import { CachedIndicatorStatusService } from "./indicators/status-cache";
import { LocalPriorityService } from "./indicators/local-priorities";
import { LinkService } from "./links/links";
import { OrganisationDirectory } from "./organisations/directory";
import { PeopleService } from "./people/people";
import { ReminderService } from "./reminders/reminders";
import { DEFAULT_POLICY, type ReminderPolicy } from "./reminders/policy";
import type { Clock } from "./time";

export interface Core {
  prisma: PrismaClient;
  clock: Clock;
  organisations: OrganisationDirectory;
  people: PeopleService;
  links: LinkService;
  indicators: IndicatorStatusService;
  localPriorities: LocalPriorityService;
  plans: PlanService;
  positions: PositionService;
  discussions: DiscussionService;
  actions: ActionService;
  deadlines: DeadlineService;
  inbound: InboundDeliveries;
  reminders: ReminderService;
  installations: InstallationService;
  /** signed links to trend chart images; set by the chart route (src/charts/route.ts) when it is mounted */
  charts?: ChartLinker;
}

/**
 * Makes the link to one CCG's trend chart for an indicator. `upto` is the last period the reply shows: the link
 * then draws the chart up to that period even after newer figures arrive, so an old message's chart still
 * matches its words.
 */
export interface ChartLinker {
  /** the signed path on this server, for pages the bot serves itself (the tab) */
  path(ccg: string, indicator: string, upto?: Date): string;
  /** the absolute URL Slack's and Teams' image proxies fetch; undefined when the bot has no PUBLIC_URL */
  url(ccg: string, indicator: string, upto?: Date): string | undefined;
}

export interface CoreOptions {
  /** the deployment's reminder policy, where it differs from the defaults (REMINDER_CATCH_UP_HOURS) */
  policy?: Partial<ReminderPolicy>;
}

export function createCore(prisma: PrismaClient, clock: Clock, options: CoreOptions = {}): Core {
  const organisations = new OrganisationDirectory(prisma);
  const discussions = new DiscussionService(prisma, organisations);
  return {
    prisma,
    clock,
    organisations,
    people: new PeopleService(prisma, organisations),
    links: new LinkService(prisma, organisations),
    indicators: new CachedIndicatorStatusService(prisma, organisations),
    localPriorities: new LocalPriorityService(prisma, organisations),
    plans: new PlanService(prisma, organisations),
    positions: new PositionService(prisma, organisations),
    discussions,
    actions: new ActionService(prisma, organisations, discussions),
    deadlines: new DeadlineService(prisma, organisations),
    inbound: new InboundDeliveries(prisma),
    reminders: new ReminderService(prisma, organisations, { ...DEFAULT_POLICY, ...options.policy }),
    installations: new InstallationService(prisma),
  };
}

export type { Actor, PlatformUser } from "./people/actor";
export { DomainError } from "./errors";
