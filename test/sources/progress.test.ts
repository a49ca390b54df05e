import { describe, expect, it } from "vitest";
import { progressPrinter } from "../../src/sources/progress";

function capture(isTTY: boolean) {
  const out: string[] = [];
  let t = 0;
  const print = progressPrinter({ isTTY, write: (s: string) => out.push(s) }, "Importing f.csv", { now: () => t });
  return { out, print, advance: (ms: number) => (t += ms) };
}

describe("import progress", () => {
  it("on a terminal, redraws one line with a bar, and ends it when done", () => {
    const { out, print, advance } = capture(true);
    advance(1000);
    print({ phase: "reading", rowsRead: 50_000, rejected: 2, bytesRead: 50, totalBytes: 100 });
    advance(10);
    print({ phase: "reading", rowsRead: 51_000, rejected: 2, bytesRead: 51, totalBytes: 100 }); // too soon: skipped
    advance(1000);
    print({ phase: "done", rowsRead: 100_000, rejected: 2, bytesRead: 100, totalBytes: 100 });
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(
      "\r\x1b[2KImporting f.csv [############............]  50% 50,000 rows, 2 rejected, 50,000 rows/s",
    );
    expect(out[1]!.startsWith(`\r\x1b[2KImporting f.csv [${"#".repeat(24)}] 100% 100,000 rows, 2 rejected, `)).toBe(
      true,
    );
    expect(out[1]!.endsWith(" done\n")).toBe(true);
  });

  it("elsewhere, prints a plain line per phase and at most one every few seconds", () => {
    const { out, print, advance } = capture(false);
    for (let i = 1; i <= 10; i++) {
      advance(1000);
      print({ phase: "reading", rowsRead: i * 10_000, rejected: 0 });
    }
    print({ phase: "writing", rowsRead: 100_000, rejected: 0 });
    expect(out).toEqual([
      "Importing f.csv: reading, 10,000 rows, 10,000 rows/s\n",
      "Importing f.csv: reading, 60,000 rows, 10,000 rows/s\n",
      "Importing f.csv: writing, 100,000 rows, 10,000 rows/s\n",
    ]);
  });
});
