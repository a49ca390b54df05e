// Counts the SQL statements sent to PostgreSQL, transaction control included (Prisma's BEGIN and COMMIT are
// statements of their own): every connection, Prisma's pool and the raw one alike, sends through pg.Client.query.
import pg from "pg";

export function countStatements(): { seen: string[]; restore(): void } {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0];
    seen.push((typeof q === "string" ? q : ((q as { text?: string }).text ?? "")).replace(/\s+/g, " ").trim());
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return { seen, restore: () => void (pg.Client.prototype.query = original) };
}
