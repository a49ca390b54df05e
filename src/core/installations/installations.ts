// Workspaces that installed the app through OAuth: kept so each request can be authorised with the right
// bot token. The record is opaque here (the platform's OAuth library gives and reads it).
// Tokens are stored as given; encrypting them at rest is not done yet (docs/SLACK.md).
import type { Prisma, PrismaClient } from "../db";

export class InstallationService {
  constructor(private readonly prisma: PrismaClient) {}

  async save(
    key: { teamId?: string; enterpriseId?: string; orgWide: boolean },
    installation: Prisma.InputJsonValue,
  ): Promise<void> {
    const id = key.orgWide && key.enterpriseId ? key.enterpriseId : key.teamId;
    if (!id) throw new Error("an installation needs a team or enterprise id");
    const data = { teamId: key.teamId ?? null, enterpriseId: key.enterpriseId ?? null, installation };
    await this.prisma.slackInstallation.upsert({ where: { id }, create: { id, ...data }, update: data });
  }

  /** The organisation-wide install if there is one, else the workspace's. */
  async find(key: { teamId?: string; enterpriseId?: string; orgWide: boolean }): Promise<Prisma.JsonValue | null> {
    for (const id of [key.orgWide || key.enterpriseId ? key.enterpriseId : undefined, key.teamId]) {
      if (!id) continue;
      const row = await this.prisma.slackInstallation.findUnique({ where: { id } });
      if (row) return row.installation;
    }
    return null;
  }

  async remove(key: { teamId?: string; enterpriseId?: string; orgWide: boolean }): Promise<void> {
    const id = key.orgWide && key.enterpriseId ? key.enterpriseId : key.teamId;
    if (id) await this.prisma.slackInstallation.deleteMany({ where: { id } });
  }
}
