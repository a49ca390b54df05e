// A review item posted to both parties' channels is updated in place as it moves: noted by one side (status says
// so, the buttons stay), resolved by the other (no buttons left). Each change updates each posted message once, on
// the platform that posted it, from whichever replica ticks; a message the platform refuses for good is given up,
// a passing failure is tried again at the next tick. Once a message shows its item resolved it is settled: the
// item never changes again, so the scheduler's refresh query never selects that message again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCore } from "../../src/core";
import { Prisma } from "../../src/core/db";
import type { Indicator } from "../../src/core/db";
import { reviewItemsToRefreshQuery } from "../../src/core/reminders/ledger";
import type { Target } from "../../src/core/reminders/target";
import type { Reply } from "../../src/reply/model";
import { Scheduler } from "../../src/scheduler/scheduler";
import { RecordingSender, SendError } from "../../src/scheduler/sender";
import { schedulerWorld } from "./support";

let world: Awaited<ReturnType<typeof schedulerWorld>>;
let ae: Indicator;

/** A Slack-like sender whose updates can be told to fail. */
class UpdatableSender extends RecordingSender {
  updateFailures: SendError[] = [];
  constructor() {
    super("SLACK");
  }
  override async update(target: Target, messageId: string, reply: Reply): Promise<void> {
    const failure = this.updateFailures.shift();
    if (failure) throw failure;
    await super.update(target, messageId, reply);
  }
}

const channelOf = (t: Target) => ("channelId" in t ? t.channelId : t.userId);
const buttonsOf = (reply: Reply) =>
  reply.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons.map((x) => x.label) : []));
const statusOf = (reply: Reply) =>
  reply.blocks.flatMap((b) => (b.type === "fields" ? b.fields.filter((f) => f.label === "Status") : []))[0]?.value;

beforeEach(async () => {
  world = await schedulerWorld("2014-02-10T10:00:00Z");
  await world.link("C02N", "02N");
  await world.link("CQ52", "Q52");
  await world.core.people.register(world.slackUser("UJO"), "02N", "MEMBER");
  await world.core.people.register(world.slackUser("USAM"), "Q52", "MEMBER");
  ae = await world.db.prisma.indicator.findUniqueOrThrow({ where: { code: "ae_4hr" } });
  // 02N's A&E figures red for three consecutive months: the constitution rule raises R1.
  const red =
    ae.direction === "HIGHER_IS_BETTER"
      ? ae.standard! - 10 - (ae.amberTolerance ?? 0)
      : ae.standard! + 10 + (ae.amberTolerance ?? 0);
  const step = ae.period === "MONTH" ? 1 : ae.period === "QUARTER" ? 3 : 12;
  await world.db.prisma.indicatorValue.createMany({
    data: [0, 1, 2].map((i) => ({
      organisationCode: "02N",
      indicatorCode: ae.code,
      periodStart: new Date(Date.UTC(2013, 9 - step * i, 1)),
      value: red,
      source: "test",
    })),
  });
  expect((await world.core.escalation.evaluate(world.clock.now())).raised).toHaveLength(1);
});
afterEach(() => world.cleanup());

describe("a posted review item, updated in place", () => {
  it("noted by one side, then resolved by the other: each message updated once per change, buttons gone at the end", async () => {
    const sender = new UpdatableSender();
    const scheduler = new Scheduler(world.core, [sender], { replicaId: "a" });
    await scheduler.tick();
    const posts = sender.sent.filter((s) => s.reply.summary.startsWith("R1 "));
    expect(posts.map((p) => channelOf(p.target)).sort()).toEqual(["C02N", "CQ52"]);
    expect(buttonsOf(posts[0]!.reply)).toEqual(["Open discussion", "Note as resolved"]);
    const deliveries = await world.db.prisma.reminderDelivery.findMany({ where: { kind: "review-item" } });
    // the recording sender names its n-th message "m<n>"; other reminders may have gone out first
    expect(deliveries.map((d) => d.messageId).sort()).toEqual(
      posts.map((p) => `m${sender.sent.indexOf(p) + 1}`).sort(),
    );

    // Nothing changed since: no update.
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated).toEqual([]);

    world.clock.advance(60_000);
    expect(await world.run("UJO", "escalation R1 noted")).toMatch(/It is resolved when Q52 notes it too/);
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated.map((u) => [channelOf(u.target), u.messageId]).sort()).toEqual([
      ["C02N", deliveries.find((d) => d.target.endsWith("C02N"))!.messageId],
      ["CQ52", deliveries.find((d) => d.target.endsWith("CQ52"))!.messageId],
    ]);
    expect(statusOf(sender.updated[0]!.reply)).toBe("open · noted by the CCG");
    expect(buttonsOf(sender.updated[0]!.reply)).toEqual(["Open discussion", "Note as resolved"]);

    // Another replica's tick finds nothing more to update.
    const second = new Scheduler(createCore((await world.another()).prisma, world.clock), [sender], {
      replicaId: "b",
    });
    world.clock.advance(60_000);
    await second.tick();
    expect(sender.updated).toHaveLength(2);

    expect(await world.run("USAM", "escalation R1 noted")).toMatch(/R1 is resolved: both 02N and Q52 have noted it/);
    world.clock.advance(60_000);
    await Promise.all([scheduler.tick(), second.tick()]);
    const last = sender.updated.slice(2);
    expect(last.length).toBeGreaterThanOrEqual(2); // both channels; two replicas at once may each write the same
    expect(new Set(last.map((u) => channelOf(u.target)))).toEqual(new Set(["C02N", "CQ52"]));
    for (const u of last) {
      expect(statusOf(u.reply)).toMatch(/^resolved Mon 10 Feb 2014: noted by both parties$/);
      expect(buttonsOf(u.reply)).toEqual([]);
    }
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated.slice(2 + last.length)).toEqual([]);
  });

  it("a passing failure is tried again at the next tick; a refusal for good is not", async () => {
    const sender = new UpdatableSender();
    const scheduler = new Scheduler(world.core, [sender], { replicaId: "a" });
    await scheduler.tick();
    world.clock.advance(60_000);
    await world.run("UJO", "escalation R1 noted");
    world.clock.advance(60_000);
    sender.updateFailures = [new SendError("transient", "Slack 503"), new SendError("permanent", "message_not_found")];
    await scheduler.tick();
    expect(sender.updated).toEqual([]); // one failed for now, the other for good
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated).toHaveLength(1); // the passing failure, once more; the refused one is left
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated).toHaveLength(1);
  });

  it("a resolved item's messages are settled by their refresh and never selected again, even after a later event", async () => {
    const sender = new UpdatableSender();
    const scheduler = new Scheduler(world.core, [sender], { replicaId: "a" });
    const toRefresh = () => world.db.prisma.$queryRaw<{ target: string }[]>(reviewItemsToRefreshQuery(100));
    const settled = async () =>
      (await world.db.prisma.reminderDelivery.findMany({ where: { kind: "review-item" } })).map((d) => d.settledAt);
    await scheduler.tick();
    world.clock.advance(60_000);
    await world.run("UJO", "escalation R1 noted");
    await world.run("USAM", "escalation R1 noted");
    world.clock.advance(60_000);
    expect((await toRefresh()).map((m) => m.target.slice(-4)).sort()).toEqual(["C02N", "CQ52"]);
    expect(await settled()).toEqual([null, null]);
    const refreshedAt = world.clock.now();
    await scheduler.tick();
    expect(sender.updated).toHaveLength(2);
    expect(sender.updated.map((u) => buttonsOf(u.reply))).toEqual([[], []]);
    expect(await settled()).toEqual([refreshedAt, refreshedAt]);

    // A year on, and even with a newer event on the item's trail (written here directly, as no command changes a
    // resolved item), the settled messages are not among the rows the query returns, and no tick touches them.
    world.clock.advance(365 * 24 * 3_600_000);
    const item = await world.db.prisma.reviewItem.findFirstOrThrow();
    await world.db.prisma.reviewItemEvent.create({
      data: { itemId: item.id, kind: "test", actorName: "test", at: world.clock.now() },
    });
    expect(await toRefresh()).toEqual([]);
    expect(await world.core.reminders.ledger.reviewItemMessagesToRefresh()).toEqual([]);
    await scheduler.tick();
    expect(sender.updated).toHaveLength(2);
  });

  it("an unresolved item's messages stay unsettled and are refreshed at each change", async () => {
    const sender = new UpdatableSender();
    const scheduler = new Scheduler(world.core, [sender], { replicaId: "a" });
    const toRefresh = () => world.db.prisma.$queryRaw<{ target: string }[]>(reviewItemsToRefreshQuery(100));
    await scheduler.tick();
    world.clock.advance(60_000);
    await world.run("UJO", "escalation R1 noted");
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated).toHaveLength(2);
    expect(
      (await world.db.prisma.reminderDelivery.findMany({ where: { kind: "review-item" } })).map((d) => d.settledAt),
    ).toEqual([null, null]);
    expect(await toRefresh()).toEqual([]); // nothing newer than what they show

    // A later change to the open item (another event on its trail): both messages are selected and updated again.
    world.clock.advance(60_000);
    const item = await world.db.prisma.reviewItem.findFirstOrThrow();
    await world.db.prisma.reviewItemEvent.create({
      data: { itemId: item.id, kind: "test", actorName: "test", at: world.clock.now() },
    });
    expect((await toRefresh()).map((m) => m.target.slice(-4)).sort()).toEqual(["C02N", "CQ52"]);
    world.clock.advance(60_000);
    await scheduler.tick();
    expect(sender.updated).toHaveLength(4);
    expect(statusOf(sender.updated[3]!.reply)).toBe("open · noted by the CCG");
  });

  it("two replicas: the resolution is posted to each channel once, and settles the messages for both", async () => {
    const sender = new UpdatableSender();
    const a = new Scheduler(world.core, [sender], { replicaId: "a" });
    const b = new Scheduler(createCore((await world.another()).prisma, world.clock), [sender], { replicaId: "b" });
    await a.tick();
    world.clock.advance(60_000);
    await world.run("UJO", "escalation R1 noted");
    await world.run("USAM", "escalation R1 noted");
    world.clock.advance(60_000);
    await a.tick();
    await b.tick();
    expect(sender.updated.map((u) => channelOf(u.target)).sort()).toEqual(["C02N", "CQ52"]);
    // Settled for both: a later event on the trail (written directly) brings neither replica back to them, even
    // ticking at once.
    world.clock.advance(60_000);
    const item = await world.db.prisma.reviewItem.findFirstOrThrow();
    await world.db.prisma.reviewItemEvent.create({
      data: { itemId: item.id, kind: "test", actorName: "test", at: world.clock.now() },
    });
    expect(await world.db.prisma.$queryRaw(reviewItemsToRefreshQuery(100))).toEqual([]);
    world.clock.advance(60_000);
    await Promise.all([a.tick(), b.tick()]);
    expect(sender.updated).toHaveLength(2);
  });

  it("the query reads sent review-item messages through their partial index, not the whole delivery table", async () => {
    // With sequential scans priced out, the plan shows which index can answer the query; without the migration's
    // partial index the only way into "ReminderDelivery" is a scan of every delivery.
    const [, plan] = await world.db.prisma.$transaction([
      world.db.prisma.$executeRaw`SET LOCAL enable_seqscan = off`,
      world.db.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${reviewItemsToRefreshQuery(100)}`),
    ]);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index Scan using "?ReminderDelivery_review_item_sent_idx"? on "?ReminderDelivery"?/);
    expect(text).toMatch(/using "?ReviewItemEvent_itemId_at_idx"?/);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
