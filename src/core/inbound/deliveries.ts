// Platforms re-send what they think failed (Slack's X-Slack-Retry-Num, Teams' resend after ~15 s).
// Each delivery is claimed here by its platform id before it is acted on; a repeat is ignored.
import type { PrismaClient } from "../db";
import type { PlainSql } from "../indicators/data-version";

export class InboundDeliveries {
  constructor(
    private readonly prisma: PrismaClient,
    /** the statement without Prisma's client and query compiler, on the same connections (Database.commandSql) */
    private readonly sql?: PlainSql,
  ) {}

  /** True the first time a key is seen; false for every re-delivery. */
  async claim(key: string): Promise<boolean> {
    // One statement, on the hot path of every command: Prisma's createMany sends BEGIN, INSERT, COMMIT. ON CONFLICT
    // DO NOTHING makes a re-delivery (or the loser of two concurrent claims, which waits on the key's lock) insert
    // nothing, and the affected row count says which. (Catching P2002 misses PGlite, whose driver adapter reports
    // the unique violation as a raw DriverAdapterError.) The table is unqualified, found through search_path as
    // every raw query's is; receivedAt is this process's wall clock, as Prisma's now() default gave it. Through
    // plain SQL when given (Prisma's client and query compiler cost ~0.2 ms CPU a statement: docs/PERFORMANCE.md);
    // RETURNING says whether a row went in, as the affected count does through Prisma.
    if (this.sql) {
      const rows = await this.sql.query(
        `INSERT INTO "InboundEvent" ("key", "receivedAt") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1 AS won`,
        [key, new Date()],
      );
      return rows.length === 1;
    }
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "InboundEvent" ("key", "receivedAt") VALUES (${key}, ${new Date()}) ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }

  /** Forgets keys older than the platforms' retry windows (hours), so the table stays small. */
  async prune(olderThan: Date): Promise<number> {
    return (await this.prisma.inboundEvent.deleteMany({ where: { receivedAt: { lt: olderThan } } })).count;
  }
}
