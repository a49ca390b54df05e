// What indicator status is made of: a RAG rating, a trend, and one indicator's row of a summary. The core computes
// them (rag.ts, status.ts); the reply model (src/reply/model.ts) and the renderers show them.

export type Rag = "red" | "amber" | "grey" | "green";
export type Trend = "improving" | "worsening" | "steady" | "unknown";

export interface IndicatorRow {
  code: string;
  name: string;
  /** formatted with unit, e.g. "93.1%"; null when there is no data, or the latest figure is suppressed */
  value: string | null;
  /** the latest figure (at or before the period shown) was suppressed by its publisher (`*`, `-`, `..`): the row is
   * grey and has no value, rather than showing an older figure */
  suppressed?: boolean;
  /** the latest figure is generated demo data, not a published statistic */
  demo?: boolean;
  standard: string | null;
  plan: string | null;
  /** value against plan, e.g. "+1.2 pts"; null without a plan */
  variance: string | null;
  rag: Rag;
  trend: Trend;
  /** the period the value is for, e.g. "Sep 2013" */
  period: string | null;
  /** why it is grey ("suppressed", "no data"), or that it is stale ("stale since 1 Dec 2013") */
  note?: string;
  /** the latest values, oldest first, for a sparkline or chart; suppressed figures are left out */
  recent: number[];
}
