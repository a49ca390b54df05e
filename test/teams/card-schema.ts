// Every Adaptive Card the bot sends is checked against Microsoft's Adaptive Cards 1.5 schema
// (test/fixtures/adaptive-cards, from the microsoft/AdaptiveCards repository; see SOURCE.md there).
// What Teams adds to the schema is allowed the way Teams allows it:
// - the root `msteams` property (width "full", entities for mentions);
// - `Chart.*` elements, Teams-only, only with a `fallback`: a client that does not know them shows the fallback,
//   so the fallback is what is checked;
// - Table's `firstRowAsHeaders`, which Microsoft's renderer and samples spell so while the schema says
//   `firstRowAsHeader`.
// Anything else the schema does not know (e.g. `fitMode` on an Image, a 1.6 property) is an error, and so is an
// Image `width` that is not in pixels (the schema says so in words; the `adaptivecards` parser refuses "auto").
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json";
import addFormats from "ajv-formats";

const SCHEMA_FILE = fileURLToPath(new URL("../fixtures/adaptive-cards/adaptive-card-1.5.json", import.meta.url));

let compiledSchema: { ajv: Ajv; id: string; definitions: Set<string> } | undefined;

function schema() {
  if (compiledSchema) return compiledSchema;
  const raw = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  const { id, ...rest } = raw;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  ajv.addSchema({ ...rest, $id: String(id) });
  compiledSchema = {
    ajv,
    id: String(id),
    definitions: new Set(Object.keys(rest.definitions as Record<string, unknown>)),
  };
  return compiledSchema;
}

/** The card as a client without Teams' extensions reads it; problems with those extensions are listed. */
function withoutTeamsExtensions(card: unknown, problems: string[]): unknown {
  const walk = (v: unknown, path: string, root = false): unknown => {
    if (Array.isArray(v)) {
      return v.map((x, i) => walk(x, `${path}[${i}]`)).filter((x) => x !== DROP);
    }
    if (!v || typeof v !== "object") return v;
    const o = { ...(v as Record<string, unknown>) };
    if (root && "msteams" in o) {
      const ms = o.msteams as Record<string, unknown>;
      const unknownKeys = Object.keys(ms ?? {}).filter((k) => k !== "width" && k !== "entities");
      if (unknownKeys.length) problems.push(`${path}.msteams has unknown keys ${unknownKeys.join(", ")}`);
      if (ms?.width !== undefined && ms.width !== "full") problems.push(`${path}.msteams.width must be "full"`);
      delete o.msteams;
    }
    if (typeof o.type === "string" && o.type.startsWith("Chart.")) {
      if (o.fallback === undefined) {
        problems.push(`${path}: ${o.type} is Teams-only and needs a fallback`);
        return DROP;
      }
      return o.fallback === "drop" ? DROP : walk(o.fallback, `${path}.fallback`);
    }
    // The schema types Image.width as a string "ending in 'px'"; the adaptivecards parser refuses anything else.
    if (o.type === "Image" && o.width !== undefined && !/^\d+px$/.test(String(o.width)))
      problems.push(`${path}: Image width ${JSON.stringify(o.width)} is not a pixel width such as "50px"`);
    if (o.type === "Table" && "firstRowAsHeaders" in o) {
      o.firstRowAsHeader = o.firstRowAsHeaders;
      delete o.firstRowAsHeaders;
    }
    for (const [k, child] of Object.entries(o)) {
      if (k === "data") continue; // what a button sends back is ours
      o[k] = walk(child, `${path}.${k}`);
    }
    return o;
  };
  return walk(card, "card", true);
}

const DROP = Symbol("drop");

/**
 * Each typed element (and action) against its own definition, deepest first, so that a bad Image inside a
 * Container is reported as the Image's fault (the card's own anyOf only says "no element type matched").
 */
function elementProblems(card: unknown): string[] {
  const { ajv, id, definitions } = schema();
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}/${i}`));
    if (!v || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    for (const [k, child] of Object.entries(o)) if (k !== "data") walk(child, `${path}/${k}`);
    if (typeof o.type === "string" && definitions.has(o.type)) {
      const validate = ajv.getSchema(`${id}#/definitions/${o.type}`)!;
      if (!validate(o)) {
        const mine = (validate.errors ?? []).filter((e) => e.instancePath === "");
        for (const e of mine.length ? mine : (validate.errors ?? []).slice(0, 1))
          out.push(`${path || "/"} (${o.type}) ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  };
  walk(card, "");
  return out;
}

/** The problems of one card, empty when it is a valid Adaptive Card 1.5 as Teams reads it. */
export function adaptiveCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  if (!card || typeof card !== "object") return ["not an object"];
  const c = card as Record<string, unknown>;
  if (c.type !== "AdaptiveCard") problems.push(`type is ${String(c.type)}`);
  if (c.version !== "1.5") problems.push(`version is ${String(c.version)}, not 1.5`);
  const plain = withoutTeamsExtensions(card, problems);
  const { ajv, id } = schema();
  const validate = ajv.getSchema(id)!;
  if (!validate(plain)) {
    const detail = elementProblems(plain);
    problems.push(...(detail.length ? detail.slice(0, 5) : [`${validate.errors?.[0]?.message ?? "invalid"}`]));
  }
  return problems;
}

/** Throws with the schema's complaint when a card is not valid. */
export function assertValidAdaptiveCard(card: unknown, where = "card"): void {
  const problems = adaptiveCardProblems(card);
  if (problems.length)
    throw new Error(`${where} is not a valid Adaptive Card 1.5: ${problems.join(" | ")}\n${JSON.stringify(card)}`);
}

/** The Adaptive Cards in an activity or an invoke's answer (attachments, a card response, a task module). */
export function cardsIn(body: unknown): unknown[] {
  if (!body || typeof body !== "object") return [];
  const b = body as Record<string, unknown>;
  const out: unknown[] = [];
  for (const a of (b.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? []) {
    if (a.contentType === "application/vnd.microsoft.card.adaptive") out.push(a.content);
  }
  if (b.type === "application/vnd.microsoft.card.adaptive") out.push(b.value);
  const task = b.task as { value?: { card?: { contentType?: string; content?: unknown } } } | undefined;
  if (task?.value?.card?.contentType === "application/vnd.microsoft.card.adaptive") out.push(task.value.card.content);
  return out;
}
