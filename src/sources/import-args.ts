// The import CLI's arguments (`npm run import -- …`), parsed with zod: what src/sources/import-cli.ts runs with, and
// its usage text. Kept apart from the CLI so the parsing is tested without a process.
import { parseArgs } from "node:util";
import { z } from "zod";
import { IMPORT_KINDS, IMPORT_MODES } from "./import";
import { OBJECTIVES_FORMAT, SUCCESSORS_FORMAT } from "./published";

export const USAGE =
  "Usage: npm run import -- <file> [--kind values|plans|successors|objectives] [--format ID] [--period PERIOD] " +
  "[--scale 100] [--source NAME] [--mode all-or-nothing|valid-rows] [--json]\n" +
  "       npm run import -- shares.csv --format provider-attribution   (providers' shares by CCG)\n" +
  "       npm run import -- successors.csv --format ccg-successors   (old CCG codes and their successors; or --kind successors)\n" +
  "       npm run import -- objectives.csv --format ccg-objectives [--indicator c_difficile] [--period 2014/15]   " +
  "(or --kind objectives)\n" +
  "       npm run import -- --format ae-weekly <week> <week>… [--allow-missing-weeks]   (a month's weekly A&E files)";

/** `--kind` naming a table, as an operator types it for plans: the same as the table's `--format`. */
export const TABLE_KINDS: Readonly<Record<string, string>> = {
  successors: SUCCESSORS_FORMAT,
  objectives: OBJECTIVES_FORMAT,
};

const argsSchema = z
  .object({
    files: z.array(z.string().min(1)).min(1),
    kind: z
      .enum([...IMPORT_KINDS, "successors", "objectives"], {
        error: "--kind is values, plans, successors or objectives",
      })
      .default("values"),
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
  })
  .superRefine((a, ctx) => {
    const table = TABLE_KINDS[a.kind];
    if (table && a.format !== undefined && a.format !== table)
      ctx.addIssue({
        code: "custom",
        message: `--kind ${a.kind} is --format ${table}, not --format ${a.format}: give one of them`,
      });
  })
  // A table's kind is its format; the figures it is read with are values.
  .transform(({ kind, format, ...rest }) =>
    TABLE_KINDS[kind]
      ? { ...rest, kind: "values" as const, format: TABLE_KINDS[kind] }
      : { ...rest, kind: kind as (typeof IMPORT_KINDS)[number], format },
  );
export type ImportArgs = z.infer<typeof argsSchema>;

/** The arguments, `"help"` for --help, or the sentence saying what is wrong (the caller adds the usage). */
export function parseImportArgs(argv: string[]): ImportArgs | "help" | { error: string } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
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
    if (values.help) return "help";
    if (positionals.length === 0 || (positionals.length > 1 && values.format !== "ae-weekly"))
      return { error: "give one file (several only for --format ae-weekly)" };
    const parsed = argsSchema.safeParse({ ...values, files: positionals });
    if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join("; ") };
    return parsed.data;
  } catch (error) {
    return { error: (error as Error).message };
  }
}
