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

/**
 * Fits a list of rendered blocks into a platform's limits (a block count and a total size), keeping every block
 * `mustKeep` says must show (a Share button, the "Demo data" label) whatever else is cut: their room is taken first,
 * the others fill what is left, in order, and the first that does not fit is replaced by `note(leftOut)`. Blocks kept
 * stay in their order.
 */
export function fitBlocks<B>(
  all: readonly B[],
  limits: { blocks: number; chars: number },
  size: (b: B) => number,
  mustKeep: (b: B) => boolean,
  note: (leftOut: number) => B,
): B[] {
  const keep = all.map(mustKeep);
  const reserved = all.reduce((sum, b, i) => sum + (keep[i] ? size(b) : 0), 0);
  const reservedCount = keep.filter(Boolean).length;
  const noteSize = size(note(all.length));
  const fitsWhole = all.length <= limits.blocks && all.reduce((sum, b) => sum + size(b), 0) <= limits.chars;
  if (fitsWhole) return [...all];
  // Room for the others: what the kept ones and the note leave.
  let roomBlocks = limits.blocks - reservedCount - 1;
  let roomChars = limits.chars - reserved - noteSize;
  const out: B[] = [];
  let cutAt = -1;
  all.forEach((b, i) => {
    if (keep[i]) {
      out.push(b);
      return;
    }
    if (cutAt >= 0) return;
    const s = size(b);
    if (roomBlocks > 0 && s <= roomChars) {
      out.push(b);
      roomBlocks--;
      roomChars -= s;
    } else cutAt = out.length;
  });
  if (cutAt < 0) return out;
  const leftOut = all.length - out.length;
  out.splice(cutAt, 0, note(leftOut));
  return out;
}
