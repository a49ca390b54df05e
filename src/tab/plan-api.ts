// The tab's plan routes (openapi/tab-api.yaml): a CCG's current plan version, line by line, for a signed-in person of
// the CCG or its area team; and one line's trajectory changed by the CCG's own people, as the next version, through
// the same core.planLines as `plan <ccg> set …` and the Slack and Teams Edit forms. One bad value stores nothing and
// is answered 400 with each problem by its period; anyone but the CCG's own people is answered 403 with the reason.
import { json, type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import type { Actor, Core } from "../core";
import { DomainError } from "../core/errors";
import { formatValue } from "../core/indicators/format";
import { requireParty } from "../core/people/permissions";
import type { components } from "./page/tab-api.gen";

type Schemas = components["schemas"];

const codeParam = z.string().trim().min(1).max(120);
const indicatorParam = z.string().trim().min(1).max(100);

/** What the page posts: each period as the form names it, and its value as typed ("" plans nothing for it). */
const lineEditBody = z.object({
  entries: z
    .array(
      z.object({
        period: z.string().trim().min(1).max(40, "A period is at most 40 characters, e.g. Apr 2014."),
        value: z.string().trim().max(40, "A value is at most 40 characters."),
      }),
      { error: "Send the line's periods and values as entries: [{ period, value }]." },
    )
    .min(1, "Give a value for at least one period.")
    .max(12, "A line has at most 12 periods in a planning year."),
  note: z.string().trim().max(500, "A note on a submission is at most 500 characters.").optional(),
});

export function planRoutes(
  router: Router,
  {
    core,
    actorOf,
    handle,
  }: {
    core: Core;
    actorOf: (req: Request) => Promise<Actor>;
    handle: (fn: (req: Request, res: Response) => Promise<unknown>) => RequestHandler;
  },
): void {
  router.get(
    "/plan/:ccg",
    handle(async (req): Promise<Schemas["Plan"]> => {
      const actor = await actorOf(req);
      const ccg = await core.organisations.resolve(codeParam.parse(req.params.ccg), "CCG");
      const party = requireParty(
        actor,
        { ccgCode: ccg.code, areaTeamCode: ccg.areaTeamCode ?? "" },
        `see ${ccg.code}'s plan`,
      );
      const now = core.clock.now();
      const view = await core.plans.view(ccg.code).catch((error: unknown) => {
        if (error instanceof DomainError && error.kind === "not-found") return null;
        throw error;
      });
      // only the CCG's own people change its plan (requirePlanSubmitter); the area team discusses it
      const editable = party === "CCG";
      const codes = [...new Set(view?.lines.map((l) => l.indicatorCode) ?? [])];
      // Each line of the current version; for the CCG's own people also the planning year's form to edit it with,
      // and the national ask's indicators it has no line for, to add one.
      const form = (code: string) => core.planLines.form(actor, ccg.code, code, now);
      const lines = await Promise.all(
        codes.map(async (code) => {
          const planned = view!.lines.filter((l) => l.indicatorCode === code);
          const edit = editable ? await form(code) : null;
          return {
            code,
            name: planned[0]!.indicatorName,
            planned: planned.map((l) => ({
              period: l.period,
              periodStart: l.periodStart.toISOString().slice(0, 10),
              shown: l.shown,
            })),
            edit: edit && {
              unit: edit.indicator.unit,
              periods: edit.periods.map((p) => ({
                ...p,
                shown: p.value === null ? null : formatValue(p.value, edit.indicator.unit),
              })),
            },
          };
        }),
      );
      return {
        ccg: { code: ccg.code, name: ccg.name, kind: ccg.kind, areaTeamCode: ccg.areaTeamCode },
        version: view?.version.number ?? 0,
        editable,
        lines,
        missing: editable ? (view?.missing ?? []) : [],
      };
    }),
  );

  router.get(
    "/plan/:ccg/:indicator/form",
    handle(async (req): Promise<Schemas["PlanLineForm"]> => {
      const actor = await actorOf(req);
      const f = await core.planLines.form(
        actor,
        codeParam.parse(req.params.ccg),
        indicatorParam.parse(req.params.indicator),
        core.clock.now(),
      );
      return {
        code: f.indicator.code,
        name: f.indicator.name,
        unit: f.indicator.unit,
        version: f.version,
        periods: f.periods.map((p) => ({
          ...p,
          shown: p.value === null ? null : formatValue(p.value, f.indicator.unit),
        })),
      };
    }),
  );

  router.post(
    "/plan/:ccg/:indicator",
    json({ limit: "16kb" }),
    handle(async (req, res): Promise<Schemas["PlanLineSaved"] | Schemas["PlanLineProblems"]> => {
      const actor = await actorOf(req);
      const body = lineEditBody.parse(req.body ?? {});
      const indicator = indicatorParam.parse(req.params.indicator);
      const result = await core.planLines.set(
        actor,
        codeParam.parse(req.params.ccg),
        indicator,
        body.entries,
        { source: `tab edit: ${indicator}`.slice(0, 200), ...(body.note ? { note: body.note } : {}) },
        core.clock.now(),
      );
      if (!result.ok) {
        res.status(400);
        const n = result.problems.length;
        return {
          error: `Nothing was stored: ${n === 1 ? "one value" : `${n} values`} of ${result.indicator.code} need${n === 1 ? "s" : ""} fixing first. ${result.ccg.code}'s plan is unchanged.`,
          problems: result.problems.map((p) => ({
            period: p.period,
            periodStart: p.periodStart ?? null,
            message: p.message,
          })),
        };
      }
      const code = result.indicator.code;
      const n = result.moved.length;
      return {
        version: result.version,
        latest: result.latest,
        moved: result.moved.map((m) => ({ period: m.period, before: m.before, after: m.after })),
        message:
          result.version === null
            ? `Nothing moved: ${result.ccg.code}'s plan version ${result.latest} already has those values for ${code}, so no new version was made.`
            : `${result.ccg.code}'s plan version ${result.version} is in: ${code} moved in ${n} period${n === 1 ? "" : "s"}.`,
      };
    }),
  );
}
