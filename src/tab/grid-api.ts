// The tab's grid route (openapi/tab-api.yaml): an area team's CCGs × the national ask (or England's area teams), each
// cell the figure and the plan with their RAG, as `grid Q52` shows in chat and /tab/grid draws. Public statistics and
// plans, so readable under the same rule as status: anyone, unless the deployment keeps the dashboard to people
// signed in through Teams (then the page's script sends the person's SSO token).
import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import type { Core } from "../core";
import { gridValue } from "../core/position/grid";
import { gridReply, gridTable } from "../reply/views/grid";
import { DEMO_DATA_NOTE } from "../reply/views/status";
import type { components } from "./page/tab-api.gen";

type Schemas = components["schemas"];

const ofQuery = z
  .string({ error: "Give the area team as ?of=Q52, or ?of=england." })
  .trim()
  .min(1, "Give the area team as ?of=Q52, or ?of=england.")
  .max(120, "That is too long for an area team: give its code, e.g. Q52, or england.");

export function gridRoutes(
  router: Router,
  {
    core,
    mayReadPublic,
    handle,
  }: {
    core: Core;
    mayReadPublic: (req: Request) => Promise<void>;
    handle: (fn: (req: Request, res: Response) => Promise<unknown>) => RequestHandler;
  },
): void {
  router.get(
    "/grid",
    handle(async (req): Promise<Schemas["Grid"]> => {
      await mayReadPublic(req);
      const grid = await core.grids.gridOf(ofQuery.parse(req.query.of), core.clock.now());
      // the words come from the same reply view as chat's `grid`, so the tab says what the bot says
      const reply = gridReply(grid);
      const [heading, summary] = reply.blocks;
      const table = gridTable(grid);
      const context = reply.blocks.at(-1);
      return {
        scope: grid.scope && {
          code: grid.scope.code,
          name: grid.scope.name,
          kind: grid.scope.kind,
          areaTeamCode: grid.scope.areaTeamCode,
        },
        title: heading?.type === "heading" ? heading.text : "Grid",
        summary: summary?.type === "paragraph" ? summary.text : "",
        caption: table.title,
        alt: table.alt,
        columns: grid.columns.map((c) => ({ code: c.code, name: c.name })),
        rows: grid.rows.map((r) => ({
          code: r.indicator.code,
          name: r.indicator.name,
          cells: r.cells.map((c) => ({
            figure: gridValue(r.indicator, c.actual),
            rag: c.rag,
            plan: gridValue(r.indicator, c.plan),
            planRag: c.planRag,
            period: c.period,
            ...(c.note ? { note: c.note } : {}),
            ...(c.demo ? { demo: true } : {}),
          })),
        })),
        includesDemoData: grid.includesDemoData,
        demoNote: grid.includesDemoData ? DEMO_DATA_NOTE : null,
        legend: table.legend ?? "",
        // the demo note is its own field (the page shows it first, as status does); the rest is chat's hint
        note: context?.type === "context" ? context.text.replace(DEMO_DATA_NOTE, "").trim() : "",
      };
    }),
  );
}
