// Every Teams activity touches its channel's stored name and conversation reference (what proactive sends use).
// Written through Prisma that is 3 statements; the same touch again from this process within minutes is skipped,
// while a changed serviceUrl or name is written at once, and a value another replica wrote is put right once the
// skip has expired.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Actor, type Core } from "../../src/core";
import type { PrismaClient } from "../../src/core/db";
import { LinkService, type ChannelRef } from "../../src/core/links/links";
import { OrganisationDirectory } from "../../src/core/organisations/directory";
import { TOUCH_REFRESH_MS, TouchMemo } from "../../src/core/links/touch-memo";
import type { PlatformUser } from "../../src/core/people/actor";
import { fixedClock } from "../../src/core/time";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let writer: Core;
let operator: Actor;
const writes: string[] = [];
let prisma: PrismaClient;
let now = 1_000_000;

const operatorUser: PlatformUser = { platform: "TEAMS", tenantId: "tn-ops", userId: "29:op", displayName: "Op" };
const refAt = (serviceUrl: string) => ({
  serviceUrl,
  conversationId: "19:touch@thread.tacv2",
  botId: "28:bot",
  tenantId: "tn-1",
  conversationType: "channel",
});
const channel = (serviceUrl: string, channelName = "General"): ChannelRef => ({
  platform: "TEAMS",
  tenantId: "tn-1",
  channelId: "19:touch@thread.tacv2",
  channelName,
  conversationRef: refAt(serviceUrl),
});
const stored = async () =>
  (await prisma.channelLink.findFirst({ where: { channelId: "19:touch@thread.tacv2" } }))!.conversationRef;

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  // this replica's client, counting the channel writes it sends
  prisma = t.db.prisma.$extends({
    query: {
      channelLink: {
        async updateMany({ args, query }) {
          writes.push(JSON.stringify(args.data));
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
  writer = createCore((await t.another()).prisma, fixedClock(TEST_SEED_NOW));
  await writer.people.register(operatorUser, "Q51", "OPERATOR");
  operator = (await writer.people.identify(operatorUser))!;
  await writer.links.linkChannel(operator, channel("https://smba.example/amer"), "02N");
});
afterAll(() => t.cleanup());

describe("channel touch", () => {
  it("writes a touch once, skips the same one again, and writes a moved serviceUrl or a new name at once", async () => {
    const links = new LinkService(prisma, new OrganisationDirectory(prisma), new TouchMemo(100, () => now));
    writes.length = 0;
    await links.touchChannel(channel("https://smba.example/amer"));
    await links.touchChannel(channel("https://smba.example/amer"));
    await links.touchChannel(channel("https://smba.example/amer"));
    expect(writes).toHaveLength(1);
    await links.touchChannel(channel("https://smba.example/emea"));
    expect(writes).toHaveLength(2);
    expect(await stored()).toMatchObject({ serviceUrl: "https://smba.example/emea" });
    await links.touchChannel(channel("https://smba.example/emea", "General (renamed)"));
    expect(writes).toHaveLength(3);
    await links.touchChannel(channel("https://smba.example/emea", "General (renamed)"));
    expect(writes).toHaveLength(3);
  });

  it("puts right what another replica wrote once the skip expires", async () => {
    const links = new LinkService(prisma, new OrganisationDirectory(prisma), new TouchMemo(100, () => now));
    await links.touchChannel(channel("https://smba.example/emea"));
    await writer.links.touchChannel(channel("https://smba.example/apac"));
    writes.length = 0;
    now += TOUCH_REFRESH_MS - 1;
    await links.touchChannel(channel("https://smba.example/emea"));
    expect(writes).toHaveLength(0);
    expect(await stored()).toMatchObject({ serviceUrl: "https://smba.example/apac" });
    now += 1;
    await links.touchChannel(channel("https://smba.example/emea"));
    expect(writes).toHaveLength(1);
    expect(await stored()).toMatchObject({ serviceUrl: "https://smba.example/emea" });
  });

  it("writes the next touch after the channel was linked or unlinked here", async () => {
    const links = new LinkService(prisma, new OrganisationDirectory(prisma), new TouchMemo(100, () => now));
    await links.touchChannel(channel("https://smba.example/emea"));
    await links.linkChannel(operator, channel("https://smba.example/emea"), "Q52");
    writes.length = 0;
    await links.touchChannel(channel("https://smba.example/emea"));
    expect(writes).toHaveLength(1);
    await links.unlinkChannel(operator, channel("https://smba.example/emea"), "Q52");
    await links.touchChannel(channel("https://smba.example/emea"));
    expect(writes).toHaveLength(2);
  });

  it("remembers no more channels than its bound", () => {
    const memo = new TouchMemo(2, () => now);
    for (const id of ["19:a", "19:b", "19:c"]) memo.wrote({ ...channel("https://smba.example/emea"), channelId: id });
    expect(memo.size).toBe(2);
    expect(memo.fresh({ ...channel("https://smba.example/emea"), channelId: "19:a" })).toBe(false);
    expect(memo.fresh({ ...channel("https://smba.example/emea"), channelId: "19:c" })).toBe(true);
  });
});
