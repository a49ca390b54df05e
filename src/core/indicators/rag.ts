// Red/amber/green rules (docs/ARCHITECTURE.md): green meets the standard; amber misses it but is within
// tolerance or on the CCG's own plan trajectory; red otherwise; grey when there is no data or it is stale. A standard
// of zero (lower is better) tolerates none: any case is red, whatever the plan.
import type { Rag, Trend } from "./status-types";

export interface RagInput {
  value: number | null;
  /** the figure was suppressed by its publisher: there is a period, but no value */
  suppressed?: boolean;
  standard: number | null;
  tolerance: number | null;
  plan: number | null;
  higherIsBetter: boolean;
  stale: boolean;
}

export interface RagResult {
  rag: Rag;
  /** why, in a few words, for grey and amber */
  reason?: string;
}

const meets = (value: number, target: number, higherIsBetter: boolean) =>
  higherIsBetter ? value >= target : value <= target;

/** A "never" standard: zero, where lower is better. */
export const isZeroTolerance = (i: Pick<RagInput, "standard" | "higherIsBetter">) =>
  i.standard === 0 && !i.higherIsBetter;

export function ragFor(i: RagInput): RagResult {
  if (i.value === null) return { rag: "grey", reason: i.suppressed ? "suppressed" : "no data" };
  if (i.stale) return { rag: "grey", reason: "stale" };
  // Without a standard (local objectives only), the plan is the target.
  const target = i.standard ?? i.plan;
  if (target === null) return { rag: "grey", reason: "no standard or plan" };
  if (meets(i.value, target, i.higherIsBetter)) return { rag: "green" };
  // A standard of zero (MRSA cases, 12-hour trolley waits, mixed-sex breaches…) tolerates none: one is a miss,
  // red whatever the plan or tolerance says.
  if (isZeroTolerance(i)) return { rag: "red", reason: "zero tolerance" };
  if (i.plan !== null && i.standard !== null && meets(i.value, i.plan, i.higherIsBetter)) {
    return { rag: "amber", reason: "on plan" };
  }
  if (i.tolerance !== null && Math.abs(i.value - target) <= i.tolerance) {
    return { rag: "amber", reason: "within tolerance" };
  }
  return { rag: "red" };
}

/** Worst first: red, amber, grey (unknown), green. */
export const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, grey: 2, green: 3 };

/**
 * Trend over the recent values (oldest first): the least-squares slope across the window,
 * called steady when the fitted change is under 1% of the typical level (or of the tolerance).
 */
export function trendOf(values: number[], higherIsBetter: boolean, tolerance: number | null): Trend {
  const n = values.length;
  if (n < 3) return "unknown";
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const change = (num / den) * (n - 1);
  const scale = Math.max(Math.abs(meanY) * 0.01, (tolerance ?? 0) * 0.25, 1e-9);
  if (Math.abs(change) < scale) return "steady";
  return change > 0 === higherIsBetter ? "improving" : "worsening";
}
