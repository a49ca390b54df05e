// The tab's grid page where the deployment keeps the dashboard to people signed in through Teams
// (TAB_PUBLIC_STATUS off): /tab/grid?of=Q52 is then this script's, which signs in as the dashboard does (racing
// teams-js) and draws the grid from GET /api/tab/grid with the person's SSO token, as the server draws it where the
// figures are public (grid-page.ts: the same table, classes and words). Without Teams it says how to see the grid.
// Also the dashboard's links to the grids of the area team it shows and of England.
import type { Client } from "openapi-fetch";
import { $, el, notice } from "./dom";
import type { components, paths } from "./tab-api.gen";

type Schemas = components["schemas"];
type Api = Client<paths>;

const RAG_WORD = { red: "red", amber: "amber", green: "green", grey: "no data" } as const;

/** The same table as the server's (grid-page.ts), from the API's grid; text goes in with textContent only. */
function gridTable(grid: Schemas["Grid"]): HTMLTableElement {
  const table = el("table");
  table.id = "grid-table";
  const head = el("tr");
  head.append(
    ...["Indicator", ...grid.columns.map((c) => c.code)].map((text, i) => {
      const th = el("th", text);
      th.scope = "col";
      if (i > 0) th.title = grid.columns[i - 1]!.name;
      return th;
    }),
  );
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const r of grid.rows) {
    const tr = el("tr");
    const th = el("th", r.code);
    th.scope = "row";
    th.title = r.name;
    tr.append(th);
    for (const c of r.cells) {
      const td = el("td");
      const figure = el("span", c.figure, `rag rag-${c.rag}`);
      figure.title = `figure: ${RAG_WORD[c.rag]}${c.period ? `, ${c.period}` : ""}${c.note ? ` (${c.note})` : ""}`;
      const plan = el("span", c.plan, `rag rag-${c.planRag}`);
      plan.title = `plan: ${RAG_WORD[c.planRag]}`;
      td.append(figure, " ", plan);
      if (c.demo) td.dataset.demo = "true";
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(el("caption", grid.caption), thead, tbody);
  return table;
}

/** The grid page: `signIn` races teams-js for the SSO token (the API client then sends it) and says what it found. */
export async function gridPage(
  api: Api,
  signIn: () => Promise<{ inTeams: boolean; signedIn: boolean }>,
): Promise<void> {
  const of = new URLSearchParams(window.location.search).get("of")?.trim() ?? "";
  $<HTMLInputElement>("of").value = of;
  if (!of) {
    notice("Give an area team's code (Q52) or england.");
    document.body.dataset.ready = "true";
    return;
  }
  const { inTeams, signedIn } = await signIn();
  const res = await api.GET("/api/tab/grid", { params: { query: { of } } });
  if (!res.data) {
    const error = res.error ?? { error: "The grid could not be loaded." };
    notice(
      res.response.status === 401 && inTeams && !signedIn
        ? `Teams could not sign you in to Plan Dialogue, so the grid can't be shown: reload the tab, or ask for it in chat (\`grid ${of}\`).`
        : res.response.status === 401 && !signedIn
          ? `This deployment shows the grid only to people signed in through Teams: open the Plan Dialogue tab in Teams, or ask for it in chat (\`grid ${of}\`).`
          : `${error.error}${error.hint ? ` ${error.hint}` : ""}`,
      "error",
    );
    document.body.dataset.ready = "true";
    return;
  }
  const grid = res.data;
  document.title = grid.title;
  document.querySelector("header h1")!.textContent = grid.title;
  const notes = [grid.demoNote, grid.legend, grid.note].filter((t): t is string => !!t);
  $("grid").replaceChildren(el("p", grid.summary), gridTable(grid), ...notes.map((t) => el("p", t, "note")));
  $("grid").firstElementChild!.id = "grid-summary";
  document.body.dataset.ready = "true";
}

/** The dashboard's links to the grid of the area team it shows (a CCG's own) and England's, under `base`. */
export function showGridLinks(base: URL, areaTeamCode: string | null): void {
  const nav = $("grid-links");
  const link = (of: string, text: string) => {
    const a = el("a", text);
    a.href = new URL(`tab/grid?of=${encodeURIComponent(of)}`, base).href;
    return a;
  };
  nav.replaceChildren(
    ...(areaTeamCode ? [link(areaTeamCode, `Grid of ${areaTeamCode}`), " · "] : []),
    link("england", "Grid of England"),
  );
  nav.hidden = false;
}
