// Import progress for a person watching: one updating line with a bar on a terminal, plain lines otherwise
// (logs, CI, a pipe), at most one every few seconds and one per phase.
import type { ImportProgress } from "./import";

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

const BAR = 24;
const grouped = (n: number) => n.toLocaleString("en-GB");

export function progressPrinter(
  out: ProgressOutput,
  label: string,
  options: { now?: () => number; plainEveryMs?: number } = {},
): (p: ImportProgress) => void {
  const now = options.now ?? Date.now;
  const started = now();
  let lastAt = -Infinity;
  let lastPhase = "";
  return (p) => {
    const t = now();
    const elapsed = Math.max(0.001, (t - started) / 1000);
    const fraction = p.totalBytes ? Math.min(1, (p.bytesRead ?? 0) / p.totalBytes) : undefined;
    const rate = `${grouped(Math.round(p.rowsRead / elapsed))} rows/s`;
    const counts = `${grouped(p.rowsRead)} row${p.rowsRead === 1 ? "" : "s"}${p.rejected ? `, ${grouped(p.rejected)} rejected` : ""}`;
    if (out.isTTY) {
      if (p.phase !== "done" && p.phase === lastPhase && t - lastAt < 100) return;
      const bar =
        fraction === undefined
          ? ""
          : `[${"#".repeat(Math.round(fraction * BAR)).padEnd(BAR, ".")}] ${String(Math.floor(fraction * 100)).padStart(3)}% `;
      const phase = p.phase === "reading" ? "" : ` ${p.phase}`;
      out.write(`\r\x1b[2K${label} ${bar}${counts}, ${rate}${phase}${p.phase === "done" ? "\n" : ""}`);
    } else {
      if (p.phase === lastPhase && t - lastAt < (options.plainEveryMs ?? 5_000)) return;
      const pct = fraction === undefined ? "" : ` (${Math.floor(fraction * 100)}% of the file)`;
      out.write(`${label}: ${p.phase}, ${counts}${pct}, ${rate}\n`);
    }
    lastAt = t;
    lastPhase = p.phase;
  };
}
