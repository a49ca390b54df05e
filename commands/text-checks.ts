// Text that hides itself, refused or neutralised at the edge: bidirectional controls (a right-to-left override,
// U+202E, makes "txt.exe" read "exe.txt") are taken out, and text with no visible character at all (only zero-width
// spaces, joiners, soft hyphens) is refused, so no discussion or action is invisible. Too long: our own sentence.
import { z } from "zod";

/** Embeddings, overrides, isolates and marks that reorder text: U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** A character that shows: not white space, not a format character (zero-width…), not a lone combining mark. */
const VISIBLE = /[^\s\p{Cf}\p{Mn}\p{Me}\u3164\u115F\u1160\uFFA0]/u;

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `text` without bidi controls; an error sentence instead when nothing of it would show. */
export function visibleText(text: string, what: string): { ok: true; text: string } | { ok: false; reason: string } {
  const clean = text.replace(BIDI_CONTROLS, "");
  if (text.trim() && !VISIBLE.test(clean))
    return { ok: false, reason: `${capitalised(what)} is made only of invisible characters: write it in words.` };
  return { ok: true, text: clean };
}

/**
 * A zod string for free text a person types (`what`: "the topic", "a summary"): bidi controls taken out, invisible
 * text refused, and a length limit said in our words, with the count.
 */
export function plainText(what: string, max: number) {
  return z.string().transform((s, ctx) => {
    const checked = visibleText(s, what);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", message: checked.reason });
      return z.NEVER;
    }
    const length = checked.text.trim().length;
    if (length > max) {
      ctx.addIssue({
        code: "custom",
        message: `${capitalised(what)} can be at most ${max.toLocaleString("en-GB")} characters; this one has ${length.toLocaleString("en-GB")}. Shorten it, or put the detail in the thread.`,
      });
      return z.NEVER;
    }
    return checked.text;
  });
}
