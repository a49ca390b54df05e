// Who a person is and where a channel belongs are read once per change of their tables: the same command twice reads
// them from memory, and a move, a workspace mapping or a channel link made through ANOTHER replica (another app
// instance with its own Prisma client; on PostgreSQL its own connections) shows at the very next command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Actor, type Core } from "../../src/core";
import { readDataVersion } from "../../src/core/indicators/data-version";
import { CachedLinkService } from "../../src/core/links/channel-cache";
import { CachedPeopleService } from "../../src/core/people/identity-cache";
import type { PlatformUser } from "../../src/core/people/actor";
import { fixedClock } from "../../src/core/time";
import { seededTestDatabase, TEST_SEED_NOW, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
/** the replica serving commands, and the one writing */
let reader: Core;
let writer: Core;
let operator: Actor;

const slackUser = (userId: string, tenantId = "T0READER"): PlatformUser => ({
  platform: "SLACK",
  tenantId,
  userId,
  displayName: `Person ${userId}`,
});
const people = (core: Core) => core.people as CachedPeopleService;
const links = (core: Core) => core.links as CachedLinkService;
const channel = { platform: "SLACK" as const, tenantId: "T0READER", channelId: "C0CACHE", channelName: "plans" };

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  const other = await t.another();
  reader = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW), { versionSql: t.db.versionSql }); // as the app reads the version
  writer = createCore(other.prisma, fixedClock(TEST_SEED_NOW));
  await writer.people.register(slackUser("UOPERATOR", "T0OPS"), "Q51", "OPERATOR");
  operator = (await writer.people.identify(slackUser("UOPERATOR", "T0OPS")))!;
});
afterAll(() => t.cleanup());

describe("identity cache", () => {
  it("identifies the same person twice from one read, and hands every caller the one frozen actor", async () => {
    await writer.people.register(slackUser("UALICE"), "02N", "MEMBER");
    const before = { ...people(reader).stats };
    const first = await reader.people.identify(slackUser("UALICE"));
    const second = await reader.people.identify(slackUser("UALICE"));
    expect(first?.organisation.code).toBe("02N");
    expect(second).toBe(first);
    expect(people(reader).stats.misses - before.misses).toBe(1);
    expect(people(reader).stats.hits - before.hits).toBe(1);
    // Shared, so no caller can change it for the others.
    expect(() => Object.assign(first!.organisation, { code: "02W" })).toThrow(TypeError);
    expect((await reader.people.identify(slackUser("UALICE")))?.organisation.code).toBe("02N");
  });

  it("shows a person moved to another organisation on another replica at the next command", async () => {
    await writer.people.register(slackUser("UBOB"), "02N", "MEMBER");
    expect((await reader.people.identify(slackUser("UBOB")))?.organisation.code).toBe("02N");
    await writer.people.addMember(operator, slackUser("UBOB"), "Q51", "ADMIN");
    const moved = await reader.people.identify(slackUser("UBOB"));
    expect(moved?.organisation.code).toBe("Q51");
    expect(moved?.role).toBe("ADMIN");
  });

  it("shows a workspace mapped on another replica at the next command (an unknown person is remembered too)", async () => {
    const newcomer = slackUser("UCAROL", "T0MAPPED");
    expect(await reader.people.identify(newcomer)).toBeNull();
    expect(await reader.people.identify(newcomer)).toBeNull();
    await writer.links.linkTenant(operator, "SLACK", "T0MAPPED", "02W");
    const actor = await reader.people.identify(newcomer);
    expect(actor?.organisation.code).toBe("02W");
    // registering the newcomer was a write: the next command reads the person it made, not the mapping again
    expect((await reader.people.identify(newcomer))?.personId).toBe(actor?.personId);
  });

  it("leaves the status summaries' version alone when only people change", async () => {
    const status = await readDataVersion(reader.prisma);
    await writer.people.register(slackUser("UDAVE"), "02N", "MEMBER");
    expect(await readDataVersion(reader.prisma)).toBe(status);
  });

  it("keeps no more than its bound", async () => {
    const small = new CachedPeopleService(t.db.prisma, reader.organisations, 2);
    for (const id of ["UALICE", "UBOB", "UDAVE"]) await small.identify(slackUser(id));
    await small.identify(slackUser("UALICE"));
    expect(small.stats).toEqual({ hits: 0, misses: 4 });
  });
});

describe("channel link cache", () => {
  it("shows a channel linked and unlinked on another replica at the next command", async () => {
    expect(await reader.links.organisationsOfChannel("SLACK", channel.channelId)).toEqual([]);
    expect(await reader.links.tenantOfChannel("SLACK", channel.channelId)).toBeNull();
    await writer.links.linkChannel(operator, channel, "02N");
    expect(await reader.links.organisationsOfChannel("SLACK", channel.channelId)).toEqual(["02N"]);
    expect(await reader.links.tenantOfChannel("SLACK", channel.channelId)).toBe("T0READER");
    await writer.links.unlinkChannel(operator, channel, "02N");
    expect(await reader.links.organisationsOfChannel("SLACK", channel.channelId)).toEqual([]);
  });

  it("answers from memory while only the channel's unchanged name is touched, and reads again when it changes", async () => {
    await writer.links.linkChannel(operator, channel, "02N");
    await reader.links.organisationsOfChannel("SLACK", channel.channelId);
    const version = await readDataVersion(reader.prisma, ["ChannelLink"]);
    const hits = links(reader).stats.hits;
    await writer.links.touchChannel(channel); // every Slack event and Teams activity does this
    expect(await readDataVersion(reader.prisma, ["ChannelLink"])).toBe(version);
    expect(await reader.links.organisationsOfChannel("SLACK", channel.channelId)).toEqual(["02N"]);
    expect(links(reader).stats.hits).toBe(hits + 1);
    await writer.links.touchChannel({ ...channel, channelName: "plans-renamed" });
    expect(await readDataVersion(reader.prisma, ["ChannelLink"])).not.toBe(version);
  });

  it("never shares its list with a caller", async () => {
    const list = await reader.links.organisationsOfChannel("SLACK", channel.channelId);
    list.push("XXX");
    expect(await reader.links.organisationsOfChannel("SLACK", channel.channelId)).toEqual(["02N"]);
  });
});

describe("indicator definitions cache", () => {
  it("reads the definitions once, and shows one changed or added on another replica at the next command", async () => {
    const defs = reader.indicatorDefinitions;
    const before = { ...defs.stats };
    expect((await defs.all()).find((i) => i.code === "ae_4hr")).toBeDefined();
    expect(await defs.known(["ae_4hr", "A&E", "ae_4hr", "no_such"])).toEqual(["ae_4hr"]);
    expect(defs.stats.misses - before.misses).toBe(1);
    expect(defs.stats.hits - before.hits).toBe(1);
    await writer.prisma.indicator.update({ where: { code: "ae_4hr" }, data: { name: "Four hours in A&E" } });
    expect((await defs.all()).find((i) => i.code === "ae_4hr")?.name).toBe("Four hours in A&E");
    const national = await writer.prisma.indicator.findFirstOrThrow({ where: { code: "ae_4hr" } });
    await writer.prisma.indicator.create({
      data: { ...national, code: "local_02n_cache", name: "02N's own", ownerCode: "02N" },
    });
    expect((await defs.visibleTo("02N")).map((i) => i.code)).toContain("local_02n_cache");
    expect((await defs.visibleTo()).map((i) => i.code)).not.toContain("local_02n_cache");
    expect((await defs.visibleTo("02W")).map((i) => i.code)).not.toContain("local_02n_cache");
  });
});

describe("the version read without Prisma (as on embedded PGlite)", () => {
  it("reads the same version as Prisma, and a change on another replica still shows at the next command", async () => {
    const { rawVersionReader, prismaVersionReader, STATUS_SCOPES } =
      await import("../../src/core/indicators/data-version");
    expect(await rawVersionReader(t.db.sql)(STATUS_SCOPES)).toBe(await prismaVersionReader(t.db.prisma)(STATUS_SCOPES));
    const raw = createCore(t.db.prisma, fixedClock(TEST_SEED_NOW), { versionSql: t.db.sql });
    await writer.people.register(slackUser("UERIN"), "02N", "MEMBER");
    expect((await raw.people.identify(slackUser("UERIN")))?.organisation.code).toBe("02N");
    await writer.people.addMember(operator, slackUser("UERIN"), "02W", "MEMBER");
    expect((await raw.people.identify(slackUser("UERIN")))?.organisation.code).toBe("02W");
    expect((await raw.indicators.statusOf("02N", TEST_SEED_NOW)).ccg.code).toBe("02N");
  });
});
