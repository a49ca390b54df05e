// Delivery of the national ask, pre-filled from indicator status over the quarter, so neither side types what the
// data already says: the national indicators' RAG as of the quarter's end.
import type { Rag } from "../indicators/status-types";
import type { AssuranceRating } from "./domains";

export interface NationalAskFromStatus {
  /** null when no indicator of the national ask has a rated figure for the quarter */
  rating: AssuranceRating | null;
  counts: Record<Rag, number>;
  /** e.g. "3 red, 4 amber, 8 green of 15 rated (2 without figures)" */
  summary: string;
  demo: boolean;
}

/**
 * Red when more than a quarter of the rated indicators are red; green when none is red and at most a quarter are
 * amber; amber otherwise. Grey rows (no data, stale, suppressed) are not rated and are counted apart.
 */
export function nationalAskRating(rags: Rag[], demo: boolean): NationalAskFromStatus {
  const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, grey: 0 };
  for (const r of rags) counts[r]++;
  const rated = counts.red + counts.amber + counts.green;
  const rating: AssuranceRating | null =
    rated === 0
      ? null
      : counts.red * 4 > rated
        ? "red"
        : counts.red === 0 && counts.amber * 4 <= rated
          ? "green"
          : "amber";
  const summary =
    rated === 0
      ? "no indicator of the national ask has a rated figure for the quarter"
      : `${counts.red} red, ${counts.amber} amber, ${counts.green} green of ${rated} rated` +
        (counts.grey ? ` (${counts.grey} without a current figure)` : "");
  return { rating, counts, summary, demo };
}
