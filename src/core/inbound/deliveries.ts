// Platforms re-send what they think failed (Slack's X-Slack-Retry-Num, Teams' resend after ~15 s).
// Each delivery is claimed here by its platform id before it is acted on; a repeat is ignored.
import { Prisma, type PrismaClient } from "../db";

export class InboundDeliveries {
  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time a key is seen; false for every re-delivery. */
  async claim(key: string): Promise<boolean> {
    try {
      await this.prisma.inboundEvent.create({ data: { key } });
      return true;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
      throw error;
    }
  }

  /** Forgets keys older than the platforms' retry windows (hours), so the table stays small. */
  async prune(olderThan: Date): Promise<number> {
    return (await this.prisma.inboundEvent.deleteMany({ where: { receivedAt: { lt: olderThan } } })).count;
  }
}
