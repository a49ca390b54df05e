// The CCGs' yearly appraisal of their area team's part in the dialogue. Each CCG is asked in its channels (the
// prompt goes through the reminder ledger, once per channel: src/scheduler/appraisal.ts); anyone acting for a CCG
// answers once per round. Once submitted, an answer is kept apart from who gave it: the answer row holds the round,
// the CCG, its area team, the ratings and the comment; a separate marker holds only that this person has answered
// this round. The area team and the national view see aggregates per area team, and only from MIN_CCGS CCGs.
import type { Prisma, PrismaClient } from "../db";
import { badInput, conflict, forbidden, notFound } from "../errors";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { addDays, atLondonTime, formatLondonDate, londonDate } from "../time/london";

/** Aggregates are shown only when at least this many CCGs of the area team have answered. */
export const MIN_CCGS = 3;
/** A round takes answers for this many days from when it opens. */
export const ROUND_DAYS = 28;
/** Ratings run from 1 (strongly disagree) to 5 (strongly agree). */
export const SCALE = { min: 1, max: 5 } as const;
export const MAX_COMMENT = 1_000;

/** The statements each CCG rates, about its area team's part in the planning dialogue. */
export const QUESTIONS: readonly string[] = [
  "The area team listens to the CCG and takes its view into account",
  "The area team is clear about what it asks of the CCG, and why",
  "The area team answers and acts in good time",
  "Discussions and agreed actions with the area team help the CCG deliver its plan",
];

export interface Round {
  id: number;
  year: number;
  opensAt: Date;
  closesAt: Date;
  questions: string[];
}

/** When the yearly round opens: a month and day, London time, at `hour`. */
export interface RoundSchedule {
  month: number;
  day: number;
  hour: number;
}

/** Reads "05-01" (1 May) as a schedule; the prompt hour is the reminders' 09:00. */
export function parseSchedule(text: string, hour = 9): RoundSchedule {
  const m = /^(\d{2})-(\d{2})$/.exec(text.trim());
  const month = Number(m?.[1]);
  const day = Number(m?.[2]);
  if (!m || month < 1 || month > 12 || day < 1 || day > 28)
    throw badInput(`"${text}" is not a day of the year as MM-DD (day 1 to 28, so every year has it), e.g. 05-01.`);
  return { month, day, hour };
}

export interface QuestionAggregate {
  question: string;
  /** mean rating of the answers, to one decimal */
  mean: number;
  /** how many answers gave each rating, 1 to 5 */
  counts: number[];
}

export type AreaTeamAppraisal =
  | { areaTeam: OrganisationSummary; ccgs: number; ccgsAnswered: number; shown: false; why: string }
  | {
      areaTeam: OrganisationSummary;
      ccgs: number;
      ccgsAnswered: number;
      shown: true;
      answers: number;
      questions: QuestionAggregate[];
      /** comments in alphabetical order, never in the order given */
      comments: string[];
    };

const toRound = (r: { id: number; year: number; opensAt: Date; closesAt: Date; questions: Prisma.JsonValue }) => ({
  id: r.id,
  year: r.year,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  questions: r.questions as string[],
});

export class AppraisalService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  /**
   * The round of `now`'s year, made when its opening time has come and none exists (one a year, however many
   * replicas or calls: the year is unique). Undefined before the opening time.
   */
  async ensureRound(schedule: RoundSchedule, now: Date): Promise<Round | undefined> {
    const year = Number(londonDate(now).slice(0, 4));
    const day = `${year}-${String(schedule.month).padStart(2, "0")}-${String(schedule.day).padStart(2, "0")}`;
    const opensAt = atLondonTime(day, schedule.hour);
    if (now < opensAt) return this.roundOf(year);
    return this.open(year, opensAt);
  }

  /** Opens `year`'s round at `opensAt` (an operator, or the schedule); an existing round is returned as it is. */
  async open(year: number, opensAt: Date): Promise<Round> {
    const closesAt = atLondonTime(addDays(londonDate(opensAt), ROUND_DAYS), 23, 59);
    await this.prisma.appraisalRound.createMany({
      data: [{ year, opensAt, closesAt, questions: [...QUESTIONS] }],
      skipDuplicates: true,
    });
    return (await this.roundOf(year))!;
  }

  async roundOf(year: number): Promise<Round | undefined> {
    const r = await this.prisma.appraisalRound.findUnique({ where: { year } });
    return r ? toRound(r) : undefined;
  }

  /** The newest round that has opened by `now` (open or closed). */
  async latest(now: Date): Promise<Round | undefined> {
    const r = await this.prisma.appraisalRound.findFirst({
      where: { opensAt: { lte: now } },
      orderBy: { opensAt: "desc" },
    });
    return r ? toRound(r) : undefined;
  }

  isOpen(round: Round, now: Date): boolean {
    return round.opensAt <= now && now < round.closesAt;
  }

  async hasAnswered(actor: Actor, round: Round): Promise<boolean> {
    const marker = await this.prisma.appraisalAnswered.findUnique({
      where: { roundId_personId: { roundId: round.id, personId: actor.personId } },
    });
    return marker !== null;
  }

  /**
   * The round this person may answer now, for a form (Slack modal, Teams dialog); refused with why otherwise: not a
   * CCG, no round open, already answered. `answer` checks the same again when the form comes back.
   */
  async answerable(actor: Actor, now: Date): Promise<Round> {
    const round = await this.openRoundFor(actor, now);
    if (await this.hasAnswered(actor, round))
      throw conflict(`You have already answered the ${round.year} appraisal; an answer can't be changed.`);
    return round;
  }

  private async openRoundFor(actor: Actor, now: Date): Promise<Round> {
    const ccg = actor.organisation;
    if (ccg.kind !== "CCG" || !ccg.areaTeamCode)
      throw forbidden("Only a CCG appraises its area team: you act for an area team.");
    const round = await this.latest(now);
    if (!round || !this.isOpen(round, now))
      throw conflict(
        round
          ? `The ${round.year} appraisal closed on ${formatLondonDate(round.closesAt)}.`
          : "No appraisal round is open.",
      );
    return round;
  }

  /**
   * Someone acting for a CCG answers the open round: one rating per question and an optional comment. The marker
   * (this person answered) and the answer (this CCG's ratings) are written in one transaction, and nothing links them.
   */
  async answer(actor: Actor, ratings: number[], comment: string | undefined, now: Date): Promise<Round> {
    const ccg = actor.organisation;
    const round = await this.openRoundFor(actor, now);
    const n = round.questions.length;
    if (ratings.length !== n || ratings.some((r) => !Number.isInteger(r) || r < SCALE.min || r > SCALE.max))
      throw badInput(
        `Give ${n} ratings from ${SCALE.min} (strongly disagree) to ${SCALE.max} (strongly agree), one per question, then any comment.`,
        `For example: \`appraisal answer ${Array.from({ length: n }, () => 4).join(" ")} Clear asks, slow answers\`.`,
      );
    const text = comment?.trim() || null;
    if (text && text.length > MAX_COMMENT) throw badInput(`A comment is at most ${MAX_COMMENT} characters.`);
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.appraisalAnswered.createMany({
        data: [{ roundId: round.id, personId: actor.personId }],
        skipDuplicates: true,
      });
      if (count === 0)
        throw conflict(`You have already answered the ${round.year} appraisal; an answer can't be changed.`);
      await tx.appraisalAnswer.create({
        data: { roundId: round.id, ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode!, ratings, comment: text },
      });
    });
    return round;
  }

  /** One area team's aggregates for a round, or why they are not shown. */
  async forAreaTeam(areaTeam: OrganisationSummary, round: Round): Promise<AreaTeamAppraisal> {
    const ccgs = (await this.organisations.ccgsOf(areaTeam.code)).length;
    const answers = await this.prisma.appraisalAnswer.findMany({
      where: { roundId: round.id, areaTeamCode: areaTeam.code },
      select: { ccgCode: true, ratings: true, comment: true },
    });
    const ccgsAnswered = new Set(answers.map((a) => a.ccgCode)).size;
    if (ccgsAnswered < MIN_CCGS)
      return {
        areaTeam,
        ccgs,
        ccgsAnswered,
        shown: false,
        why: `${ccgsAnswered} of ${ccgs} CCGs have answered the ${round.year} appraisal. Answers are shown only when at least ${MIN_CCGS} CCGs have answered, so that no CCG's answer can be picked out.`,
      };
    return {
      areaTeam,
      ccgs,
      ccgsAnswered,
      shown: true,
      answers: answers.length,
      questions: round.questions.map((question, i) => {
        const given = answers.map((a) => a.ratings[i]).filter((r): r is number => typeof r === "number");
        const counts = Array.from({ length: SCALE.max }, (_, k) => given.filter((r) => r === k + 1).length);
        const mean = given.length ? Math.round((given.reduce((s, r) => s + r, 0) / given.length) * 10) / 10 : 0;
        return { question, mean, counts };
      }),
      comments: answers
        .map((a) => a.comment)
        .filter((c): c is string => !!c)
        .sort((a, b) => a.localeCompare(b)),
    };
  }

  /** The round to show: `year`, or the newest opened by `now`. */
  async roundToShow(now: Date, year?: number): Promise<Round> {
    const round = year ? await this.roundOf(year) : await this.latest(now);
    if (!round)
      throw notFound(year ? `There was no appraisal round in ${year}.` : "No appraisal round has opened yet.");
    return round;
  }

  /** `appraisal Q52`: its area team's aggregates. */
  async areaTeamView(areaTeamText: string, now: Date, year?: number) {
    const areaTeam = await this.organisations.resolve(areaTeamText, "AREA_TEAM");
    const round = await this.roundToShow(now, year);
    return { round, view: await this.forAreaTeam(areaTeam, round) };
  }

  /** `appraisal england`: every area team's aggregates, each only when enough of its CCGs answered. */
  async englandView(now: Date, year?: number) {
    const round = await this.roundToShow(now, year);
    const areaTeams = (await this.organisations.list("AREA_TEAM")).sort((a, b) => a.code.localeCompare(b.code));
    const views: AreaTeamAppraisal[] = [];
    for (const at of areaTeams) views.push(await this.forAreaTeam(at, round));
    return { round, views };
  }

  /** The CCGs' linked channels that get the round's prompt (reminders switched on). */
  async promptChannels() {
    return this.prisma.channelLink.findMany({
      where: { remindersEnabled: true, organisation: { kind: "CCG" } },
      select: { platform: true, channelId: true, organisationCode: true },
      orderBy: [{ organisationCode: "asc" }, { channelId: "asc" }],
    });
  }
}
