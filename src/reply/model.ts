// The neutral reply model: what a command answers, before any platform renders it.
// Slack renders it as Block Kit, Teams as an Adaptive Card, the console as plain text.
// Parity between platforms comes from here, not from copying handlers.

// Indicator status is the core's (src/core/indicators): the model shows it as the core computes it.
import type { IndicatorRow, Rag } from "../core/indicators/status-types";
export type { IndicatorRow, Rag, Trend } from "../core/indicators/status-types";

export interface Button {
  label: string;
  /** stable id the platforms route on, e.g. "action.agree" */
  actionId: string;
  /** parsed with zod when it comes back */
  payload: Record<string, string | number>;
  style?: "primary" | "danger";
  /** only these platforms show it: a button that opens a form only they have (Slack's modal of a plan line) */
  platforms?: ButtonPlatform[];
}

export type ButtonPlatform = "SLACK" | "TEAMS" | "CONSOLE";

/** Whether a platform shows a button. */
export const shownOn = (b: Button, platform: ButtonPlatform) => !b.platforms || b.platforms.includes(platform);

/** One cell of a table: its text, and a RAG where the cell rates something; `second` is a second rating in the same
 * cell (a grid cell: the figure, then the plan). */
export interface TableCell {
  text: string;
  rag?: Rag;
  second?: { text: string; rag?: Rag };
}

/**
 * A table: Teams shows it as a native Adaptive Card Table, Slack as a picture of it (`imageUrl`, drawn by the bot)
 * with `alt` as its words, text as columns. `columns[0]` heads the row labels.
 */
export interface TableBlock {
  type: "table";
  title: string;
  /** the table in words, for screen readers and where no image shows */
  alt: string;
  columns: string[];
  /** `label`: short (an indicator code); `name`: the long form, where there is room (the picture, the tab) */
  rows: { label: string; name?: string; cells: TableCell[] }[];
  /** how to read the cells, e.g. "each cell: figure, then plan" */
  legend?: string;
  /** a PNG of the table that Slack's image proxy can fetch */
  imageUrl?: string;
}

export type Block =
  | { type: "heading"; text: string }
  | { type: "paragraph"; text: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "indicators"; title?: string; rows: IndicatorRow[] }
  | { type: "items"; items: { title: string; detail?: string }[] }
  | { type: "buttons"; buttons: Button[] }
  /** keep: never cut to fit a platform's limits (the "Demo data" label) */
  | { type: "context"; text: string; keep?: boolean }
  | { type: "chart"; title: string; alt: string; imageUrl?: string }
  | { type: "divider" }
  /**
   * A file to hand over (a planning template): Slack uploads it to the conversation, Teams links to `url` (a signed
   * download on this server, when it has a public URL), the console saves it and prints where.
   */
  | { type: "file"; title: string; fileName: string; mediaType: string; content: Uint8Array; url?: string }
  | TableBlock;

export interface Reply {
  /** one line: the notification text and the fallback where blocks can't show */
  summary: string;
  blocks: Block[];
  /** private: only the person who asked sees it (Slack ephemeral); channel: everyone */
  visibility: "private" | "channel";
  /** true when the reply explains a refusal or a mistake */
  isError?: boolean;
  /** when a platform has to cut the reply: how to ask for less, e.g. "Narrow it down, e.g. `status 02N cancer`." */
  narrow?: string;
}

export function reply(summary: string, blocks: Block[], visibility: Reply["visibility"] = "private"): Reply {
  return { summary, blocks, visibility };
}

/** A reply of one paragraph, its text also the summary. */
export function textReply(text: string, visibility: Reply["visibility"] = "private"): Reply {
  return { summary: text, blocks: [{ type: "paragraph", text }], visibility };
}

export function errorReply(message: string, hint?: string): Reply {
  const blocks: Block[] = [{ type: "paragraph", text: message }];
  if (hint) blocks.push({ type: "context", text: hint });
  return { summary: message, blocks, visibility: "private", isError: true };
}
