// The tab's plan view: a CCG's current plan version line by line (GET /api/tab/plan/{ccg}), for a signed-in person
// of the CCG or its area team. The CCG's own people get an Edit form per line (one input per period of the planning
// year, prefilled, and a note) and can add a line the plan lacks; saving posts the line (POST
// /api/tab/plan/{ccg}/{indicator}): a bad value is shown by its period with what was typed kept, nothing stored.
import type { Client } from "openapi-fetch";
import { $, el, notice } from "./dom";
import type { components, paths } from "./tab-api.gen";

type Schemas = components["schemas"];
type Api = Client<paths>;
type FormLine = { code: string; name: string; unit: string; periods: Schemas["PlanPeriod"][] };

/** A plain number as people type it: 94.5, not 94.50000001. */
const typed = (v: number) => String(Number(v.toPrecision(12)));

function withheld(why: string) {
  $("plan-lines").replaceChildren();
  $("plan-note").textContent = why;
  $("plan-section").hidden = false;
}

/** The Edit form of one line; `saved` runs after a version is stored (the plan is loaded again). */
function lineForm(api: Api, ccg: string, line: FormLine, saved: (message: string) => void): HTMLFormElement {
  const form = el("form", null, "plan-edit");
  form.dataset.indicator = line.code;
  const problems = el("ul", null, "problems");
  problems.hidden = true;
  const inputs = line.periods.map((p) => {
    const label = el("label", p.period);
    const input = el("input");
    input.type = "text";
    input.name = p.periodStart;
    input.maxLength = 40;
    input.inputMode = "decimal";
    input.autocomplete = "off";
    input.value = p.value === null ? "" : typed(p.value);
    input.placeholder = line.unit === "%" ? "e.g. 95" : "a number";
    const problem = el("span", null, "problem");
    problem.hidden = true;
    label.append(input, problem);
    return { period: p.period, input, problem, label };
  });
  const note = el("input");
  note.type = "text";
  note.name = "note";
  note.maxLength = 500;
  const noteLabel = el("label", "Note (why it changed: shown with the version)");
  noteLabel.append(note);
  const save = el("button", "Save");
  save.type = "submit";
  form.append(problems, ...inputs.map((i) => i.label), noteLabel, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      save.disabled = true;
      for (const i of inputs) i.problem.hidden = true;
      problems.hidden = true;
      const res = await api.POST("/api/tab/plan/{ccg}/{indicator}", {
        params: { path: { ccg, indicator: line.code } },
        body: {
          entries: inputs.map((i) => ({ period: i.period, value: i.input.value.trim() })),
          ...(note.value.trim() ? { note: note.value.trim() } : {}),
        },
      });
      save.disabled = false;
      if (res.data) return saved(res.data.message);
      const error = res.error as Partial<Schemas["PlanLineProblems"]> & { error?: string; hint?: string };
      // Each problem beside its period's input, and all of them above the form; what was typed stays.
      const lines = [error?.error ?? "The line could not be saved."];
      for (const p of error?.problems ?? []) {
        const at = inputs.find((i) => i.period === p.period);
        if (at) {
          at.problem.textContent = p.message;
          at.problem.hidden = false;
        }
        lines.push(`${p.period}: ${p.message}`);
      }
      problems.replaceChildren(...lines.map((t) => el("li", t)));
      problems.hidden = false;
    })();
  });
  return form;
}

function renderPlan(api: Api, plan: Schemas["Plan"]) {
  const ccg = plan.ccg.code;
  const reload = (message: string) => {
    notice(message);
    void loadPlan(api, ccg, true);
  };
  $("plan-title").textContent = plan.version ? `${ccg} plan version ${plan.version}` : `${ccg} plan`;
  $("plan-note").textContent = plan.version
    ? plan.editable
      ? "Edit a line to store it as the next version; each value is checked as a submitted template's row is."
      : `The plan is ${ccg}'s own: the area team discusses it rather than changing it.`
    : `${ccg} has no plan yet.${plan.editable ? " Add a line below, or submit the planning template in chat." : ""}`;
  const items = plan.lines.map((l) => {
    const item = el("div", null, "plan-line");
    item.dataset.indicator = l.code;
    item.append(el("h3", `${l.code} · ${l.name}`));
    item.append(el("p", l.planned.map((p) => `${p.period} ${p.shown}`).join(" · ") || "No periods planned."));
    const edit = l.edit;
    if (edit) {
      const open = el("button", `Edit ${l.code}`);
      open.type = "button";
      open.addEventListener("click", () => {
        open.hidden = true;
        item.append(lineForm(api, ccg, { code: l.code, name: l.name, ...edit }, reload));
      });
      item.append(open);
    }
    return item;
  });
  if (plan.missing.length) {
    // A line the plan lacks: its form comes from the API (every period of the planning year, empty).
    const add = el("div", null, "plan-line");
    const pick = el("select");
    pick.append(...plan.missing.map((code) => Object.assign(el("option", code), { value: code })));
    const go = el("button", "Add a line");
    go.type = "button";
    go.addEventListener("click", () => {
      void (async () => {
        const f = await api.GET("/api/tab/plan/{ccg}/{indicator}/form", {
          params: { path: { ccg, indicator: pick.value } },
        });
        if (!f.data) return notice(f.error?.error ?? "The form could not be loaded.", "error");
        add.querySelector("form")?.remove();
        add.append(lineForm(api, ccg, f.data, reload));
      })();
    });
    add.append(el("h3", "Add a line"), pick, go);
    items.push(add);
  }
  $("plan-lines").replaceChildren(...items);
  $("plan-section").hidden = false;
}

export async function loadPlan(api: Api, ccg: string, signedIn: boolean): Promise<void> {
  if (!signedIn) return withheld("The plan is shown in Teams, to people of the CCG and its area team.");
  const plan = await api.GET("/api/tab/plan/{ccg}", { params: { path: { ccg } } });
  if (plan.data) renderPlan(api, plan.data);
  else withheld(plan.error?.error ?? "The plan could not be loaded.");
}
