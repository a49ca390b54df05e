// Bounding the garbage a long import leaves on the JavaScript heap. Rows live just long enough (read, checked,
// batched, staged) to be promoted out of V8's young generation, and V8 then lets the old generation fill with dead
// rows to several times its live size before collecting: on 1,000,000 rows into PGlite, ~35 MB live and up to
// ~150 MB used (docs/PERFORMANCE.md). A full collection every so many rows keeps the heap near its live size.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined | null;

/** V8's full collection: Node hides it unless started with --expose-gc; the flag set now exposes it to a new
 * context (as jest's leak detector does). Null where that is refused. */
function fullCollection(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  } catch {
    gc = null;
  }
  return gc;
}

/** Rows between two collections: each takes some 10–30 ms with the import's live heap, a few seconds per 10⁷ rows. */
export const ROWS_PER_COLLECTION = 100_000;

/** A full collection, when the import has read another ROWS_PER_COLLECTION rows since the last. */
export function collectEvery(rows: number, last: { at: number }): void {
  if (rows - last.at < ROWS_PER_COLLECTION) return;
  last.at = rows;
  fullCollection()?.();
}
