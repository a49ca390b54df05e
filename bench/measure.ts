// Small timing helpers for the benchmarks: percentiles of repeated runs, and a printed table.

export interface Figure {
  name: string;
  value: string;
  target?: string;
  baseline?: string;
  ratio?: string;
  ok?: boolean;
}

export async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

export function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

export function printTable(figures: Figure[]): void {
  const rows = [
    ["figure", "value", "baseline", "ratio", "target", "met"],
    ...figures.map((f) => [
      f.name,
      f.value,
      f.baseline ?? "",
      f.ratio ?? "",
      f.target ?? "",
      f.ok === undefined ? "" : f.ok ? "yes" : "NO",
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
