// vitest globalSetup for `npm run test:reliability`: clears the counts before the run, and after it prints one
// table of what was tried and what happened, and writes test-artifacts/reliability-counts.json.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { COUNTS_DIR, totals } from "./counts";

export function setup() {
  rmSync(COUNTS_DIR, { recursive: true, force: true });
  const started = Date.now();
  return () => {
    const { total, bySuite } = totals();
    const rows: [string, number, string][] = [
      ["command strings tried (console, Slack, Teams)", total.inputsTried, ""],
      ["  answered helpfully", total.helpfulReplies, `of ${total.inputsTried}`],
      ["  crashes, 5xx or unhelpful replies", total.failures, "must be 0"],
      ["attacks rejected (forged, tampered, missing, replayed, wrong token)", total.attacksRejected, ""],
      ["  attacks let through", total.attacksAccepted, "must be 0"],
      [
        "database outages survived mid-command",
        total.faultsSurvived,
        `${bySuite["database-outage"]?.faultsSurvived ?? 0} connections cut, ` +
          `${bySuite["database-pause"]?.faultsSurvived ?? 0} database silent`,
      ],
      ["duplicate deliveries sent", total.duplicateDeliveries, ""],
      ["  duplicates created", total.duplicatesCreated, "must be 0"],
      ["access matrix cells checked", total.accessCellsChecked, ""],
      ["  cells not as expected", total.accessCellsWrong, "must be 0"],
      ["items lost or half-written", total.itemsLost, "must be 0"],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(
      `\nReliability and security suite — ${Object.keys(bySuite).length} suites, ${Math.round((Date.now() - started) / 1000)} s`,
    );
    for (const [what, n, note] of rows) console.log(`${what.padEnd(width)}  ${String(n).padStart(6)}  ${note}`);
    writeFileSync(
      path.join(COUNTS_DIR, "..", "reliability-counts.json"),
      JSON.stringify({ total, bySuite, seconds: Math.round((Date.now() - started) / 1000) }, null, 2),
    );
  };
}
