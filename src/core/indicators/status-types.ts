// What indicator status is made of: a RAG rating, a trend, and one indicator's row of a summary. The core computes
// them (rag.ts, status.ts); the reply model (src/reply/model.ts) and the renderers show them.

export type Rag = "red" | "amber" | "grey" | "green";
export type Trend = "improving" | "worsening" | "steady" | "unknown";

export interface IndicatorRow {
  code: string;
  name: string;
  /** formatted with unit, e.g. "93.1%"; null when there is no data */
  value: string | null;
  standard: string | null;
  plan: string | null;
  /** value against plan, e.g. "+1.2 pts"; null without a plan */
  variance: string | null;
  rag: Rag;
  trend: Trend;
  /** the period the value is for, e.g. "Sep 2013" */
  period: string | null;
  /** why it is grey, or that it is stale ("stale since 1 Dec 2013") */
  note?: string;
  /** the latest values, oldest first, for a sparkline or chart */
  recent: number[];
}
