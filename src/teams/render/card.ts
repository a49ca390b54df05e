// The neutral reply model as an Adaptive Card (version 1.5, what Teams renders), built with the typed
// builders of @microsoft/teams.cards. Teams refuses messages over about 28 KB (413 MessageSizeTooBig) and the
// SDK does not check, so long lists are cut with an "…and N more" line until the card fits a budget.
import {
  ActionSet,
  AdaptiveCard,
  ColumnDefinition,
  Container,
  ExecuteAction,
  Fact,
  FactSet,
  LineChart,
  LineChartData,
  LineChartValue,
  OpenUrlAction,
  SubmitAction,
  Table,
  TableCell,
  TableRow,
  TaskFetchSubmitActionData,
  TextBlock,
  type IAdaptiveCard,
  type IImage,
  type CardElementArray,
  type TextColor,
} from "@microsoft/teams.cards";
import type { Block, Button, IndicatorRow, Rag, Reply, Trend } from "../../reply/model";
import { shownOn } from "../../reply/model";
import { cutText } from "../../reply/cut";
import { derivedOnce } from "../../core/caching/deep-freeze";
import { APPRAISAL_FORM } from "../../reply/views/appraisal";
import { PLAN_EDIT_ACTION } from "../../../commands/plan-line";
import { DEMO_MARK, RAG_LABEL, rowValue } from "../../reply/text";
import { tableElements } from "./table";

export const CARD_VERSION = "1.5";
/** What a rendered card may weigh, in bytes of JSON: well under Teams' ~28 KB message limit. */
export const CARD_BUDGET_BYTES = 20_000;

/** Buttons that need input first open a dialog (task module) instead of acting at once. */
export const DIALOG_BUTTONS = new Set(["action.edit", "discussion.propose", APPRAISAL_FORM, PLAN_EDIT_ACTION]);

/** What a button sends back: the neutral model's action id and payload, parsed with zod on arrival. */
export interface ButtonData {
  actionId: string;
  payload: Record<string, string | number>;
}

interface Limits {
  tableRows: number;
  items: number;
  facts: number;
}

// The first step holds a CCG's whole national ask (31 indicators) and its local priorities.
const LIMIT_STEPS: Limits[] = [
  { tableRows: 40, items: 20, facts: 12 },
  { tableRows: 15, items: 10, facts: 10 },
  { tableRows: 8, items: 5, facts: 8 },
  { tableRows: 3, items: 3, facts: 6 },
];

const RAG_COLOUR: Record<Rag, TextColor> = { red: "Attention", amber: "Warning", green: "Good", grey: "Default" };
const TREND_TEXT: Record<Trend, string> = {
  improving: "↑ improving",
  worsening: "↓ worsening",
  steady: "→ steady",
  unknown: "–",
};

/**
 * Reply text as TextBlock markdown. The reply model's text is plain, with one convention of ours: `code` spans.
 * Everything else that Teams' markdown subset would act on is neutralised, because topics, action texts, owners
 * and names are typed by people and end up here: `[text](url)` would be a link in the bot's own card, `**`/`_`/`~`
 * emphasis, a leading `-`, `+`, `#` or `1.` a list or heading. Those characters are backslash-escaped, and a
 * zero-width space goes between `]` and `(` so that no link forms even where a renderer ignores escapes.
 * Teams drops anything that looks like an HTML tag (and `<at>…</at>` is a mention), so `<`/`>` are shown as ‹ ›
 * (usage placeholders such as <what> read ‹what›). Teams has no inline code, so `help` reads as **help**.
 */
export function cardText(text: string): string {
  return text
    .replace(/</g, "‹")
    .replace(/>/g, "›")
    .replace(/[\\*_~[\]#]/g, "\\$&")
    .replace(/\]\(/g, "]\u200b(")
    .replace(
      /^(\s*)([-+]|\d+\.)(?=\s)/gm,
      (_m, space: string, mark: string) => `${space}${mark.replace(/([-+.])$/, "\\$1")}`,
    )
    .replace(/`([^`\n]+)`/g, "**$1**");
}

const text = (value: string, options: ConstructorParameters<typeof TextBlock>[1] = {}) =>
  new TextBlock(cardText(value), { wrap: true, ...options });

/** The line under a cut list: "…and 1 more item", "…and 3 more items". */
const more = (n: number, one: string, many: string, after = "") =>
  text(`…and ${n} more ${n === 1 ? one : many}${after}`, { isSubtle: true, size: "Small" });

function buttonAction(b: Button) {
  const data: ButtonData = { actionId: b.actionId, payload: b.payload };
  const style = b.style === "primary" ? "positive" : b.style === "danger" ? "destructive" : undefined;
  if (DIALOG_BUTTONS.has(b.actionId)) {
    // A dialog opens only from Action.Submit with msteams.type task/fetch.
    return new SubmitAction({
      title: b.label,
      ...(style ? { style } : {}),
      data: { ...data, msteams: new TaskFetchSubmitActionData() },
    });
  }
  // Universal Actions: the invoke's answer replaces the card for the person who clicked.
  return new ExecuteAction({ title: b.label, verb: b.actionId, data: { ...data }, ...(style ? { style } : {}) });
}

function indicatorTable(
  title: string | undefined,
  rows: IndicatorRow[],
  limits: Limits,
  chartImage: boolean,
): CardElementArray {
  const shown = rows.slice(0, limits.tableRows);
  // Light cells, so that a CCG's whole national ask (31 indicators, about 20 KB) fits one card: the text at the card's own size,
  // and wrapping only where a value can be long (short codes such as RED or 95% never wrap).
  const cell = (value: string, options: ConstructorParameters<typeof TextBlock>[1] = {}) =>
    new TableCell(new TextBlock(cardText(value), { wrap: true, ...options }));
  const short = (value: string, options: ConstructorParameters<typeof TextBlock>[1] = {}) =>
    new TableCell(new TextBlock(cardText(value), options));
  const header = new TableRow({
    cells: ["RAG", "Indicator", "Latest", "Standard", "Plan", "Trend"].map((h) => short(h, { weight: "Bolder" })),
  });
  const body = shown.map(
    (r) =>
      new TableRow({
        cells: [
          short(RAG_LABEL[r.rag], { color: RAG_COLOUR[r.rag], weight: "Bolder" }),
          cell(`${r.name}${r.note ? ` (${r.note})` : ""}${r.demo ? ` · ${DEMO_MARK}` : ""}`),
          cell(`${rowValue(r, "—")}${r.period ? ` · ${r.period}` : ""}`, r.suppressed ? { isSubtle: true } : {}),
          short(r.standard ?? "—"),
          cell(`${r.plan ?? "—"}${r.variance ? ` (${r.variance})` : ""}`),
          cell(TREND_TEXT[r.trend]),
        ],
      }),
  );
  const elements: CardElementArray = [];
  if (title) elements.push(text(title, { weight: "Bolder", spacing: "Medium" }));
  elements.push(
    new Table({
      firstRowAsHeaders: true,
      showGridLines: false,
      columns: [2, 5, 3, 2, 3, 2].map((width) => new ColumnDefinition({ width })),
      rows: [header, ...body],
    }),
  );
  if (rows.length > shown.length)
    elements.push(more(rows.length - shown.length, "indicator", "indicators", " — the dashboard tab lists them all"));
  // One indicator asked for by name: its recent values as a native Teams chart, unless the reply carries the
  // server-drawn image, which shows the plan and the standard as well.
  if (!chartImage && rows.length === 1 && rows[0]!.recent.length >= 2) {
    const r = rows[0]!;
    elements.push(
      new LineChart({
        title: `${r.name}: recent periods`,
        showTitle: true,
        fallback: "drop",
        data: [
          new LineChartData({
            legend: r.code,
            values: r.recent.map((y, i) => new LineChartValue({ x: String(i + 1), y })),
          }),
        ],
      }),
    );
  }
  return elements;
}

/**
 * The chart image as a plain Adaptive Card 1.5 Image. The builder class writes out its own defaults
 * (`width: "auto"`, `fitMode`, content alignments: newer-schema properties) which the Adaptive Cards parser refuses.
 */
const chartImageElement = (url: string, altText: string): IImage => ({ type: "Image", url, altText, size: "Stretch" });

function renderBlock(block: Block, limits: Limits, chartImage: boolean): CardElementArray {
  switch (block.type) {
    case "heading":
      return [text(block.text, { size: "Large", weight: "Bolder" })];
    case "paragraph":
      return [text(block.text)];
    case "fields": {
      const shown = block.fields.slice(0, limits.facts);
      const out: CardElementArray = [new FactSet(...shown.map((f) => new Fact(cardText(f.label), cardText(f.value))))];
      if (block.fields.length > shown.length) out.push(more(block.fields.length - shown.length, "field", "fields"));
      return out;
    }
    case "indicators":
      return indicatorTable(block.title, block.rows, limits, chartImage);
    case "items": {
      const shown = block.items.slice(0, limits.items);
      const out: CardElementArray = shown.map(
        (i) =>
          new Container(
            text(i.title, { weight: "Bolder" }),
            ...(i.detail ? [text(i.detail, { isSubtle: true, spacing: "None" as const })] : []),
          ),
      );
      if (block.items.length > shown.length) out.push(more(block.items.length - shown.length, "item", "items"));
      return out;
    }
    case "buttons":
      return [new ActionSet(...block.buttons.filter((b) => shownOn(b, "TEAMS")).map(buttonAction))];
    case "context":
      return [text(block.text, { isSubtle: true, size: "Small" })];
    case "chart":
      return block.imageUrl
        ? [text(block.title, { weight: "Bolder", spacing: "Medium" }), chartImageElement(block.imageUrl, block.alt)]
        : // No public URL to fetch an image from: the chart in words.
          [text(block.alt, { isSubtle: true, spacing: "Medium" })];
    case "divider":
      return [];
    case "file":
      // Teams lets a bot send a file only in personal chat (FileConsentCard) or through Graph; a link to a signed
      // download on this server works everywhere. Without a public URL, the words say how to get it instead.
      return block.url
        ? [
            text(`${block.fileName}: ${block.title}`, { weight: "Bolder", spacing: "Medium" }),
            new ActionSet(new OpenUrlAction(block.url, { title: `Download ${block.fileName}` })),
          ]
        : [
            text(
              `${block.fileName}: ${block.title}. I can't offer a download here: this bot has no public address (PUBLIC_URL). Ask your operator, or use Slack or the console.`,
              { isSubtle: true },
            ),
          ];

    case "table":
      return tableElements(block, limits.tableRows, text);
  }
}

/** Builder classes write every default out; Teams does not need them, and they cost a third of the size. */
const DEFAULTS = new Map<string, unknown>([
  ["isVisible", true],
  ["separator", false],
  ["height", "auto"],
  ["spacing", "Default"],
  ["isSortKey", false],
  ["showBorder", false],
  ["roundedCorners", false],
  ["bleed", false],
  ["mode", "primary"],
  ["isEnabled", true],
  ["conditionallyEnabled", false],
  ["isMultiline", false],
  ["isRequired", false],
  ["allowExpand", false],
  ["wrap", false],
  ["style", "default"],
]);

/** What JSON leaves out of an object (and writes as null in an array). */
const unwritten = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

const isEmptyObject = (v: unknown) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
};

/**
 * The card as plain JSON data without the builders' defaults: what `JSON.parse(JSON.stringify(card))` then a walk
 * would give, in one walk over the builder objects themselves. Written for speed (keys by index, no entry pairs):
 * the round trip and the walk were most of a status card's rendering time under load (docs/PERFORMANCE.md).
 */
export function compact<T>(value: T): T {
  if (typeof value === "number") return (Number.isFinite(value) ? value : null) as T;
  if (!value || typeof value !== "object") return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === "function") return compact(json.call(value)) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = unwritten(value[i]) ? null : compact(value[i]);
    return out as T;
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = source[k];
    if (unwritten(v)) continue;
    if (k === "requires" && isEmptyObject(v)) continue;
    if (DEFAULTS.has(k) && DEFAULTS.get(k) === v) continue;
    out[k] = compact(v);
  }
  return out as T;
}

function build(reply: Reply, limits: Limits, extra: CardElementArray): IAdaptiveCard {
  const body: CardElementArray = [];
  const chartImage = reply.blocks.some((b) => b.type === "chart" && !!b.imageUrl);
  let separate = false;
  for (const block of reply.blocks) {
    if (block.type === "divider") {
      separate = true;
      continue;
    }
    const elements = renderBlock(block, limits, chartImage);
    if (separate && elements[0]) {
      body.push(new Container(...elements).withSeparator(true));
      separate = false;
    } else {
      body.push(...elements);
    }
  }
  body.push(...extra);
  const card = new AdaptiveCard(...body)
    .withVersion(CARD_VERSION)
    .with$schema("http://adaptivecards.io/schemas/adaptive-card.json")
    .withFallbackText(reply.summary)
    .withMsteams({ width: "full" });
  return compact(card as IAdaptiveCard);
}

export const cardBytes = (card: IAdaptiveCard) => Buffer.byteLength(JSON.stringify(card), "utf8");

export interface RenderOptions {
  /** elements added under the reply, e.g. an error only the clicker sees */
  extra?: CardElementArray;
  budgetBytes?: number;
  /**
   * Universal Actions refresh: the Teams clients of these people (user ids as activities carry them, at most 60)
   * invoke this verb when they show the card and show the card the bot answers with (user-specific views).
   */
  refresh?: { verb: string; data: ButtonData; userIds: string[] };
}

/** Renders a reply as one Adaptive Card under the size budget. */
export function renderCard(reply: Reply, options: RenderOptions = {}): IAdaptiveCard {
  const card = renderBody(reply, options);
  if (!options.refresh) return card;
  const { verb, data, userIds } = options.refresh;
  return {
    ...card,
    refresh: { action: { type: "Action.Execute", verb, data: { ...data } }, userIds },
  } as IAdaptiveCard;
}

/**
 * The cards of replies that cannot change (frozen, as `statusReply` gives for a cached summary: src/reply/views/status.ts),
 * by budget: built once, frozen, and shared by every message that carries that reply. A status card was most of a
 * Teams status request's CPU (building, compacting and weighing it per limits step; docs/PERFORMANCE.md). A reply
 * with per-request `extra` elements, or one not frozen, is built each time.
 */
const cardsByBudget = new Map<number, WeakMap<Reply, IAdaptiveCard>>();

function renderBody(reply: Reply, options: RenderOptions): IAdaptiveCard {
  const budget = options.budgetBytes ?? CARD_BUDGET_BYTES;
  if (options.extra?.length) return fitCard(reply, budget, options.extra);
  let cards = cardsByBudget.get(budget);
  if (!cards) cardsByBudget.set(budget, (cards = new WeakMap()));
  return derivedOnce(cards, reply, (r) => fitCard(r, budget, []));
}

function fitCard(reply: Reply, budget: number, extra: CardElementArray): IAdaptiveCard {
  let card: IAdaptiveCard | undefined;
  for (const limits of LIMIT_STEPS) {
    card = build(reply, limits, extra);
    if (cardBytes(card) <= budget) return card;
  }
  // Still too big (a very long paragraph): say so rather than have Teams refuse the message.
  return build(
    {
      ...reply,
      blocks: [
        { type: "paragraph", text: cutText(reply.summary, 2000) },
        { type: "context", text: "The full answer is too long for a Teams card; the dashboard tab shows everything." },
      ],
    },
    LIMIT_STEPS.at(-1)!,
    extra,
  );
}

/** A message activity carrying the card; `text` is the notification and fallback line. */
export function cardMessage(reply: Reply, options: RenderOptions = {}) {
  return {
    type: "message" as const,
    text: "",
    summary: reply.summary,
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: renderCard(reply, options) }],
  };
}
