// The core's public face: every domain service, wired to one database and one clock.
import type { ExportLinker } from "./actions/export";
import { PlanService } from "./plans/plans";
import { PlanLineService } from "./plans/line-edit";
import { PositionService } from "./position/position";
import { GridService } from "./position/grid";
import type { PrismaClient } from "./db";
import { ActionService } from "./actions/actions";
import { AssuranceService } from "./assurance/assurance";
import { EscalationService } from "./escalation/escalation";
import { ReviewItemService } from "./escalation/review-items";
import { ReviewService } from "./reviews/reviews";
import { fixedRules, RulesFile, type EscalationRules } from "./escalation/rules-file";
import { DeadlineService } from "./deadlines/deadlines";
import { DiscussionService } from "./discussions/discussions";
import { InboundDeliveries } from "./inbound/deliveries";
import { InstallationService } from "./installations/installations";
import type { IndicatorStatusService } from "./indicators/status";
import { CachedIndicatorStatusService } from "./indicators/status-cache";
import { CachedPositionService } from "./position/position-cache";
import { sharedVersionReads } from "./caching/shared-version-reads";
import { prismaVersionReader, rawVersionReader, type PlainSql } from "./indicators/data-version";
import { IndicatorDefinitions } from "./indicators/definitions";
import { LocalPriorityService } from "./indicators/local-priorities";
import { CachedLinkService } from "./links/channel-cache";
import type { LinkService } from "./links/links";
import { OrganisationDirectory } from "./organisations/directory";
import { CachedPeopleService } from "./people/identity-cache";
import type { PeopleService } from "./people/people";
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
  /** indicator definitions, read once per change of the Indicator table (data version) */
  indicatorDefinitions: IndicatorDefinitions;
  localPriorities: LocalPriorityService;
  plans: PlanService;
  /** one line of a CCG's plan changed from chat (`plan 02N set`, Slack's Edit form): the next version */
  planLines: PlanLineService;
  positions: PositionService;
  /** an area team's CCGs (or England's area teams) × the national ask, RAG of figure and of plan */
  grids: GridService;
  discussions: DiscussionService;
  actions: ActionService;
  deadlines: DeadlineService;
  inbound: InboundDeliveries;
  reminders: ReminderService;
  installations: InstallationService;
  /** quarterly assurance checkpoints: two views side by side (src/core/assurance) */
  assurance: AssuranceService;
  /** escalation rules (config/escalation-rules.json) and the review items they raise (src/core/escalation) */
  escalation: EscalationService;
  reviewItems: ReviewItemService;
  /** performance reviews: automatic agenda, outcomes, minutes agreed by both (src/core/reviews) */
  reviews: ReviewService;
  /** signed links to trend chart images; set by the chart route (src/charts/route.ts) when it is mounted */
  charts?: ChartLinker;
  /** signed links to exports (`export 02N actions`); set by the export route (src/exports/route.ts) when mounted */
  exports?: ExportLinker;
  /** signed download links to files the bot makes (planning templates); set where this server serves them */
  fileLinks?: FileLinker;
}

/** Makes the absolute URL of a file the bot rebuilds on request (`plan-template/02N/2014.csv`), or undefined. */
export interface FileLinker {
  url(key: string): string | undefined;
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
  /** the escalation rules, where not the file's (tests) */
  escalationRules?: EscalationRules;
  /** where a rules file that changed but could not be used is reported (the previous rules stay in force) */
  reportRulesProblem?: (message: string) => void;
  /**
   * Where the caches read the data version without Prisma (cheaper); Prisma when absent. The app gives the
   * database's `versionSql`: PGlite's one connection, or on PostgreSQL a small pool of its own with the query time
   * limit (never the raw pool, the migrations' and imports', which has none and would queue the hot path).
   */
  versionSql?: PlainSql;
  /**
   * Where the inbound claim every command makes goes without Prisma (its one statement); Prisma when absent. The app
   * gives the database's `commandSql`: Prisma's own pool, so the same connections and query time limit.
   */
  commandSql?: PlainSql;
}

export function createCore(prisma: PrismaClient, clock: Clock, options: CoreOptions = {}): Core {
  const organisations = new OrganisationDirectory(prisma);
  const discussions = new DiscussionService(prisma, organisations);
  // One reader for every cache, its reads shared between concurrent commands (shared-version-reads.ts)
  const readVersion = sharedVersionReads(
    options.versionSql ? rawVersionReader(options.versionSql) : prismaVersionReader(prisma),
  );
  // England's position and grid: computed once per change of their data, like status summaries
  const positions = new CachedPositionService(prisma, organisations, undefined, readVersion);
  const indicators = new CachedIndicatorStatusService(prisma, organisations, undefined, readVersion);
  const deadlines = new DeadlineService(prisma, organisations);
  const reminders = new ReminderService(prisma, organisations, { ...DEFAULT_POLICY, ...options.policy });
  const rules = options.escalationRules;
  const plans = new PlanService(prisma, organisations);
  const actions = new ActionService(prisma, organisations, discussions);
  const assurance = new AssuranceService(prisma, organisations, indicators, discussions, deadlines);
  const reviewItems = new ReviewItemService(prisma, organisations, discussions);
  return {
    prisma,
    clock,
    organisations,
    // identity and channel links: read once per change of their tables (data version), not once per command
    people: new CachedPeopleService(prisma, organisations, undefined, readVersion),
    links: new CachedLinkService(prisma, organisations, undefined, readVersion),
    indicators,
    indicatorDefinitions: new IndicatorDefinitions(prisma, readVersion),
    localPriorities: new LocalPriorityService(prisma, organisations),
    plans,
    planLines: new PlanLineService(prisma, organisations),
    positions,
    grids: new GridService(prisma, organisations, positions),
    discussions,
    actions,
    deadlines,
    inbound: new InboundDeliveries(prisma, options.commandSql),
    reminders,
    installations: new InstallationService(prisma),
    assurance,
    escalation: new EscalationService(
      prisma,
      organisations,
      reminders.ledger,
      rules ? fixedRules(rules) : new RulesFile(undefined, options.reportRulesProblem),
    ),
    reviewItems,
    reviews: new ReviewService(prisma, organisations, indicators, plans, assurance, reviewItems, discussions, actions),
  };
}

export type { Actor, PlatformUser } from "./people/actor";
export { DomainError } from "./errors";
