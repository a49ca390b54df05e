// The dashboard tab's HTTP API (/api/tab), as described by openapi/tab-api.yaml; response types come from the
// same document (the generated types the page uses too). Status, deadlines and the organisation list are public
// statistics and plans (unless the deployment turns that off); which organisation a channel is linked to needs a
// verified Teams SSO token; discussions and actions need one of a person whose organisation is a party, and so does a
// CCG's plan line by line, of which only the CCG's own people change a line (plan-api.ts). An area team's grid is
// public like status (grid-api.ts).
import { randomUUID } from "node:crypto";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { trendAltText, trendSeries, trendTitle } from "../charts/trend-series";
import type { Actor, Core } from "../core";
import { actionRef } from "../core/actions/actions";
import type { Action, Deadline, Discussion } from "../core/db";
import { discussionRef } from "../core/discussions/discussions";
import { parseAsOf } from "../core/indicators/as-of";
import { DomainError } from "../core/errors";
import type { OrganisationSummary } from "../core/organisations/directory";
import { requireParty } from "../core/people/permissions";
import { formatLondonDate, formatLondonDateTime, londonDate, storedDate } from "../core/time";
import type { Logger } from "../logging/logger";
import { actionStatusText } from "../reply/views/dialogue";
import { demoDataNote, statusExplanation, statusTally } from "../reply/views/status";
import type { components } from "./page/tab-api.gen";
import { gridRoutes } from "./grid-api";
import { planRoutes } from "./plan-api";
import { SsoError, type SsoPerson, type TeamsSsoVerifier } from "./sso";

type Schemas = components["schemas"];

export interface TabApiOptions {
  core: Core;
  /** null when the deployment has no Teams app (no TEAMS_CLIENT_ID): nobody can sign in */
  sso: TeamsSsoVerifier | null;
  /** status, deadlines and organisations readable without a token */
  publicStatus: boolean;
  logger: Logger;
}

const STATUS: Record<DomainError["kind"], number> = {
  "bad-input": 400,
  "not-found": 404,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
};

const codeParam = z.string().trim().min(1).max(120);
const indicatorParam = z.string().trim().min(1).max(60);
/** `?asOf=Dec 2014`: the status (or chart) as it stood in a period, read as the `status … as of …` command reads it */
const asOfQuery = z
  .string({ error: "Give asOf once, as a period such as Dec 2014." })
  .trim()
  .max(40, "That is too long for a period: say Dec 2014, Q3 2014/15 or 2013/14.")
  .optional()
  .transform((t) => (t ? t : undefined));

export const organisation = (o: OrganisationSummary): Schemas["Organisation"] => ({
  code: o.code,
  name: o.name,
  kind: o.kind,
  areaTeamCode: o.areaTeamCode,
});

const byKindThenName = (a: OrganisationSummary, b: OrganisationSummary) =>
  a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);

function deadline(d: Deadline): Schemas["Deadline"] {
  return {
    id: d.id,
    title: d.title,
    scope: d.scope,
    organisationCode: d.organisationCode,
    dueAt: d.dueAt.toISOString(),
    due: formatLondonDateTime(d.dueAt),
    link: d.link,
  };
}

function discussion(d: Discussion): Schemas["Discussion"] {
  return {
    id: d.id,
    ref: discussionRef(d.id),
    topic: d.topic,
    status: d.status,
    opened: formatLondonDate(d.openedAt),
    openedBy: d.openedByParty,
    indicatorCodes: d.indicatorCodes,
    closedSummary: d.closedSummary,
  };
}

function action(a: Action, today: string): Schemas["Action"] {
  const dueDate = a.dueDate ? storedDate(a.dueDate) : null;
  return {
    id: a.id,
    ref: actionRef(a.id),
    discussionRef: discussionRef(a.discussionId),
    text: a.text,
    owner: a.owner,
    dueDate,
    due: a.dueDate ? formatLondonDate(a.dueDate) : null,
    status: a.status,
    statusText: actionStatusText(a),
    overdue: a.status === "AGREED" && !!dueDate && dueDate < today,
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function tabApiRouter({ core, sso, publicStatus, logger }: TabApiOptions): Router {
  const router = Router();

  /** The person behind the request's Teams SSO token; null without a token. */
  async function person(req: Request): Promise<SsoPerson | null> {
    const header = req.headers.authorization;
    if (!header) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new HttpError(401, "Send the Teams SSO token as a Bearer token.");
    if (!sso) throw new HttpError(401, "This deployment has no Teams app, so nobody can sign in to the tab.");
    try {
      return await sso.verify(m[1]!);
    } catch (error) {
      if (error instanceof SsoError)
        throw new HttpError(
          401,
          `Your Teams sign-in could not be verified: ${error.reason}.`,
          "Reload the tab in Teams.",
        );
      throw error;
    }
  }

  async function actorOf(req: Request): Promise<Actor> {
    const p = await person(req);
    if (!p)
      throw new HttpError(
        401,
        "Discussions and actions are shown only to people signed in through Teams.",
        "Open the tab in Teams.",
      );
    const actor = await core.people.identify({
      platform: "TEAMS",
      tenantId: p.tenantId,
      userId: p.objectId,
      ...(p.name ? { displayName: p.name } : {}),
    });
    if (!actor) {
      throw new HttpError(
        403,
        "I don't know which organisation you act for yet.",
        "Ask an admin of your CCG or area team to add you: `member @you <organisation>` to the bot.",
      );
    }
    return actor;
  }

  /** Public data: anyone, unless the deployment says only signed-in people. */
  async function mayReadPublic(req: Request): Promise<void> {
    const p = await person(req);
    if (!p && !publicStatus)
      throw new HttpError(
        401,
        "This deployment shows the dashboard only to people signed in through Teams.",
        "Open the tab in Teams.",
      );
  }

  const handle =
    (fn: (req: Request, res: Response) => Promise<unknown>) =>
    async (req: Request, res: Response): Promise<void> => {
      res.set("Cache-Control", "no-store");
      try {
        res.json(await fn(req, res));
      } catch (error) {
        if (error instanceof HttpError) {
          res
            .status(error.status)
            .json({ error: error.message, ...(error.hint ? { hint: error.hint } : {}) } satisfies Schemas["Error"]);
        } else if (error instanceof DomainError) {
          res
            .status(STATUS[error.kind])
            .json({ error: error.userMessage, ...(error.hint ? { hint: error.hint } : {}) } satisfies Schemas["Error"]);
        } else if (error instanceof z.ZodError) {
          res.status(400).json({ error: error.issues[0]?.message ?? "Bad request." });
        } else {
          const errorId = randomUUID().slice(0, 8);
          logger.error({ err: error, errorId, path: req.path }, "tab API failed");
          res.status(500).json({ error: `Something went wrong on our side (error id ${errorId}).` });
        }
      }
    };

  router.get(
    "/organisations",
    handle(async (req) => {
      await mayReadPublic(req);
      return { organisations: (await core.organisations.list()).sort(byKindThenName).map(organisation) };
    }),
  );

  router.get(
    "/channel-organisations",
    handle(async (req) => {
      // Which organisation a channel belongs to is not a published figure: it tells a stranger whose planning
      // channel that is. Only a person Teams has signed in (the tab in that channel sends their token) is told.
      if (!(await person(req)))
        throw new HttpError(
          401,
          "Which organisation a channel is linked to is shown only to people signed in through Teams.",
          "Open the tab in Teams.",
        );
      const channelId = z.string({ error: "Give the channel id." }).trim().min(1).max(300).parse(req.query.channelId);
      const codes = await core.links.organisationsOfChannel("TEAMS", channelId);
      const orgs = (await Promise.all(codes.map((c) => core.organisations.byCode(c)))).filter(
        (o): o is OrganisationSummary => !!o,
      );
      return { organisations: orgs.sort(byKindThenName).map(organisation) };
    }),
  );

  router.get(
    "/status/:ccg",
    handle(async (req): Promise<Schemas["Status"]> => {
      await mayReadPublic(req);
      const now = core.clock.now();
      const asOfText = asOfQuery.parse(req.query.asOf);
      const asOf = asOfText === undefined ? undefined : parseAsOf(asOfText, now);
      const status = await core.indicators.statusOf(codeParam.parse(req.params.ccg), now, undefined, { asOf });
      return {
        ccg: organisation(status.ccg),
        national: status.national,
        local: status.local,
        includesDemoData: status.includesDemoData,
        figures: status.figures,
        demoFigures: status.demoFigures,
        asOf: status.asOf?.label ?? null,
        summary: statusTally(status),
        note: [demoDataNote(status), statusExplanation(status)].filter(Boolean).join(" "),
      };
    }),
  );

  router.get(
    "/chart/:ccg/:indicator",
    handle(async (req): Promise<Schemas["Chart"]> => {
      await mayReadPublic(req);
      const asOfText = asOfQuery.parse(req.query.asOf);
      const asOf = asOfText === undefined ? undefined : parseAsOf(asOfText, core.clock.now());
      const ccg = await core.organisations.resolve(codeParam.parse(req.params.ccg), "CCG");
      const series = await trendSeries(core.prisma, ccg, indicatorParam.parse(req.params.indicator), { asOf });
      // The page is on this server, so the signed path is enough: no PUBLIC_URL needed. The link is pinned to the
      // newest period shown, a suppressed one too.
      return {
        title: trendTitle(series),
        alt: trendAltText(series),
        imageUrl: core.charts?.path(ccg.code, series.indicator.code, series.latestPeriod) ?? null,
      };
    }),
  );

  router.get(
    "/deadlines",
    handle(async (req) => {
      await mayReadPublic(req);
      return { deadlines: (await core.deadlines.forOrganisation(null, { from: core.clock.now() })).map(deadline) };
    }),
  );

  router.get(
    "/deadlines/:organisation",
    handle(async (req) => {
      await mayReadPublic(req);
      const org = await core.organisations.resolve(codeParam.parse(req.params.organisation));
      return { deadlines: (await core.deadlines.forOrganisation(org, { from: core.clock.now() })).map(deadline) };
    }),
  );

  router.get(
    "/me",
    handle(async (req): Promise<Schemas["Me"]> => {
      const actor = await actorOf(req);
      return { name: actor.name, organisation: organisation(actor.organisation), role: actor.role };
    }),
  );

  router.get(
    "/dialogue/:ccg",
    handle(async (req): Promise<Schemas["Dialogue"]> => {
      const actor = await actorOf(req);
      const ccg = await core.organisations.resolve(codeParam.parse(req.params.ccg), "CCG");
      requireParty(
        actor,
        { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" },
        `see ${ccg.code}'s discussions and actions`,
      );
      const now = core.clock.now();
      const [discussions, actions] = await Promise.all([
        core.discussions.list(actor, { ccgText: ccg.code }),
        core.actions.list(actor, { ccgText: ccg.code }, now),
      ]);
      const today = londonDate(now);
      return {
        ccg: organisation(ccg),
        discussions: discussions.map(discussion),
        actions: actions.map((a) => action(a, today)),
      };
    }),
  );

  planRoutes(router, { core, actorOf, handle });
  gridRoutes(router, { core, mayReadPublic, handle });

  router.use((_req, res) => {
    res.status(404).json({ error: "No such tab API route." });
  });
  return router;
}
