// The neutral reply model: what a command answers, before any platform renders it.
// Slack renders it as Block Kit, Teams as an Adaptive Card, the console as plain text.
// Parity between platforms comes from here, not from copying handlers.

// Indicator status is the core's (src/core/indicators): the model shows it as the core computes it.
import type { IndicatorRow } from "../core/indicators/status-types";
export type { IndicatorRow, Rag, Trend } from "../core/indicators/status-types";

export interface Button {
  label: string;
  /** stable id the platforms route on, e.g. "action.agree" */
  actionId: string;
  /** parsed with zod when it comes back */
  payload: Record<string, string | number>;
  style?: "primary" | "danger";
}

export type Block =
  | { type: "heading"; text: string }
  | { type: "paragraph"; text: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "indicators"; title?: string; rows: IndicatorRow[] }
  | { type: "items"; items: { title: string; detail?: string }[] }
  | { type: "buttons"; buttons: Button[] }
  | { type: "context"; text: string }
  | { type: "chart"; title: string; alt: string; imageUrl?: string }
  | { type: "divider" }
  /**
   * A file to hand over (a planning template): Slack uploads it to the conversation, Teams links to `url` (a signed
   * download on this server, when it has a public URL), the console saves it and prints where.
   */
  | { type: "file"; title: string; fileName: string; mediaType: string; content: Uint8Array; url?: string };

export interface Reply {
  /** one line: the notification text and the fallback where blocks can't show */
  summary: string;
  blocks: Block[];
  /** private: only the person who asked sees it (Slack ephemeral); channel: everyone */
  visibility: "private" | "channel";
  /** true when the reply explains a refusal or a mistake */
  isError?: boolean;
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
