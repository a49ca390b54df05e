// `npm run import -- <file> [--kind values|plans] [--format ID] [--period P] [--scale N] [--source NAME]
// [--mode all-or-nothing|valid-rows]`: imports a CSV of our own layout, or a publication's file as downloaded (CSV,
// .xlsx, .xls), or (`--format provider-attribution`) the table of providers' shares by CCG, or (`--format
// ccg-successors`, `--format ccg-objectives`) a table of CCG code successors or of CCGs' own objectives, into the database of
// DATABASE_URL (or the embedded one); `--format ae-weekly` takes the weekly A&E files of a month together. The
// layouts, the publications read, the checks and the two modes are described in docs/DATA.md. Exit code:
// 0 imported with no rejected row, 2 imported with rejected rows reported (valid-rows), 1 nothing imported.
import { parseArgs } from "node:util";
import { z } from "zod";
import { openRuntime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { systemClock } from "../core/time";
import { describeReport, IMPORT_KINDS, IMPORT_MODES } from "./import";
import { ATTRIBUTION_FORMAT, describeAttributionReport, importFiles } from "./published";
import { progressPrinter } from "./progress";

const USAGE =
  "Usage: npm run import -- <file> [--kind values|plans] [--format ID] [--period PERIOD] [--scale 100] " +
  "[--source NAME] [--mode all-or-nothing|valid-rows] [--json]\n" +
  "       npm run import -- shares.csv --format provider-attribution   (providers' shares by CCG)\n" +
  "       npm run import -- successors.csv --format ccg-successors   (old CCG codes and their successors)\n" +
  "       npm run import -- objectives.csv --format ccg-objectives [--indicator c_difficile] [--period 2014/15]\n" +
  "       npm run import -- --format ae-weekly <week> <week>… [--allow-missing-weeks]   (a month's weekly A&E files)";

const argsSchema = z.object({
  files: z.array(z.string().min(1)).min(1),
  kind: z.enum(IMPORT_KINDS, { error: "--kind is values or plans" }).default("values"),
  mode: z.enum(IMPORT_MODES, { error: "--mode is all-or-nothing or valid-rows" }).default("all-or-nothing"),
  source: z.string().trim().min(1).max(200).optional(),
  format: z.string().trim().min(1).max(60).optional(),
  period: z.string().trim().min(1).max(40).optional(),
  indicator: z.string().trim().min(1).max(100).optional(),
  scale: z.coerce
    .number({ error: "--scale is a number, such as 100" })
    .positive("--scale is a positive number, such as 100")
    .optional(),
  json: z.boolean().default(false),
  "allow-missing-weeks": z.boolean().default(false),
});

async function main(): Promise<number> {
  let parsed;
  try {
    const { values, positionals } = parseArgs({
      options: {
        kind: { type: "string" },
        mode: { type: "string" },
        source: { type: "string" },
        format: { type: "string" },
        period: { type: "string" },
        indicator: { type: "string" },
        scale: { type: "string" },
        json: { type: "boolean" },
        "allow-missing-weeks": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length === 0 || (positionals.length > 1 && values.format !== "ae-weekly"))
      throw new Error("give one file (several only for --format ae-weekly)");
    parsed = argsSchema.safeParse({ ...values, files: positionals });
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const args = parsed.data;
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
