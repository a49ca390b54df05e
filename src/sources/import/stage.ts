// Staging checked rows in the import's temporary table, as fast as the connection allows.
// On PostgreSQL's raw connection: one COPY for the whole file, fed as rows are checked, so the database parses and
// stores rows on its own core while ours reads the next ones (measured: see docs/PERFORMANCE.md). Elsewhere (PGlite,
// a Prisma transaction): one INSERT per batch with the rows as a JSON parameter, the next batch read while the
// database stages the last one.
import type { ImportTransaction } from "../transaction";
import type { StagedRow } from "./row-check";
import { SQL } from "./sql";

export async function stageRows(tx: ImportTransaction, batches: AsyncIterable<StagedRow[]>): Promise<void> {
  if (tx.copyIn) return tx.copyIn(SQL.copyStage, copyText(batches));
  await stageAsJson(tx, batches);
}

/** Rows in COPY's text format: tab-separated, `\N` for null. */
async function* copyText(batches: AsyncIterable<StagedRow[]>): AsyncIterable<string> {
  for await (const batch of batches) {
    let text = "";
    for (const r of batch) {
      text += `${r.l}\t${copyField(r.o)}\t${copyField(r.i)}\t${r.p}\t${r.v ?? "\\N"}\t${r.n ?? "\\N"}\t${r.d ?? "\\N"}\t${r.s ? "t" : "f"}\n`;
    }
    yield text;
  }
}

/** Codes are checked against the database's own, but a backslash, tab or line break would still break the format. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
export const copyField = (text: string) =>
  SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;

/** One statement in flight at a time: while the database stages one batch, the next is read and checked. */
async function stageAsJson(tx: ImportTransaction, batches: AsyncIterable<StagedRow[]>): Promise<void> {
  let inFlight: Promise<void> = Promise.resolve();
  // Caught at once and thrown at the next await, so a failed statement is never an unhandled rejection while the
  // next batch is being read.
  let failed: { error: unknown } | undefined;
  try {
    for await (const batch of batches) {
      await inFlight;
      if (failed) throw failed.error;
      inFlight = tx.execute(SQL.stage, JSON.stringify(batch)).catch((error: unknown) => {
        failed = { error };
      });
    }
  } finally {
    await inFlight;
  }
  if (failed) throw failed.error;
}
