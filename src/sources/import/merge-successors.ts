// Figures of a merger: rows the file gives under several old CCG codes that map onto one successor (table
// CcgSuccessor) for the same indicator and period are the parts of one figure, and are combined into it (issue 15).
// The row check hands over every row it placed under a successor; they are held (only those: a file's own CCGs
// stream on) and combined once the file is read, then staged with the rest.
//
// How parts combine, by the indicator's unit:
// - "%": numerators and denominators summed, and the value is numerator ÷ denominator × 100 (the CCGs' percentages
//   can't be averaged: their sizes differ). A part given without both counts can't be combined: every part is
//   refused (kind "merge"), naming the codes, the successor and why.
// - "count": the values summed (and the numerators and denominators, where every part gives them).
// - any other unit ("per 100,000", "£k"): refused; a rate per head or an amount of money is not the sum of its
//   parts, and the rates published are standardised, so recomputing them from counts would not match either.
// - a suppressed part makes the combined figure suppressed (the whole is withheld if a part is); the report says so.
// - a part rejected for its own figure (a percentage of 140) leaves the other parts refused: a sum without it would
//   be a wrong figure for the successor, stored as if it were whole (this matters in mode valid-rows).
//
// What stays a duplicate (the rule): parts are distinct old codes. The same old code twice with different figures
// is a duplicate, as it is for any code: every row of that key is staged as it is, and the duplicate check rejects
// them all (the same code twice with the same figures is one part, written once). The successor's own row beside
// mapped rows of the same period is a duplicate too: the combined figure is staged under the successor on the line
// of its first part, so the file gives the successor's key twice, and when the figures differ every row of both is
// rejected, the combined one named with its parts (import-rows.ts).
import type { PeriodKind } from "../../core/db";
import type { Rejection } from "./report";
import type { RejectedPart, StagedRow } from "./row-check";

/** A combined figure's parts: the old codes and the lines they were on. */
export interface Combination {
  /** "02V + 02W + 02X → 15F" */
  label: string;
  parts: { code: string; line: number; at?: string }[];
}

export interface MergeResult {
  /** the rows to stage: combined figures, and mapped rows that had no other part */
  rows: StagedRow[];
  /** every part of a figure that can't be combined */
  rejections: Rejection[];
  /** by the line a combined figure is staged on (its first part's) */
  combined: Map<number, Combination>;
  /** suppressed figures among the rows to stage */
  suppressed: number;
  /** "02V + 02W + 02X → 15F for 2014-12: summed" → figures */
  combinations: Record<string, number>;
}

type Held = StagedRow & { at?: string };
const keyOf = (r: { o: string; i: string; p: string }) => `${r.o}|${r.i}|${r.p}`;
const same = (a: StagedRow, b: StagedRow) => a.v === b.v && a.n === b.n && a.d === b.d && a.s === b.s;
const staged = ({ l, o, i, p, v, n, d, s }: Held): StagedRow => ({ l, o, i, p, v, n, d, s });
const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + x!, 0));
const and = (xs: string[]) => (xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)!}`);

export class SuccessorMerge {
  private readonly held = new Map<string, Held[]>();
  private readonly rejectedParts = new Map<string, { code: string; line: number }[]>();

  constructor(private readonly indicatorOf: (code: string) => { unit: string; period: PeriodKind } | undefined) {}

  /** A row the row check placed under a successor (it has `from`). */
  add(row: StagedRow, at?: string): void {
    const key = keyOf(row);
    this.held.set(key, [...(this.held.get(key) ?? []), { ...row, ...(at && { at }) }]);
  }

  /** A row under an old code that the row check rejected for its own figure. */
  rejected(part: NonNullable<RejectedPart["part"]>, line: number): void {
    const key = keyOf(part);
    this.rejectedParts.set(key, [...(this.rejectedParts.get(key) ?? []), { code: part.from, line }]);
  }

  /** Once the file is read: each successor's key combined, passed on as it is, or refused. */
  finish(): MergeResult {
    const result: MergeResult = { rows: [], rejections: [], combined: new Map(), suppressed: 0, combinations: {} };
    const pass = (rows: Held[]) => {
      for (const r of rows) {
        if (r.s) result.suppressed++;
        result.rows.push(staged(r));
      }
    };
    for (const [key, rows] of this.held) {
      const first = rows[0]!;
      const rejectedHere = this.rejectedParts.get(key) ?? [];
      const byCode = new Map<string, Held[]>();
      for (const r of rows) byCode.set(r.from!, [...(byCode.get(r.from!) ?? []), r]);
      const codes = [...new Set([...byCode.keys(), ...rejectedHere.map((r) => r.code)])].sort();
      // One old code, or the same code with different figures (a duplicate): staged as it is.
      if (codes.length === 1 || [...byCode.values()].some((rs) => rs.some((r) => !same(r, rs[0]!)))) {
        pass(rows);
        continue;
      }
      const indicator = this.indicatorOf(first.i);
      const period = indicator?.period === "MONTH" ? first.p.slice(0, 7) : `the period from ${first.p}`;
      const label = `${codes.join(" + ")} → ${first.o}`;
      const refuse = (why: string) => {
        const message = `${label} for ${period} (${first.i}): ${why}`;
        for (const r of rows) result.rejections.push({ line: r.l, ...(r.at && { at: r.at }), kind: "merge", message });
      };
      if (rejectedHere.length) {
        const which = rejectedHere.map((r) => `${r.code}'s row (line ${r.line})`);
        refuse(`${and(which)} ${which.length === 1 ? "is" : "are"} rejected, and the figure can't be made without it`);
        continue;
      }
      // One row for each code (repeats of the same figures are written once, as anywhere in the file).
      const parts = [...byCode.values()].map((rs) => rs[0]!).sort((a, b) => a.l - b.l);
      const combined = combine(parts, indicator?.unit ?? "");
      if ("refused" in combined) {
        refuse(combined.refused);
        continue;
      }
      const row: StagedRow = { ...staged(parts[0]!), ...combined.figures };
      if (row.s) result.suppressed++;
      result.rows.push(row);
      result.combined.set(row.l, {
        label,
        parts: parts.map((p) => ({ code: p.from!, line: p.l, ...(p.at && { at: p.at }) })),
      });
      const how = `${label} for ${period}: ${combined.how}`;
      result.combinations[how] = (result.combinations[how] ?? 0) + 1;
    }
    return result;
  }
}

type Figures = Pick<StagedRow, "v" | "n" | "d" | "s">;

/** The parts' one figure, and how it was made; or why it can't be. */
function combine(parts: Held[], unit: string): { figures: Figures; how: string } | { refused: string } {
  const suppressed = parts.filter((p) => p.s).map((p) => p.from!);
  if (suppressed.length)
    return {
      figures: { v: null, n: null, d: null, s: true },
      how: `suppressed, as ${and(suppressed)}'s part${suppressed.length === 1 ? " is" : "s are"}`,
    };
  const n = sum(parts.map((p) => p.n));
  const d = sum(parts.map((p) => p.d));
  if (unit === "%") {
    const without = parts.filter((p) => p.n === null || p.d === null).map((p) => `${p.from!} (line ${p.l})`);
    if (n === null || d === null)
      return {
        refused:
          "a merged CCG's percentage needs each part's numerator and denominator, and " +
          `${and(without)} ${without.length === 1 ? "gives" : "give"} none`,
      };
    return { figures: { v: (n / d) * 100, n, d, s: false }, how: "summed" };
  }
  if (unit === "count") return { figures: { v: sum(parts.map((p) => p.v)), n, d, s: false }, how: "summed" };
  return {
    refused:
      `a merged CCG's figure in ${unit || "this unit"} can't be made from its parts' figures ` +
      "(percentages with their counts, and counts, add up; rates and amounts don't)",
  };
}

/** The report's note on the figures combined, at most ten named. */
export function combinationsNote(combinations: Record<string, number>): string | undefined {
  const entries = Object.entries(combinations);
  if (!entries.length) return undefined;
  const shown = entries
    .slice(0, 10)
    .map(([how, n]) => `${how} (${n.toLocaleString("en-GB")} figure${n === 1 ? "" : "s"})`);
  return (
    `Merged CCGs' figures combined: ${shown.join("; ")}` +
    (entries.length > 10 ? `; and ${entries.length - 10} more.` : ".")
  );
}
