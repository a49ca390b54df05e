// The delivery guarantee (docs/ARCHITECTURE.md): at least once; a duplicate only when a replica dies
// between sending and marking, for the rows it had sent. Two replicas, a crash, a 429 storm, a 500.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCore } from "../../src/core";
import { LEASE_MS } from "../../src/core/reminders/ledger";
import { atLondonTime } from "../../src/core/time";
import { Scheduler } from "../../src/scheduler/scheduler";
import { SendError } from "../../src/scheduler/sender";
import { FakeSlackSender, schedulerWorld } from "./support";

const CHANNELS = 30;
let world: Awaited<ReturnType<typeof schedulerWorld>>;

beforeEach(async () => {
  world = await schedulerWorld("2014-01-02T10:00:00Z");
  const ccgs = (await world.core.organisations.list("CCG")).slice(0, CHANNELS);
  for (const ccg of ccgs) await world.link(`C${ccg.code}`, ccg.code);
  // A national deadline on Friday 17 January: its 14-day reminder is due Friday 3 January at 09:00.
  await world.core.deadlines.add(
    world.operator,
    { scopeText: "national", title: "Final plans", dueAt: atLondonTime("2014-01-17", 12) },
    world.clock.now(),
  );
  world.clock.set("2014-01-03T09:00:00Z");
});
afterEach(() => world.cleanup());

const sentKeys = (sender: FakeSlackSender) => sender.sent.map((s) => s.target);
const countBy = (list: string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

describe("delivery guarantee", () => {
  it("two scheduler replicas on one database, each with its own connection, send every reminder once", async () => {
    const second = createCore((await world.another()).prisma, world.clock);
    const senderA = new FakeSlackSender(world.clock);
    const senderB = new FakeSlackSender(world.clock);
    const a = new Scheduler(world.core, [senderA], { replicaId: "a", batchSize: 5 });
    const b = new Scheduler(second, [senderB], { replicaId: "b", batchSize: 5 });
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    const all = [...sentKeys(senderA), ...sentKeys(senderB)];
    expect(all).toHaveLength(CHANNELS);
    expect([...countBy(all).values()].every((n) => n === 1)).toBe(true);
    expect(await world.db.prisma.reminderDelivery.count({ where: { status: "SENT" } })).toBe(CHANNELS);
  });

  it("a crash between send and mark loses nothing; the rows it had sent go out again after the lease", async () => {
    const crashed = new FakeSlackSender(world.clock);
    // The replica sends, then dies before it can mark anything: its sends never return.
    let firstBatchSent!: () => void;
    const firstBatch = new Promise<void>((resolve) => (firstBatchSent = resolve));
    crashed.send = async function (target, reply) {
      await FakeSlackSender.prototype.send.call(this, target, reply);
      if (this.sent.length === 10) firstBatchSent();
      return new Promise<void>(() => undefined);
    };
    const dying = new Scheduler(world.core, [crashed], { replicaId: "dying", batchSize: 10 });
    void dying.tick().catch(() => undefined); // a dead replica's errors go nowhere
    await firstBatch; // it claimed its first batch and sent it (no waiting on the wall clock: CI may be busy)
    const sentBeforeCrash = crashed.sent.length;
    expect(sentBeforeCrash).toBe(10);

    const survivor = new FakeSlackSender(world.clock);
    const healthy = new Scheduler(world.core, [survivor], { replicaId: "healthy" });
    await healthy.tick(); // the dead replica's claims are still leased
    expect(survivor.sent).toHaveLength(CHANNELS - 10);
    world.clock.advance(LEASE_MS + 1000);
    await healthy.tick();
    const all = [...sentKeys(crashed), ...sentKeys(survivor)];
    expect(new Set(all).size).toBe(CHANNELS); // nothing lost
    expect(all.length - CHANNELS).toBe(sentBeforeCrash); // duplicates: exactly what was sent and not marked
  });

  it("a 429 storm: every send waits as long as Retry-After says, and all arrive once", async () => {
    const sender = new FakeSlackSender(world.clock);
    sender.failures = Array.from({ length: 45 }, () => new SendError("rate-limited", "ratelimited", 30_000));
    const scheduler = new Scheduler(world.core, [sender]);
    const first = await scheduler.tick();
    expect(first.retried).toBe(CHANNELS);
    const waiting = await world.db.prisma.reminderDelivery.findMany({ where: { status: "PENDING" } });
    expect(waiting.every((r) => r.nextTryAt!.getTime() - world.clock.now().getTime() === 30_000)).toBe(true);
    world.clock.advance(29_000);
    expect((await scheduler.tick()).sent).toBe(0); // not before Retry-After
    for (let i = 0; i < 5; i++) {
      world.clock.advance(31_000);
      await scheduler.tick();
    }
    expect(sender.sent).toHaveLength(CHANNELS);
    expect(new Set(sentKeys(sender)).size).toBe(CHANNELS);
  });

  it("a 500 is retried with backoff; a channel the bot can't post to fails for good without disturbing the rest", async () => {
    const sender = new FakeSlackSender(world.clock);
    sender.failures = [new SendError("transient", "HTTP 500"), new SendError("permanent", "channel_not_found")];
    const scheduler = new Scheduler(world.core, [sender], { batchSize: 1 });
    const first = await scheduler.tick();
    expect(first).toMatchObject({ retried: 1, failed: 1, sent: CHANNELS - 2 });
    world.clock.advance(30_000);
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.sent).toHaveLength(CHANNELS - 1);
    const problems = await world.core.reminders.problems(world.clock.now());
    expect(problems.filter((p) => p.status === "FAILED").map((p) => p.lastError)).toEqual(["channel_not_found"]);
  });
});
