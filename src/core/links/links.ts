// Channel links (where an organisation's discussions, reminders and digests go) and
// workspace/tenant links (a whole Slack workspace or Teams tenant acting for one organisation).
import type { ChannelLink, Platform, Prisma, PrismaClient } from "../db";
import { badInput, conflict } from "../errors";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import type { Actor } from "../people/actor";
import { requireManage } from "../people/permissions";
import { TouchMemo } from "./touch-memo";

export interface ChannelRef {
  platform: Platform;
  tenantId: string;
  channelId: string;
  channelName?: string;
  /** Teams: what a later proactive send needs, stored per conversation */
  conversationRef?: Prisma.InputJsonValue;
}

/** "02N", "02N and Q52", "02N, 02W and Q52" */
const listOf = (codes: string[]) =>
  codes.length > 1 ? `${codes.slice(0, -1).join(", ")} and ${codes.at(-1)}` : (codes[0] ?? "");

export class LinkService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly touches = new TouchMemo(),
  ) {}

  async linkChannel(actor: Actor, channel: ChannelRef, organisationText: string): Promise<OrganisationSummary> {
    const org = await this.organisations.resolve(organisationText);
    requireManage(actor, org, `link a channel to ${org.code}`);
    await this.prisma.channelLink.upsert({
      where: {
        platform_channelId_organisationCode: {
          platform: channel.platform,
          channelId: channel.channelId,
          organisationCode: org.code,
        },
      },
      create: { ...channel, organisationCode: org.code },
      update: {
        channelName: channel.channelName,
        conversationRef: channel.conversationRef,
        tenantId: channel.tenantId,
      },
    });
    this.touches.forget(channel);
    return org;
  }

  async unlinkChannel(actor: Actor, channel: ChannelRef, organisationText: string): Promise<OrganisationSummary> {
    const org = await this.organisations.resolve(organisationText);
    requireManage(actor, org, `unlink a channel from ${org.code}`);
    await this.prisma.channelLink.deleteMany({
      where: { platform: channel.platform, channelId: channel.channelId, organisationCode: org.code },
    });
    this.touches.forget(channel);
    return org;
  }

  /**
   * Operators map a whole workspace or tenant to an organisation: everyone of it not registered otherwise then acts
   * for it. Refused when people of another organisation are already registered in it: such a workspace or tenant
   * holds several organisations (NHSmail is one tenant for much of the NHS), and mapping it would make the next
   * newcomer of any of them speak for this one.
   */
  async linkTenant(actor: Actor, platform: Platform, tenantId: string, organisationText: string) {
    if (actor.role !== "OPERATOR") throw badInput("Only an operator can map a whole workspace or tenant.");
    const org = await this.organisations.resolve(organisationText);
    const where = platform === "SLACK" ? "workspace" : "tenant";
    if (!tenantId) throw badInput(`I can't tell which ${where} you are in, so I can't map it. Nothing was changed.`);
    const registered = await this.prisma.person.findMany({
      where: { identities: { some: { platform, tenantId } } },
      select: { organisationCode: true },
      distinct: ["organisationCode"],
      orderBy: { organisationCode: "asc" },
    });
    const codes = registered.map((p) => p.organisationCode);
    if (codes.some((code) => code !== org.code)) {
      throw conflict(
        `I won't map this whole ${where} to ${org.code}: people of ${listOf(codes)} are already registered in it, so it doesn't act for ${org.code} alone. Nothing was changed.`,
        `A ${where} shared by several organisations (NHSmail holds many) is never mapped: register its people one by one, with \`member @person <organisation>\`.`,
      );
    }
    await this.prisma.tenantLink.upsert({
      where: { platform_tenantId: { platform, tenantId } },
      create: { platform, tenantId, organisationCode: org.code },
      update: { organisationCode: org.code },
    });
    return org;
  }

  /** Organisations a channel is linked to (a Slack Connect channel may carry both parties). */
  async organisationsOfChannel(platform: Platform, channelId: string): Promise<string[]> {
    const rows = await this.prisma.channelLink.findMany({ where: { platform, channelId } });
    return rows.map((r) => r.organisationCode);
  }

  /** Keeps the display name (and Teams reference) fresh; links are keyed by id, so renames never break them. */
  async touchChannel(channel: ChannelRef): Promise<void> {
    if (this.touches.fresh(channel)) return; // written the same from here minutes ago (touch-memo.ts)
    await this.prisma.channelLink.updateMany({
      where: { platform: channel.platform, channelId: channel.channelId },
      data: {
        ...(channel.channelName ? { channelName: channel.channelName } : {}),
        ...(channel.conversationRef ? { conversationRef: channel.conversationRef } : {}),
      },
    });
    this.touches.wrote(channel);
  }

  /** Stored conversation references (Teams proactive sends) of one channel, or of every linked channel in a tenant. */
  async conversationRefs(
    platform: Platform,
    where: { channelId?: string; tenantId?: string },
  ): Promise<Prisma.JsonValue[]> {
    const rows = await this.prisma.channelLink.findMany({
      where: { platform, ...where },
      select: { conversationRef: true },
      orderBy: { createdAt: "asc" },
      take: 50,
    });
    return rows.map((r) => r.conversationRef).filter((r) => r !== null);
  }

  /** The workspace or tenant a linked channel belongs to. */
  async tenantOfChannel(platform: Platform, channelId: string): Promise<string | null> {
    const link = await this.prisma.channelLink.findFirst({
      where: { platform, channelId },
      select: { tenantId: true },
    });
    return link?.tenantId ?? null;
  }

  async channelsOf(organisationCodes: string[]): Promise<ChannelLink[]> {
    return this.prisma.channelLink.findMany({ where: { organisationCode: { in: organisationCodes } } });
  }

  async setReminders(actor: Actor, channel: Pick<ChannelRef, "platform" | "channelId">, on: boolean) {
    const links = await this.prisma.channelLink.findMany({
      where: { platform: channel.platform, channelId: channel.channelId },
    });
    if (!links.length)
      throw badInput(
        "This channel is not linked to an organisation yet.",
        "An admin can run `link <organisation>` here first.",
      );
    for (const link of links)
      requireManage(actor, (await this.organisations.byCode(link.organisationCode)) ?? null, "change reminders here");
    await this.prisma.channelLink.updateMany({
      where: { platform: channel.platform, channelId: channel.channelId },
      data: { remindersEnabled: on },
    });
    return links.length;
  }
}
