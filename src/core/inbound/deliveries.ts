// Platforms re-send what they think failed (Slack's X-Slack-Retry-Num, Teams' resend after ~15 s).
// Each delivery is claimed here by its platform id before it is acted on; a repeat is ignored.
import type { PrismaClient } from "../db";

export class InboundDeliveries {
  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time a key is seen; false for every re-delivery. */
  async claim(key: string): Promise<boolean> {
    // One statement, on the hot path of every command: Prisma's createMany sends BEGIN, INSERT, COMMIT. ON CONFLICT
    // DO NOTHING makes a re-delivery (or the loser of two concurrent claims, which waits on the key's lock) insert
    // nothing, and the affected row count says which. (Catching P2002 misses PGlite, whose driver adapter reports
    // the unique violation as a raw DriverAdapterError.) The table is unqualified, found through search_path as
    // every raw query's is; receivedAt is this process's wall clock, as Prisma's now() default gave it.
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "InboundEvent" ("key", "receivedAt") VALUES (${key}, ${new Date()}) ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }

  /** Forgets keys older than the platforms' retry windows (hours), so the table stays small. */
  async prune(olderThan: Date): Promise<number> {
    return (await this.prisma.inboundEvent.deleteMany({ where: { receivedAt: { lt: olderThan } } })).count;
  }
}
