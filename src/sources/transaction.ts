// One database transaction for an import, on whichever connection is fastest for bulk SQL.
// On PostgreSQL, when the caller has the app's raw pool (the import CLI and benchmarks do), the transaction runs on
// one of its connections: only a plain connection can stream a COPY (the import stages its rows that way when the
// transaction offers `copyIn`), and Prisma's query compiler passes each multi-megabyte JSON parameter through
// WebAssembly, which cost more time than the database spent staging it. On PGlite, when the caller has its raw
// runner, it is PGlite's own transaction (what Prisma's adapter uses too, so other queries wait for it): through
// Prisma, the last hundred staged batches stayed in Prisma's debug history, half of the import's heap
// (docs/PERFORMANCE.md). Elsewhere (commands that only hold the Prisma client) it is a Prisma interactive transaction.
import type { PrismaClient } from "../core/db";
import type { SqlRunner } from "../db/database";

export interface ImportTransaction {
  execute(sql: string, ...params: unknown[]): Promise<void>;
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** `COPY … FROM STDIN` from streamed text: PostgreSQL's raw connection only. */
  copyIn?(sql: string, chunks: AsyncIterable<string>): Promise<void>;
}

/** What an import needs of the database: the Prisma client, and the raw runner where there is one. */
export interface ImportDatabase {
  prisma: PrismaClient;
  sql?: SqlRunner;
  kind?: "pglite" | "postgres";
}

export async function inTransaction<R>(
  db: ImportDatabase,
  timeoutMs: number,
  fn: (tx: ImportTransaction) => Promise<R>,
): Promise<R> {
  if (db.kind === "postgres" && db.sql) {
    return db.sql.withConnection(async (conn) => {
      await conn.exec("BEGIN");
      try {
        await conn.query("SELECT set_config('statement_timeout', $1, true)", [String(timeoutMs)]);
        const result = await fn({
          execute: async (sql, ...params) => void (await conn.query(sql, params)),
          query: (sql, ...params) => conn.query(sql, params),
          ...(conn.copyIn && { copyIn: conn.copyIn }),
        });
        await conn.exec("COMMIT");
        return result;
      } catch (error) {
        await conn.exec("ROLLBACK");
        throw error;
      }
    });
  }
  if (db.kind === "pglite" && db.sql?.transaction) {
    return db.sql.transaction(async (conn) => {
      await conn.query("SELECT set_config('statement_timeout', $1, true)", [String(timeoutMs)]);
      return fn({
        execute: async (sql, ...params) => void (await conn.query(sql, params)),
        query: (sql, ...params) => conn.query(sql, params),
      });
    });
  }
  return db.prisma.$transaction(
    (tx) =>
      fn({
        execute: async (sql, ...params) => void (await tx.$executeRawUnsafe(sql, ...params)),
        query: (sql, ...params) => tx.$queryRawUnsafe(sql, ...params),
      }),
    { maxWait: 30_000, timeout: timeoutMs },
  );
}
