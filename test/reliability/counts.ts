// The reliability suite's tally. Each test file adds what it tried and what happened; the suite's global teardown
// (summary.ts) prints one table and writes test-artifacts/reliability-counts.json for the README to quote.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Counts {
  /** command strings sent through the console, Slack and Teams paths */
  inputsTried: number;
  /** of those, answered with a real answer or an error that names the problem */
  helpfulReplies: number;
  /** 5xx answers, crashes, unhelpful replies (must be 0) */
  failures: number;
  /** forged, tampered, missing, replayed or wrongly addressed requests refused */
  attacksRejected: number;
  /** of those, let through (must be 0) */
  attacksAccepted: number;
  /**
   * database outages in the middle of commands (connections cut, or the database silent) that the bot told the user
   * about and recovered from
   */
  faultsSurvived: number;
  /** writes half-made by a fault, duplicates created by re-deliveries, deliveries lost (must be 0) */
  itemsLost: number;
  duplicatesCreated: number;
  /** re-deliveries of the same platform event */
  duplicateDeliveries: number;
  /** roles × operations checked against the expected matrix */
  accessCellsChecked: number;
  accessCellsWrong: number;
}

export const EMPTY: Counts = {
  inputsTried: 0,
  helpfulReplies: 0,
  failures: 0,
  attacksRejected: 0,
  attacksAccepted: 0,
  faultsSurvived: 0,
  itemsLost: 0,
  duplicatesCreated: 0,
  duplicateDeliveries: 0,
  accessCellsChecked: 0,
  accessCellsWrong: 0,
};

export const COUNTS_DIR = path.resolve(import.meta.dirname, "../../test-artifacts/reliability");

/** Adds to this test file's counts (kept in a file per suite file, since vitest runs them in separate workers). */
export function tally(suite: string, add: Partial<Counts>): void {
  mkdirSync(COUNTS_DIR, { recursive: true });
  const file = path.join(COUNTS_DIR, `${suite}.json`);
  let current: Counts = { ...EMPTY };
  try {
    current = { ...EMPTY, ...(JSON.parse(readFileSync(file, "utf8")) as Partial<Counts>) };
  } catch {
    // first tally of this suite
  }
  for (const [k, v] of Object.entries(add) as [keyof Counts, number][]) current[k] += v;
  writeFileSync(file, JSON.stringify(current, null, 2));
}

/** Every suite's counts, summed. */
export function totals(): { total: Counts; bySuite: Record<string, Counts> } {
  const bySuite: Record<string, Counts> = {};
  const total: Counts = { ...EMPTY };
  let files: string[] = [];
  try {
    files = readdirSync(COUNTS_DIR).filter((f) => f.endsWith(".json"));
  } catch {
    return { total, bySuite };
  }
  for (const f of files) {
    const c = { ...EMPTY, ...(JSON.parse(readFileSync(path.join(COUNTS_DIR, f), "utf8")) as Partial<Counts>) };
    bySuite[f.replace(/\.json$/, "")] = c;
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  return { total, bySuite };
}
