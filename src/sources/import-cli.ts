// `npm run import -- <file> [--kind values|plans|successors|objectives] [--format ID] [--period P] [--scale N]
// [--source NAME] [--mode all-or-nothing|valid-rows]`: imports a CSV of our own layout, or a publication's file as
// downloaded (CSV, .xlsx, .xls), or (`--format provider-attribution`) the table of providers' shares by CCG, or
// (`--format ccg-successors` or `--kind successors`, `--format ccg-objectives` or `--kind objectives`) a table of CCG
// code successors or of CCGs' own objectives, into the database of DATABASE_URL (or the embedded one); `--format
// ae-weekly` takes the weekly A&E files of a month together. The arguments are parsed in import-args.ts. The
// layouts, the publications read, the checks and the two modes are described in docs/DATA.md. Exit code:
// 0 imported with no rejected row, 2 imported with rejected rows reported (valid-rows), 1 nothing imported.
import { openRuntime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { systemClock } from "../core/time";
import { describeReport } from "./import";
import { parseImportArgs, USAGE } from "./import-args";
import { ATTRIBUTION_FORMAT, describeAttributionReport, importFiles } from "./published";
import { progressPrinter } from "./progress";

async function main(): Promise<number> {
  const parsed = parseImportArgs(process.argv.slice(2));
  if (parsed === "help") {
    console.log(USAGE);
    return 0;
  }
  if ("error" in parsed) {
    console.error(`${parsed.error}\n${USAGE}`);
    return 1;
  }
  const args = parsed;
  const { core, db } = await openRuntime(loadConfig(), systemClock);
  try {
    const report = await importFiles(db, args.files, {
      kind: args.kind,
      mode: args.mode,
      source: args.source,
      format: args.format,
      period: args.period,
      indicator: args.indicator,
      scale: args.scale,
      allowMissingWeeks: args["allow-missing-weeks"],
      now: core.clock.now(),
      onProgress: args.json ? undefined : progressPrinter(process.stderr, `Importing ${args.files.join(", ")}`),
    });
    const describe = report.format === ATTRIBUTION_FORMAT ? describeAttributionReport : describeReport;
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else console.log(describe(report).join("\n"));
    if (report.committed && (report.inserted || report.updated)) {
      const rate = Math.round(report.rowsRead / Math.max(0.001, report.durationMs / 1000));
      if (!args.json) console.log(`${rate.toLocaleString("en-GB")} rows/s on ${db.kind}.`);
    }
    return !report.committed ? 1 : report.rejected ? 2 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
