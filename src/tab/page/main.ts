// The dashboard tab in the browser: a CCG's indicator status, discussions, actions and deadlines.
// In Teams it takes the organisation from the channel's link and signs in with the Teams SSO token; in a plain
// browser it shows the public figures with an organisation picker. It reads the bot's API through openapi-fetch,
// typed by the types generated from openapi/tab-api.yaml.
import { app, authentication, pages } from "@microsoft/teams-js";
import createClient from "openapi-fetch";
import { $, el, notice } from "./dom";
import { gridPage, showGridLinks } from "./grid";
import { loadPlan } from "./plan";
import { sparklineWithScale } from "./sparkline";
import type { components, paths } from "./tab-api.gen";

type Schemas = components["schemas"];

/** teams-js rejects at once in a top-level page but waits a minute inside a foreign iframe: give it 1.5 s. */
export const TEAMS_INIT_TIMEOUT_MS = 1500;

/**
 * Where the bot is served, from this script's own URL (…/tab/app.js): the origin and, behind a path-based proxy,
 * its path (https://host/plan-dialogue/). The API and the tab's own URLs are under it.
 */
const BASE = new URL("../", import.meta.url);
const api = createClient<paths>({ baseUrl: BASE.href.replace(/\/$/, "") });
let ssoToken: string | undefined;
api.use({
  onRequest({ request }) {
    if (ssoToken) request.headers.set("Authorization", `Bearer ${ssoToken}`);
    return request;
  },
});

async function inTeams(): Promise<app.Context | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("not in Teams")), TEAMS_INIT_TIMEOUT_MS);
    });
    await Promise.race([app.initialize(), timeout]);
    return await Promise.race([app.getContext(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Races teams-js for Teams and, in Teams, asks it for the person's SSO token, which the API client then sends. */
async function signIn(): Promise<app.Context | null> {
  const context = await inTeams();
  document.body.dataset.host = context ? "teams" : "browser";
  if (context) {
    try {
      ssoToken = await authentication.getAuthToken();
    } catch {
      ssoToken = undefined;
    }
  }
  return context;
}

const TREND: Record<Schemas["IndicatorRow"]["trend"], string> = {
  improving: "↑ improving",
  worsening: "↓ worsening",
  steady: "→ steady",
  unknown: "–",
};

/** The period the page shows (`?asOf=Dec 2014`), or undefined for the latest figures. */
const asOfOf = (url: URL) => url.searchParams.get("asOf")?.trim() || undefined;

function renderStatus(status: Schemas["Status"]) {
  const asOf = status.asOf ? ` as of ${status.asOf}` : "";
  $("status-title").textContent = `${status.ccg.code} ${status.ccg.name}${asOf}`;
  $("status-summary").textContent = `Indicator status${asOf}: ${status.summary}. Worst first.`;
  const body = $<HTMLTableSectionElement>("status-rows");
  body.replaceChildren();
  // A national indicator the CCG also chose as a local priority is one row, in the national ask, marked as such.
  const national = new Set(status.national.map((r) => r.code));
  const priorities = new Set(status.local.map((r) => r.code));
  const section = (title: string, rows: Schemas["IndicatorRow"][]) => {
    if (!rows.length) return;
    const head = el("tr", null, "group");
    const th = el("th", title);
    th.colSpan = 7;
    th.scope = "colgroup";
    head.append(th);
    body.append(head);
    for (const r of rows) {
      const tr = el("tr");
      tr.dataset.rag = r.rag;
      const rag = el("td");
      rag.append(el("span", r.rag.toUpperCase(), `rag rag-${r.rag}`));
      const name = el("td");
      // The name opens the indicator's trend chart under the table.
      const open = el("button", r.name, "link");
      open.type = "button";
      open.addEventListener("click", () => void showChart(status.ccg.code, r.code, status.asOf ?? undefined));
      name.append(open);
      if (r.note) name.append(el("small", ` (${r.note})`));
      // A demo figure is marked on its row, so demo and published figures never mix unseen.
      if (r.demo) name.append(el("span", "demo", "demo"));
      if (national.has(r.code) && priorities.has(r.code)) name.append(el("span", "local priority", "tag"));
      const trend = el("td", TREND[r.trend], "trend");
      trend.append(sparklineWithScale(r.recent));
      tr.append(
        rag,
        name,
        r.suppressed ? el("td", "suppressed", "suppressed") : el("td", r.value ?? "—"),
        el("td", r.standard ?? "—"),
        el("td", r.plan ? `${r.plan}${r.variance ? ` (${r.variance})` : ""}` : "—", "plan"),
        trend,
        el("td", r.period ?? "—"),
      );
      body.append(tr);
    }
  };
  $("chart").hidden = true;
  section("National ask", status.national);
  section(
    "Local priorities",
    status.local.filter((r) => !national.has(r.code)),
  );
  $("status-note").textContent = status.note;
  showGridLinks(BASE, status.ccg.areaTeamCode);
  $("status-section").hidden = false;
}

/** One indicator's trend chart: the image with its words as alt text, or the words alone where there is no image. */
async function showChart(ccg: string, indicator: string, asOf: string | undefined) {
  const chart = await api.GET("/api/tab/chart/{ccg}/{indicator}", {
    params: { path: { ccg, indicator }, ...(asOf ? { query: { asOf } } : {}) },
  });
  if (!chart.data) {
    notice(chart.error?.error ?? "The chart could not be loaded.", "error");
    return;
  }
  const image = $<HTMLImageElement>("chart-image");
  const words = $("chart-text");
  $("chart-title").textContent = chart.data.title;
  image.alt = chart.data.alt;
  image.hidden = !chart.data.imageUrl;
  // the API gives the chart's path on this server ("/charts/…"): under BASE, behind a path-based proxy too
  if (chart.data.imageUrl) image.src = new URL(chart.data.imageUrl.replace(/^\//, ""), BASE).href;
  else image.removeAttribute("src");
  words.textContent = chart.data.alt;
  words.hidden = !!chart.data.imageUrl;
  $("chart").hidden = false;
  $("chart").scrollIntoView({ block: "nearest" });
}

function renderDeadlines(deadlines: Schemas["Deadline"][], forWhom: string) {
  const list = $("deadlines");
  $("deadlines-title").textContent = `Deadlines${forWhom ? ` for ${forWhom}` : ""}`;
  list.replaceChildren(
    ...(deadlines.length
      ? deadlines.map((d) => {
          const li = el("li", `${d.due} — `);
          // the deadline's own page (the guidance or the return to make), where it has one
          if (d.link && /^https?:\/\//.test(d.link)) {
            const a = el("a", d.title);
            a.href = d.link;
            a.target = "_blank";
            a.rel = "noopener noreferrer";
            li.append(a);
          } else li.append(d.title);
          li.append(el("small", d.scope === "NATIONAL" ? " (national)" : ` (${d.organisationCode})`));
          return li;
        })
      : [el("li", "No upcoming deadlines.")]),
  );
}

function renderDialogue(d: Schemas["Dialogue"]) {
  const discussions = $("discussions");
  discussions.replaceChildren(
    ...(d.discussions.length
      ? d.discussions.map((x) => {
          const li = el("li", `${x.ref} · ${x.topic}`);
          li.append(el("small", ` ${x.status === "OPEN" ? "open" : "closed"} · opened ${x.opened}`));
          return li;
        })
      : [el("li", "No discussions yet.")]),
  );
  const rows = $<HTMLTableSectionElement>("action-rows");
  rows.replaceChildren(
    ...d.actions.map((a) => {
      const tr = el("tr");
      if (a.overdue) tr.className = "overdue";
      tr.append(
        el("td", a.ref),
        el("td", a.text),
        el("td", a.owner ?? "—"),
        el("td", a.due ?? "—"),
        el("td", `${a.statusText}${a.overdue ? " · overdue" : ""}`),
      );
      return tr;
    }),
  );
  $("actions-empty").hidden = d.actions.length > 0;
  $("dialogue-note").textContent = "";
  $("dialogue-body").hidden = false;
  $("dialogue-section").hidden = false;
}

async function load(code: string, signedIn: boolean) {
  notice("");
  const asOf = asOfOf(new URL(window.location.href));
  const [status, deadlines] = await Promise.all([
    api.GET("/api/tab/status/{ccg}", { params: { path: { ccg: code }, ...(asOf ? { query: { asOf } } : {}) } }),
    api.GET("/api/tab/deadlines/{organisation}", { params: { path: { organisation: code } } }),
  ]);
  if (status.error) {
    $("status-section").hidden = true;
    notice(status.error.hint ? `${status.error.error} ${status.error.hint}` : status.error.error, "error");
  } else renderStatus(status.data);
  if (deadlines.data) renderDeadlines(deadlines.data.deadlines, code);
  const withheld = (why: string) => {
    $("dialogue-body").hidden = true;
    $("dialogue-note").textContent = why;
    $("dialogue-section").hidden = false;
  };
  void loadPlan(api, code, signedIn);
  if (!signedIn) {
    withheld("Discussions and agreed actions are shown in Teams, to people of the CCG and its area team.");
    return;
  }
  const dialogue = await api.GET("/api/tab/dialogue/{ccg}", { params: { path: { ccg: code } } });
  if (dialogue.data) renderDialogue(dialogue.data);
  else withheld(dialogue.error?.error ?? "Discussions could not be loaded.");
}

function fillPicker(select: HTMLSelectElement, organisations: Schemas["Organisation"][], first?: HTMLOptionElement) {
  const teams = new Map(organisations.filter((o) => o.kind === "AREA_TEAM").map((o) => [o.code, o]));
  const groups = new Map<string, HTMLOptGroupElement>();
  select.replaceChildren(...(first ? [first] : []));
  for (const ccg of organisations.filter((o) => o.kind === "CCG")) {
    const key = ccg.areaTeamCode ?? "";
    let group = groups.get(key);
    if (!group) {
      group = el("optgroup");
      group.label = teams.get(key)?.name ?? "Other";
      groups.set(key, group);
    }
    const option = el("option", `${ccg.code} ${ccg.name}`);
    option.value = ccg.code;
    group.append(option);
  }
  select.append(...[...groups.values()].sort((a, b) => a.label.localeCompare(b.label)));
}

async function contentPage() {
  const context = await signIn();
  if (context && !ssoToken)
    notice("Teams could not sign you in to Plan Dialogue, so only public figures are shown.", "error");
  const [orgs, me] = await Promise.all([
    api.GET("/api/tab/organisations"),
    ssoToken ? api.GET("/api/tab/me") : Promise.resolve(null),
  ]);
  if (!orgs.data) {
    notice(orgs.error?.error ?? "The dashboard could not load.", "error");
    return;
  }
  if (me?.data) $("who").textContent = `${me.data.name} · ${me.data.organisation.code}`;
  else if (me?.error) notice(me.error.error, "error");

  const select = $<HTMLSelectElement>("org");
  const prompt = el("option", "Choose a CCG…");
  prompt.value = "";
  fillPicker(select, orgs.data.organisations, prompt);

  // Which CCG: the address says; else the channel's link; else the signed-in person's own CCG.
  let code = new URLSearchParams(window.location.search).get("org") ?? "";
  const channelId = context?.channel?.id;
  if (!code && channelId) {
    const linked = await api.GET("/api/tab/channel-organisations", { params: { query: { channelId } } });
    code = linked.data?.organisations.find((o) => o.kind === "CCG")?.code ?? "";
    if (!code && linked.data?.organisations[0])
      notice(`This channel is linked to ${linked.data.organisations[0].name}: choose one of its CCGs.`);
  }
  if (!code && me?.data?.organisation.kind === "CCG") code = me.data.organisation.code;

  select.addEventListener("change", () => {
    if (!select.value) return;
    const url = new URL(window.location.href);
    url.searchParams.set("org", select.value);
    window.history.replaceState(null, "", url);
    void load(select.value, !!ssoToken);
  });
  // "As of": the status as it stood in a period, kept in the address like the CCG; empty for the latest figures.
  const asOfInput = $<HTMLInputElement>("as-of");
  asOfInput.value = asOfOf(new URL(window.location.href)) ?? "";
  $<HTMLFormElement>("as-of-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    const asOf = asOfInput.value.trim();
    if (asOf) url.searchParams.set("asOf", asOf);
    else url.searchParams.delete("asOf");
    window.history.replaceState(null, "", url);
    if (select.value) void load(select.value, !!ssoToken);
  });
  const wanted = code.trim().toUpperCase();
  if (wanted && Array.from(select.options).some((o) => o.value === wanted)) {
    select.value = wanted;
    await load(select.value, !!ssoToken);
  } else {
    // Before a CCG is chosen: the national deadlines, which concern every CCG.
    const area = orgs.data.organisations.find((o) => o.code === wanted && o.kind === "AREA_TEAM");
    const [national, areaDeadlines] = await Promise.all([
      area ? Promise.resolve(null) : api.GET("/api/tab/deadlines"),
      area
        ? api.GET("/api/tab/deadlines/{organisation}", { params: { path: { organisation: area.code } } })
        : Promise.resolve(null),
    ]);
    const shown = area ? areaDeadlines : national;
    if (shown?.data) renderDeadlines(shown.data.deadlines, area ? `${area.code} ${area.name}` : "");
    if (area) {
      showGridLinks(BASE, area.code);
      const ccgs = orgs.data.organisations.filter((o) => o.areaTeamCode === area.code && o.kind === "CCG");
      notice(
        `${area.code} ${area.name} is an area team: the dashboard shows one CCG at a time. Choose one of its ${ccgs.length} CCGs (${ccgs.map((c) => c.code).join(", ")}).`,
      );
    } else if (wanted) {
      notice(`There is no CCG with the code “${wanted}”. Choose a CCG from the list, or check the address.`, "error");
    } else if (!document.getElementById("notice")?.textContent) {
      notice("Choose a CCG to see its indicators, deadlines and dialogue with its area team.");
    }
  }
  document.body.dataset.ready = "true";
}

/** The configurable (channel) tab's settings page: which CCG the tab shows, or the channel's own link. */
async function configPage() {
  const context = await inTeams();
  const orgs = await api.GET("/api/tab/organisations");
  const select = $<HTMLSelectElement>("org");
  const fromLink = el("option", "The CCG this channel is linked to");
  fromLink.value = "";
  fillPicker(select, orgs.data?.organisations ?? [], fromLink);
  if (!context) {
    notice("This page is where Teams asks which CCG a channel tab shows. Open it from Teams.");
    document.body.dataset.ready = "true";
    return;
  }
  pages.config.registerOnSaveHandler((save) => {
    const code = select.value;
    const contentUrl = new URL("tab", BASE);
    if (code) contentUrl.searchParams.set("org", code);
    pages.config
      .setConfig({
        contentUrl: contentUrl.toString(),
        websiteUrl: contentUrl.toString(),
        entityId: `plan-dialogue-${code || "channel"}`,
        suggestedDisplayName: code ? `Plan Dialogue ${code}` : "Plan Dialogue",
      })
      .then(() => save.notifySuccess())
      .catch((error: unknown) => save.notifyFailure(String(error)));
  });
  pages.config.setValidityState(true);
  document.body.dataset.ready = "true";
}

const mode = document.body.dataset.mode;
const start =
  mode === "config"
    ? configPage
    : mode === "grid"
      ? () => gridPage(api, async () => ({ inTeams: !!(await signIn()), signedIn: !!ssoToken }))
      : contentPage;
start().catch((error: unknown) => {
  notice(`The dashboard could not load: ${String(error)}`, "error");
  document.body.dataset.ready = "true";
});
