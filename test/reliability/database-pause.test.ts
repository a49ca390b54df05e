// PostgreSQL stops answering in the middle of commands, without closing anything: a TCP proxy between the bot and
// the database stops forwarding in both directions and holds what it gets, as a paused server (SIGSTOP) or a
// network that silently drops packets would, then delivers it all when it resumes (TCP would retransmit it). The
// bot's pool has a short query time limit here (1 s; DATABASE_QUERY_TIMEOUT_MS in production). Each command must
// answer within the limit (twice it when it first had to wait for a connection), saying truthfully what happened:
// a statement before COMMIT that timed out saved nothing, a COMMIT that timed out may have saved (here it does,
// once the held COMMIT reaches the server). No half-made write survives, and once the proxy resumes the bot serves
// commands by itself with no connection left checked out. Needs PostgreSQL (TEST_DATABASE_URL).
import { once } from "node:events";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../src/console/console-channel";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { plainSqlOf, type Database } from "../../src/db/database";
import { createHttpApp } from "../../src/server/http";
import { TEST_SEED_NOW } from "../support/test-database";
import { tally } from "./counts";
import { outcomeOf, savedAfterAll, type DrillKind } from "./fault-replies";
import { openThroughProxy, type ProxiedDatabase } from "./proxied-database";

const URL_ = process.env.TEST_DATABASE_URL;
const SCHEMA = `pause_${process.pid}`;
const APP = `plan-pause-${process.pid}`;
const LIMIT_MS = 1_000;
/** Longer than any command may take to answer, so a command that waited for the database to return is caught. */
const PAUSE_MS = 4_000;
/** Scheduling slack on a busy machine (2 shared cores in CI). */
const MARGIN_MS = 1_000;
const ROUNDS = 4;

/**
 * Forwards TCP to PostgreSQL. Paused, it forwards nothing either way and closes nothing: bytes, and the closing of
 * either side, are held in order and delivered on resume. It can pause by itself when a client sends a statement.
 */
class PausingProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private held: (() => void)[] = [];
  private trigger?: { needle: string; after?: string; fired: (at: number) => void };
  paused = false;
  port = 0;

  async start(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      const seen = { text: "" };
      this.forward(client, upstream, seen);
      this.forward(upstream, client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  /** `seen` (client to server only) is what this connection has sent, for triggers. */
  private forward(from: net.Socket, to: net.Socket, seen?: { text: string }) {
    this.sockets.add(from);
    from.on("error", () => undefined);
    from.on("data", (chunk: Buffer) => {
      if (seen && this.trigger && !this.paused) {
        const text = chunk.toString("latin1");
        const { needle, after, fired } = this.trigger;
        if (text.includes(needle) && (!after || seen.text.includes(after))) {
          this.trigger = undefined;
          fired(this.pause());
        }
        seen.text = (seen.text + text).slice(-20_000);
      }
      this.send(() => !to.destroyed && to.write(chunk));
    });
    from.on("close", () => {
      this.sockets.delete(from);
      this.send(() => to.end());
    });
  }

  private send(step: () => void) {
    if (this.paused) this.held.push(step);
    else step();
  }

  /** Stops forwarding; returns the moment (performance.now()). */
  pause(): number {
    this.paused = true;
    return performance.now();
  }

  /** Pauses as soon as a connection sends `needle` having already sent `after`; resolves with the moment. */
  pauseWhenSent(needle: string, after?: string): Promise<number> {
    return new Promise((fired) => (this.trigger = { needle, after, fired }));
  }

  /** Delivers what was held, and forgets a pause that was waiting for its statement. */
  resume() {
    this.paused = false;
    this.trigger = undefined;
    for (const step of this.held.splice(0)) step();
  }

  close() {
    this.trigger = undefined;
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server?.close(resolve));
  }
}

let admin: Database | undefined;
let db: Database | undefined;
const proxy = new PausingProxy();
let opened: ProxiedDatabase | undefined;

beforeAll(async () => {
  if (!URL_) return;
  opened = await openThroughProxy(URL_, SCHEMA, proxy, { applicationName: APP, queryTimeoutMs: LIMIT_MS });
  ({ admin, db } = opened);
});
afterAll(async () => {
  proxy.resume();
  await opened?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After a resume: waits until PostgreSQL has received everything that was held and ended the sessions whose
 * connections the bot gave up on, so that what is in the tables is final.
 */
async function settled() {
  for (let i = 0; i < 50; i++) {
    const [row] = await admin!.sql.query<{ n: number; busy: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE state <> 'idle')::int AS busy
         FROM pg_stat_activity WHERE application_name = $1`,
      [APP],
    );
    if (row!.n === db!.connections!().total && row!.busy === 0) return;
    await sleep(100);
  }
  throw new Error("PostgreSQL still has sessions the bot gave up on");
}

/** Connections checked out of the bot's pool (nothing runs when this is asked). */
const held = () => db!.connections!().total - db!.connections!().idle;

/** The bot serves again: a command that reads and one that writes. */
async function servesAgain(jo: ConsoleChannel) {
  for (let attempt = 0; attempt < 10; attempt++) {
    if (!(await jo.run("status 02N")).isError)
      return (await jo.run("discuss 02N Back after a pause")).isError === false;
    await sleep(300);
  }
  return false;
}

async function halfMade(core: Core) {
  const orphans = await core.prisma.action.count({ where: { events: { none: {} } } });
  const agreedWithoutEvent = await core.prisma.action.count({
    where: { status: "AGREED", events: { none: { kind: "agreed" } } },
  });
  return orphans + agreedWithoutEvent;
}

describe.skipIf(!URL_)("the database pausing mid-command (no connection closed)", () => {
  let core: Core;
  let jo: ConsoleChannel;
  let sam: ConsoleChannel;
  let d: string;
  const replyTimes: number[] = [];
  let pauses = 0;

  beforeAll(async () => {
    // As the app opens it: the version read on its own pool, behind the same proxy and time limit.
    core = createCore(db!.prisma, fixedClock(TEST_SEED_NOW), plainSqlOf(db!));
    jo = new ConsoleChannel(core);
    sam = new ConsoleChannel(core);
    await jo.actAs({ name: "Jo Smith", organisationCode: "02N", role: "ADMIN" });
    await sam.actAs({ name: "Sam Patel", organisationCode: "Q52", role: "MEMBER" });
    d = /D(\d+)/.exec((await jo.run("discuss 02N Pause drill")).text)![1]!;
  });
  afterEach(() => proxy.resume()); // whatever a failed test left paused

  it("a statement before COMMIT gets no answer: the user is told at the time limit that nothing was changed", async () => {
    const paused = proxy.pauseWhenSent(`INSERT INTO "${SCHEMA}"."Action"`);
    const reply = await jo.run(`action D${d} Paused before commit due 29 Nov`);
    const waited = performance.now() - (await paused);
    pauses++;
    replyTimes.push(waited);
    expect(reply.isError).toBe(true);
    expect(reply.text).toMatch(/nothing was changed/);
    expect(waited).toBeLessThan(LIMIT_MS + MARGIN_MS);
    proxy.resume(); // the held INSERT reaches the server, then the end of its connection: rolled back
    await settled();
    expect(await core.prisma.action.count({ where: { text: "Paused before commit" } })).toBe(0);
    expect(held()).toBe(0);
    expect(await servesAgain(jo)).toBe(true);
  });

  it("a COMMIT gets no answer: the user is told it can't be known whether it was saved (here it was)", async () => {
    const paused = proxy.pauseWhenSent("COMMIT", `INSERT INTO "${SCHEMA}"."Action"`);
    const reply = await jo.run(`action D${d} Paused at commit due 29 Nov`);
    const waited = performance.now() - (await paused);
    pauses++;
    replyTimes.push(waited);
    expect(reply.isError).toBe(true);
    expect(reply.text).toMatch(/can't tell whether this was saved/);
    expect(waited).toBeLessThan(LIMIT_MS + MARGIN_MS);
    proxy.resume(); // the held COMMIT reaches the server before the end of its connection
    await settled();
    const saved = await core.prisma.action.findMany({
      where: { text: "Paused at commit" },
      include: { events: true },
    });
    expect(saved.map((a) => a.events.map((e) => e.kind))).toEqual([["proposed"]]);
    expect(held()).toBe(0);
    expect(await servesAgain(jo)).toBe(true);
  });

  it("a read while paused: told at the time limit", async () => {
    const pausedAt = proxy.pause();
    const reply = await jo.run("status 02N");
    const waited = performance.now() - pausedAt;
    pauses++;
    replyTimes.push(waited);
    expect(reply.text).toMatch(/nothing was changed/);
    expect(waited).toBeLessThan(2 * LIMIT_MS + MARGIN_MS);
    proxy.resume();
    await settled();
    expect(held()).toBe(0);
    expect(await servesAgain(jo)).toBe(true);
  });

  it(`concurrent writes of every kind, ${ROUNDS} pauses: timely, truthful replies and no half-made write`, async () => {
    const seedActions: number[] = [];
    for (let i = 0; i < 2 * ROUNDS; i++)
      seedActions.push(Number(/A(\d+)/.exec((await jo.run(`action D${d} Seed ${i} due 29 Nov`)).text)![1]));

    const lies: string[] = [];
    const unhelpful: string[] = [];
    const toldNothingChanged: { kind: DrillKind; line: string }[] = [];
    const late: string[] = [];
    let done = 0;
    let told = 0;
    let inDoubt = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const work: [DrillKind, ConsoleChannel, string][] = [];
      for (let i = 0; i < 4; i++) work.push([`topic`, jo, `discuss 02N Pause ${round} topic ${i}`]);
      for (let i = 0; i < 4; i++) work.push([`proposal`, jo, `action D${d} Pause ${round} proposal ${i} due 29 Nov`]);
      for (const a of seedActions.splice(0, 2)) work.push([`agreement`, sam, `agree A${a}`]);
      const running = work.map(async ([kind, who, line]) => {
        const reply = await who.run(line);
        return { kind, line, reply, at: performance.now() };
      });
      await sleep([15, 60, 200, 500][round % 4]!);
      const pausedAt = proxy.pause();
      pauses++;
      const results = await Promise.race([Promise.all(running), sleep(PAUSE_MS).then(() => undefined)]);
      const resumedAt = performance.now();
      proxy.resume();
      for (const { kind, line, reply, at } of results ?? (await Promise.all(running))) {
        if (at > pausedAt) replyTimes.push(at - pausedAt);
        if (at >= resumedAt) late.push(`${line}: answered only after the database came back`);
        const outcome = outcomeOf(reply);
        if (outcome === "done") done++;
        if (outcome === "in-doubt") inDoubt++;
        if (outcome === "unhelpful") unhelpful.push(`${line}: ${reply.text}`);
        if (outcome !== "nothing-changed") continue;
        told++;
        toldNothingChanged.push({ kind, line });
      }
      await settled();
      // "Nothing was changed" must be true, once everything held has reached the server.
      for (const { kind, line } of toldNothingChanged.splice(0))
        if (await savedAfterAll(core.prisma, kind, line)) lies.push(`${line}: said nothing changed, but it was saved`);
      expect(held(), `round ${round}: connections still checked out`).toBe(0);
      expect(await servesAgain(jo), `round ${round}: the bot did not come back`).toBe(true);
    }

    const itemsLost = (await halfMade(core)) + lies.length;
    tally("database-pause", { faultsSurvived: pauses, itemsLost, failures: unhelpful.length + late.length });
    const sorted = [...replyTimes].sort((a, b) => a - b);
    console.log(
      `${pauses} pauses (query time limit ${LIMIT_MS} ms): ${done} commands completed, ${told} told nothing was changed, ` +
        `${inDoubt} that it could not tell; from pause to reply: median ${Math.round(sorted[sorted.length >> 1]!)} ms, ` +
        `longest ${Math.round(sorted.at(-1)!)} ms`,
    );
    expect({ itemsLost, lies, unhelpful, late }).toEqual({ itemsLost: 0, lies: [], unhelpful: [], late: [] });
    expect(told).toBeGreaterThan(0); // the pauses did hit commands in flight
    // One wait for the unanswered query, and one more for a connection when all ten were stuck.
    expect(sorted.at(-1)!).toBeLessThan(2 * LIMIT_MS + MARGIN_MS);
  });

  // Last: its probes leave a connection of the plain SQL pool open, which settled() above does not count.
  it("/readyz says not ready while paused, within its limits, and ready again once the database answers", async () => {
    const server = createHttpApp(db!).listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/readyz`;
    try {
      expect((await fetch(url)).status).toBe(200); // one connection of the plain SQL pool (it has two) now idle
      const pausedAt = proxy.pause();
      // More probes than the pool has connections: one waits for its query's answer (1 s), the others for a
      // connection (5 s to connect). None may wait for the database to come back.
      const probes = [1, 2, 3].map(async () => {
        const res = await fetch(url);
        return { status: res.status, body: (await res.json()) as { status: string }, ms: performance.now() - pausedAt };
      });
      const answered = await Promise.race([Promise.all(probes), sleep(8_000).then(() => undefined)]);
      proxy.resume();
      expect(answered, "a probe waited for the database to come back").toBeDefined();
      for (const probe of answered!) {
        expect(probe).toMatchObject({ status: 503, body: { status: "database unreachable" } });
        expect(probe.ms).toBeLessThan(5_000 + MARGIN_MS);
      }
      let ready = 0;
      for (let attempt = 0; attempt < 20 && ready !== 200; attempt++) {
        ready = (await fetch(url)).status;
        if (ready !== 200) await sleep(250);
      }
      expect(ready).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);
});
