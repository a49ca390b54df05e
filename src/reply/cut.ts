// Cutting text to a platform's limit without breaking a character: by grapheme cluster (an emoji with its
// modifiers, a letter with its accents), so no cut leaves half a surrogate pair or a lone combining mark.
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** `text` itself when it fits in `max` UTF-16 code units; else as many whole graphemes as fit, then "…". */
export function cutText(text: string, max: number, ellipsis = "…"): string {
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  let kept = "";
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > room) break;
    kept += segment;
  }
  return `${kept}${ellipsis}`;
}
