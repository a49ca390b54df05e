// Escalation rules as data: config/escalation-rules.json, versioned in git, checked with zod when it is read. The
// operator changes the file (and its version); admins read it with `escalation rules`. A changed file takes effect
// at the next evaluation on every replica (RulesFile re-reads it when it changes), no restart.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const base = {
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  description: z.string().min(1).max(300),
  enabled: z.boolean().default(true),
};

export const escalationRuleSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("constitution-red"), consecutivePeriods: z.number().int().min(1).max(24) }),
  z.object({ ...base, kind: z.literal("action-overdue"), workingDays: z.number().int().min(0).max(260) }),
  z.object({ ...base, kind: z.literal("plan-below-standard"), workingDays: z.number().int().min(0).max(260) }),
  z.object({ ...base, kind: z.literal("checkpoint-views-differ"), steps: z.number().int().min(1).max(2) }),
]);

export const escalationRulesSchema = z
  .object({
    version: z.number().int().min(1),
    note: z.string().optional(),
    rules: z.array(escalationRuleSchema).max(50),
  })
  .refine((f) => new Set(f.rules.map((r) => r.id)).size === f.rules.length, { message: "rule ids must be unique" });

export type EscalationRule = z.infer<typeof escalationRuleSchema>;
export type EscalationRules = z.infer<typeof escalationRulesSchema>;

export const DEFAULT_RULES_FILE = path.resolve("config/escalation-rules.json");

/** Reads and checks a rules file; a bad file is refused whole, naming what is wrong (nothing is half-applied). */
export function loadEscalationRules(file = DEFAULT_RULES_FILE): EscalationRules {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`The escalation rules file ${file} could not be read: ${(error as Error).message}`);
  }
  return parseEscalationRules(text, file);
}

/** Checks a rules file's text (named `file` in the errors). */
export function parseEscalationRules(text: string, file: string): EscalationRules {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`The escalation rules file ${file} could not be read: ${(error as Error).message}`);
  }
  const parsed = escalationRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `The escalation rules file ${file} is not valid: ${issue.path.join(".") || "(file)"}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** The rules in force, with the short hash of the text they came from (shown beside the version: a file edited
 * without bumping its version still reads differently), and why a newer file was refused, if it was. */
export interface LoadedRules {
  rules: EscalationRules;
  hash: string;
  /** the newer file's problem while the previous rules stay in force */
  problem?: string;
}

export const rulesHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

/** Fixed rules (tests, or rules given in code): never re-read. */
export const fixedRules = (rules: EscalationRules): { current(): LoadedRules } => {
  const loaded = { rules, hash: rulesHash(JSON.stringify(rules)) };
  return { current: () => loaded };
};

/**
 * The rules file, re-read when it changes: each call compares the file's modification time and size with the last
 * read (a stat, cheap enough for every job run and every `escalation rules`), and on a change reads it and compares
 * the hash of its text. Each replica checks its own copy, so all follow the same file without a restart. A bad new
 * file keeps the previous rules in force and is reported once (per distinct bad text), never thrown; only a bad
 * file at the first read throws, since there are no previous rules to keep.
 */
export class RulesFile {
  private loaded?: LoadedRules;
  private stamp = "";
  private reportedBad = "";

  constructor(
    private readonly file = DEFAULT_RULES_FILE,
    private readonly report: (message: string) => void = (m) => console.error(m),
  ) {}

  current(): LoadedRules {
    let stamp: string;
    try {
      const st = statSync(this.file);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch (error) {
      stamp = `missing:${(error as Error).message}`;
    }
    if (this.loaded && stamp === this.stamp) return this.loaded;
    this.stamp = stamp;
    let text: string | undefined;
    let hash = stamp;
    try {
      text = readFileSync(this.file, "utf8");
      hash = rulesHash(text);
    } catch {
      // loadEscalationRules below names the read error
    }
    if (this.loaded && hash === this.loaded.hash) return (this.loaded = { rules: this.loaded.rules, hash });
    try {
      const rules = text === undefined ? loadEscalationRules(this.file) : parseEscalationRules(text, this.file);
      this.loaded = { rules, hash };
      this.reportedBad = "";
    } catch (error) {
      if (!this.loaded) throw error;
      const problem = `${(error as Error).message}. The previous rules (version ${this.loaded.rules.version}, ${this.loaded.hash}) stay in force until the file is fixed.`;
      if (this.reportedBad !== hash) this.report(problem);
      this.reportedBad = hash;
      this.loaded = { ...this.loaded, problem };
    }
    return this.loaded;
  }
}
