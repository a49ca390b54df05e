// CCG codes that were replaced (table CcgSuccessor, loaded with --format ccg-successors), as the row check uses them:
// a figure filed under an old code is stored under its successor for periods from the successor's date, and for any
// period when the old code is not an organisation here. Each mapping is counted for the report.
import type { PrismaClient } from "../../core/db";

interface Step {
  successor: string;
  /** ISO date */
  validFrom: string;
}

export class Successors {
  /** "02V → 15F from 2018-04-01" → rows stored so */
  readonly mapped = new Map<string, number>();
  private readonly predecessors = new Map<string, string[]>();

  constructor(private readonly byOld: Map<string, Step>) {
    for (const [old, step] of byOld)
      this.predecessors.set(step.successor, [...(this.predecessors.get(step.successor) ?? []), old]);
  }

  static async load(prisma: PrismaClient): Promise<Successors> {
    const rows = await prisma.ccgSuccessor.findMany({
      select: { oldCode: true, successorCode: true, validFrom: true },
    });
    return new Successors(
      new Map(
        rows.map((r) => [r.oldCode, { successor: r.successorCode, validFrom: r.validFrom.toISOString().slice(0, 10) }]),
      ),
    );
  }

  has(code: string): boolean {
    return this.byOld.has(code);
  }

  /**
   * The code a figure of `code` for the period starting `periodStart` is stored under, following successors of
   * successors, and how ("02V → 15F from 2018-04-01"); undefined when the old code stands. `isCcg`: whether a code is
   * a CCG here. A code that is one stands for periods before its change; one that is not (an old code the reference
   * data doesn't hold) is its successor's for any period, at each link of a chain alike, so that A and B of
   * A → B → C land under the same code in every period.
   */
  resolve(
    code: string,
    periodStart: string,
    isCcg: (code: string) => boolean,
  ): { code: string; via: string } | undefined {
    let current = code;
    const via: string[] = [];
    for (let i = 0; i < 10; i++) {
      const step = this.byOld.get(current);
      if (!step || (periodStart < step.validFrom && isCcg(current))) break;
      via.push(`${current} → ${step.successor} from ${step.validFrom}`);
      current = step.successor;
    }
    return via.length ? { code: current, via: via.join(", ") } : undefined;
  }

  count(via: string): void {
    this.mapped.set(via, (this.mapped.get(via) ?? 0) + 1);
  }

  /** The old codes a code succeeded, for naming an unknown successor. */
  predecessorsOf(code: string): string[] {
    return this.predecessors.get(code) ?? [];
  }

  /** The report's note: each mapping and its rows. */
  note(): string | undefined {
    if (!this.mapped.size) return undefined;
    const list = [...this.mapped].map(([via, n]) => `${via} (${n.toLocaleString("en-GB")} row${n === 1 ? "" : "s"})`);
    return `CCG codes mapped to their successors (table CcgSuccessor): ${list.join("; ")}.`;
  }
}
