// Workspaces that installed the app through OAuth: kept so each request can be authorised with the right
// bot token. The record is opaque here (the platform's OAuth library gives and reads it), and sealed (encrypted)
// when a key is configured (seal.ts). Records saved before a key was set are read as they are and sealed the
// next time they are saved.
import type { Prisma, PrismaClient } from "../db";
import { isSealed, type Sealer } from "./seal";

export class InstallationService {
  private sealer?: Sealer;

  constructor(private readonly prisma: PrismaClient) {}

  /** From now on, records are sealed on save and opened on read. */
  useSealer(sealer: Sealer): void {
    this.sealer = sealer;
  }

  async save(
    key: { teamId?: string; enterpriseId?: string; orgWide: boolean },
    installation: Prisma.InputJsonValue,
  ): Promise<void> {
    const id = key.orgWide && key.enterpriseId ? key.enterpriseId : key.teamId;
    if (!id) throw new Error("an installation needs a team or enterprise id");
    const stored = this.sealer
      ? (this.sealer.seal(id, installation) as unknown as Prisma.InputJsonValue)
      : installation;
    const data = { teamId: key.teamId ?? null, enterpriseId: key.enterpriseId ?? null, installation: stored };
    await this.prisma.slackInstallation.upsert({ where: { id }, create: { id, ...data }, update: data });
  }

  /** The organisation-wide install if there is one, else the workspace's. */
  async find(key: { teamId?: string; enterpriseId?: string; orgWide: boolean }): Promise<Prisma.JsonValue | null> {
    for (const id of [key.orgWide || key.enterpriseId ? key.enterpriseId : undefined, key.teamId]) {
      if (!id) continue;
      const row = await this.prisma.slackInstallation.findUnique({ where: { id } });
      if (!row) continue;
      if (!isSealed(row.installation)) return row.installation;
      if (!this.sealer) throw new Error(`The installation ${id} is sealed; set SLACK_INSTALLATION_KEY to read it.`);
      return this.sealer.open(id, row.installation) as Prisma.JsonValue;
    }
    return null;
  }

  async remove(key: { teamId?: string; enterpriseId?: string; orgWide: boolean }): Promise<void> {
    const id = key.orgWide && key.enterpriseId ? key.enterpriseId : key.teamId;
    if (id) await this.prisma.slackInstallation.deleteMany({ where: { id } });
  }
}
