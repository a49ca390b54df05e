// The "action" modal: propose an action in a discussion (from a button or the message shortcut), or edit one.
import type { ModalView } from "@slack/types";
import { z } from "zod";

export const ACTION_MODAL = "action_modal";

/** What rides on the modal, parsed with zod when it comes back. */
export const modalContext = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("propose"), discussionId: z.number().int().positive(), channelId: z.string().optional() }),
  z.object({ mode: z.literal("edit"), actionId: z.number().int().positive(), channelId: z.string().optional() }),
]);
export type ModalContext = z.infer<typeof modalContext>;

export function loadingView(): ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: "Plan Dialogue" },
    blocks: [{ type: "section", text: { type: "mrkdwn", text: "Loading…" } }],
  };
}

/** A modal that only says something: what replaces the loading view when there is no form to show. */
export function messageView(text: string): ModalView {
  return { ...loadingView(), blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

export function actionModal(
  context: ModalContext,
  prefill: { text?: string; owner?: string; due?: string },
  heading: string,
): ModalView {
  const input = (
    blockId: string,
    label: string,
    initial: string | undefined,
    optional: boolean,
    multiline = false,
    hint?: string,
  ) => ({
    type: "input" as const,
    block_id: blockId,
    optional,
    label: { type: "plain_text" as const, text: label },
    ...(hint ? { hint: { type: "plain_text" as const, text: hint } } : {}),
    element: {
      type: "plain_text_input" as const,
      action_id: "value",
      multiline,
      ...(initial ? { initial_value: initial.slice(0, 3000) } : {}),
    },
  });
  return {
    type: "modal",
    callback_id: ACTION_MODAL,
    private_metadata: JSON.stringify(context),
    title: { type: "plain_text", text: context.mode === "propose" ? "Propose an action" : "Edit an action" },
    submit: { type: "plain_text", text: context.mode === "propose" ? "Propose" : "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      { type: "context", elements: [{ type: "mrkdwn", text: heading }] },
      input("text", "What will be done", prefill.text, false, true),
      input("owner", "Owner", prefill.owner, true, false, "A name, or leave empty for yourself"),
      input("due", "Due date", prefill.due, true, false, "25 Jan, 2014-01-25 or next Friday"),
    ],
  };
}

/** Reads the submitted values of the modal's three inputs. */
export function submittedValues(values: Record<string, Record<string, { value?: string | null }>>) {
  const read = (block: string) => values[block]?.value?.value?.trim() || undefined;
  return { text: read("text"), owner: read("owner"), due: read("due") };
}

/** Builds command text from free fields: quotes keep each field whole (and "owner"/"due" inside text harmless). */
export const quoted = (s: string) => `"${s.replace(/["“”]/g, "'")}"`;
