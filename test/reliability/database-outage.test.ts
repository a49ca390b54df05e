// PostgreSQL made unavailable in the middle of commands: a TCP proxy between the bot and the database cuts every
// connection and refuses new ones for a moment, while commands that write are running. Each command either does
// its work or tells the user what happened: nothing was changed, or (when the link broke after the COMMIT was sent,
// so the answer was lost) that it can't tell whether it was saved. No half-made write survives (an action without
// its audit trail, an agreement without its event); what a reply says was not changed was not; and
// the bot serves commands again by itself once the database is back, with every pooled connection given back (a
// failed COMMIT or ROLLBACK used to keep its connection for ever: see src/db/adapter.ts). Needs PostgreSQL
// (TEST_DATABASE_URL).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleChannel } from "../../src/console/console-channel";
import { createCore } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { plainSqlOf, type Database } from "../../src/db/database";
import { TEST_SEED_NOW } from "../support/test-database";
import { tally } from "./counts";
import { outcomeOf, savedAfterAll, type DrillKind } from "./fault-replies";
import { openThroughProxy, type ProxiedDatabase } from "./proxied-database";

const URL_ = process.env.TEST_DATABASE_URL;
const SCHEMA = `outage_${process.pid}`;
const ROUNDS = 6;

/** Forwards TCP to PostgreSQL until told to cut: then drops every connection and refuses new ones. */
class FlakyProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  down = false;
  port = 0;

  async start(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.down) return client.destroy();
      const upstream = net.connect(target.port, target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("error", () => undefined);
        s.on("close", () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  cut() {
    this.down = true;
    for (const s of this.sockets) s.destroy();
  }

  restore() {
    this.down = false;
  }

  close() {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server?.close(resolve));
  }
}

let db: Database | undefined;
const proxy = new FlakyProxy();
let opened: ProxiedDatabase | undefined;

beforeAll(async () => {
  if (!URL_) return;
  opened = await openThroughProxy(URL_, SCHEMA, proxy);
  db = opened.db;
});
afterAll(() => opened?.close());

describe.skipIf(!URL_)("the database going away mid-command", () => {
  it(`tells the user, keeps no half-made write, and recovers by itself (${ROUNDS} outages)`, async () => {
    // As the app opens it: the version read on its own pool, cut with the rest.
    const core = createCore(db!.prisma, fixedClock(TEST_SEED_NOW), plainSqlOf(db!));
    const jo = new ConsoleChannel(core);
    const sam = new ConsoleChannel(core);
    await jo.actAs({ name: "Jo Smith", organisationCode: "02N", role: "ADMIN" });
    await sam.actAs({ name: "Sam Patel", organisationCode: "Q52", role: "MEMBER" });
    const d = /D(\d+)/.exec((await jo.run("discuss 02N Outage drill")).text)![1];
    const seedActions: number[] = [];
    for (let i = 0; i < 6; i++)
      seedActions.push(Number(/A(\d+)/.exec((await jo.run(`action D${d} Seed ${i} due 29 Nov`)).text)![1]));

    const lies: string[] = [];
    const unhelpful: string[] = [];
    let told = 0;
    let inDoubt = 0;
    let done = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Writes of every kind at once: new discussions, proposals, agreements by the other side.
      const work: [DrillKind, ConsoleChannel, string][] = [];
      for (let i = 0; i < 4; i++) work.push([`topic`, jo, `discuss 02N Round ${round} topic ${i}`]);
      for (let i = 0; i < 4; i++) work.push([`proposal`, jo, `action D${d} Round ${round} proposal ${i} due 29 Nov`]);
      for (const a of seedActions.splice(0, 2)) work.push([`agreement`, sam, `agree A${a}`]);
      const running = work.map(async ([kind, who, line]) => ({ kind, line, reply: await who.run(line) }));
      await new Promise((resolve) => setTimeout(resolve, [15, 60, 200][round % 3]));
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      proxy.restore();
      for (const { kind, line, reply } of await Promise.all(running)) {
        const outcome = outcomeOf(reply);
        if (outcome === "done") done++;
        if (outcome === "in-doubt") inDoubt++;
        if (outcome === "unhelpful") unhelpful.push(`${line}: ${reply.text}`);
        if (outcome !== "nothing-changed") continue;
        told++;
        // "Nothing was changed" must be true.
        if (await savedAfterAll(db!.prisma, kind, line)) lies.push(`${line}: said nothing changed, but it was saved`);
      }
      // The bot serves again by itself (its pool drops the dead connections): a few tries at most.
      let back = false;
      for (let attempt = 0; attempt < 10 && !back; attempt++) {
        back = !(await jo.run("status 02N")).isError;
        if (!back) await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(back, `round ${round}: the bot did not come back`).toBe(true);
    }

    // Nothing runs now, so no connection may still be checked out of the pool.
    const pool = db!.connections!();
    const connectionsHeld = pool.total - pool.idle;
    // No half-made writes: every action has its audit trail, every agreement its event.
    const orphans = await db!.prisma.action.count({ where: { events: { none: {} } } });
    const agreedWithoutEvent = await db!.prisma.action.count({
      where: { status: "AGREED", events: { none: { kind: "agreed" } } },
    });
    tally("database-outage", {
      faultsSurvived: ROUNDS,
      itemsLost: orphans + agreedWithoutEvent + lies.length,
      failures: unhelpful.length,
    });
    console.log(
      `${ROUNDS} outages: ${done} commands completed, ${told} told the user nothing was changed, ${inDoubt} that it could not tell`,
    );
    expect({ connectionsHeld, orphans, agreedWithoutEvent, lies, unhelpful }).toEqual({
      connectionsHeld: 0,
      orphans: 0,
      agreedWithoutEvent: 0,
      lies: [],
      unhelpful: [],
    });
    expect(told).toBeGreaterThan(0); // the outages did hit commands in flight
    expect((await jo.run("discuss 02N After the outages")).isError).toBe(false);
  });
});
