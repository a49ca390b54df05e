// Platforms re-send what they think failed (Slack's X-Slack-Retry-Num, Teams' resend after ~15 s).
// Each delivery is claimed here by its platform id before it is acted on; a repeat is ignored.
import type { PrismaClient } from "../db";

export class InboundDeliveries {
  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time a key is seen; false for every re-delivery. */
  async claim(key: string): Promise<boolean> {
    // INSERT … ON CONFLICT DO NOTHING: a re-delivery inserts nothing. (Catching P2002 misses PGlite, whose
    // driver adapter reports the unique violation as a raw DriverAdapterError.)
    const { count } = await this.prisma.inboundEvent.createMany({ data: [{ key }], skipDuplicates: true });
    return count === 1;
  }

  /** Forgets keys older than the platforms' retry windows (hours), so the table stays small. */
  async prune(olderThan: Date): Promise<number> {
    return (await this.prisma.inboundEvent.deleteMany({ where: { receivedAt: { lt: olderThan } } })).count;
  }
}
