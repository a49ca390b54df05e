// The tab's grid page (/tab/grid?of=Q52, or of=england): an area team's CCGs × the national ask, each cell the RAG and
// value of the figure and of the plan, as `grid` shows in chat. Drawn on the server from the same reply view (no
// script): the figures are public statistics and plans, like the dashboard's status. Where the deployment keeps the
// dashboard to people signed in through Teams (TAB_PUBLIC_STATUS off) the server has no token to go on, so it sends
// the page with the tab's script instead (page/grid.ts), which signs in through Teams and draws the same table from
// GET /api/tab/grid; outside Teams that script says how to see the grid.
import type { RequestHandler, Response } from "express";
import { z } from "zod";
import type { Core } from "../core";
import { DomainError } from "../core/errors";
import type { Logger } from "../logging/logger";
import type { TableBlock, TableCell } from "../reply/model";
import { gridReply } from "../reply/views/grid";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const RAG_WORD = { red: "red", amber: "amber", green: "green", grey: "no data" } as const;

function cellHtml(c: TableCell): string {
  return [c, ...(c.second ? [c.second] : [])]
    .map((p, i) => {
      const rag = p.rag ?? "grey";
      const what = i === 0 ? "figure" : "plan";
      return `<span class="rag rag-${rag}" title="${what}: ${RAG_WORD[rag]}">${escapeHtml(p.text)}</span>`;
    })
    .join(" ");
}

function tableHtml(t: TableBlock): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const body = t.rows
    .map(
      (r) =>
        `<tr><th scope="row" title="${escapeHtml(r.name ?? r.label)}">${escapeHtml(r.label)}</th>${r.cells.map((c) => `<td>${cellHtml(c)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table id="grid-table"><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const page = (title: string, body: string, base = "", script = false) => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${base}/tab/styles.css">
${script ? `<script type="module" src="${base}/tab/app.js"></script>\n` : ""}</head>
<body data-mode="grid">
<header>
  <h1>${escapeHtml(title)}</h1>
  <form method="get" action="${base}/tab/grid">
    <label for="of">Area team</label>
    <input id="of" name="of" type="text" maxlength="120" placeholder="Q52, or england" autocomplete="off">
    <button type="submit">Show</button>
  </form>
  <a href="${base}/tab">Dashboard</a>
</header>
<main>
${body}
</main>
</body>
</html>`;

const query = z.object({ of: z.string().trim().max(120).optional() });

export interface GridPageOptions {
  core: Core;
  publicStatus: boolean;
  logger: Logger;
  /** PUBLIC_URL's path ("" or e.g. "/plan-dialogue"): the page's links start with it */
  base?: string;
  /** sends a page with the tab's security headers */
  send: (res: Response, html: string) => void;
}

/** The page for the tab's script to fill (TAB_PUBLIC_STATUS off): the grid comes from the API with an SSO token. */
const signedInPage = (base: string) =>
  page(
    "Grid",
    `<p id="notice" role="status" hidden></p>\n<div id="grid"><p class="note">Signing in through Teams…</p></div>`,
    base,
    true,
  );

export function gridPage({ core, publicStatus, logger, base = "", send }: GridPageOptions): RequestHandler {
  return async (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!publicStatus) {
      send(res, signedInPage(base));
      return;
    }
    const parsed = query.safeParse(req.query);
    const of = parsed.success ? parsed.data.of : undefined;
    if (!of) {
      send(res, page("Grid", `<p id="notice">Give an area team's code (Q52) or england.</p>`, base));
      return;
    }
    try {
      const reply = gridReply(await core.grids.gridOf(of, core.clock.now()));
      const [heading, summary, table, note] = reply.blocks;
      const title = heading?.type === "heading" ? heading.text : "Grid";
      const body = [
        summary?.type === "paragraph" ? `<p id="grid-summary">${escapeHtml(summary.text)}</p>` : "",
        table?.type === "table" ? tableHtml(table) : "",
        table?.type === "table" && table.legend ? `<p class="note">${escapeHtml(table.legend)}</p>` : "",
        note?.type === "context" ? `<p class="note">${escapeHtml(note.text)}</p>` : "",
      ].join("\n");
      send(res, page(title, body, base));
    } catch (error) {
      if (error instanceof DomainError) {
        res.status(error.kind === "not-found" ? 404 : 400);
        send(res, page("Grid", `<p id="notice">${escapeHtml(error.userMessage)}</p>`, base));
        return;
      }
      logger.error({ err: error }, "tab grid page failed");
      res.status(500);
      send(res, page("Grid", `<p id="notice">The grid could not be shown.</p>`, base));
    }
  };
}
