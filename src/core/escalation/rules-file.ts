// Escalation rules as data: config/escalation-rules.json, versioned in git, checked with zod when it is read. The
// operator changes the file (and its version); admins read it with `escalation rules`.
import { readFileSync } from "node:fs";
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
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
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
