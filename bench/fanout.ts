// Fan-out: one national deadline to every CCG's and area team's channel (211 + 27), through the real
// scheduler and Slack sender, against a fake Slack Web API that enforces 1 message a second per channel
// and a workspace-wide limit. Compared with the minimum those limits allow.
import type { Actor } from "../src/core";
import { createCore } from "../src/core";
import { atLondonTime, fixedClock } from "../src/core/time";
import type { Database } from "../src/db/database";
import { seedReference } from "../src/db/seed/reference";
import { Scheduler } from "../src/scheduler/scheduler";
import { SlackSender } from "../src/slack/sender";
import { FakeSlackWebApi } from "../test/fakes/slack-web-api";
import type { Figure } from "./measure";

/** The fake's workspace-wide limit, and the pace the sender is set to (a little under it, as advised). */
const GLOBAL_LIMIT = 20;
const SENDER_RATE = 19;

export async function benchFanout(db: Database, label: string): Promise<Figure[]> {
  const clock = fixedClock("2014-01-01T10:00:00Z");
  await seedReference(db.prisma, { now: clock.now() });
  const core = createCore(db.prisma, clock);
  await core.people.register({ platform: "CONSOLE", tenantId: "local", userId: "op" }, "Q52", "OPERATOR");
  const operator = (await core.people.identify({ platform: "CONSOLE", tenantId: "local", userId: "op" })) as Actor;
  const orgs = await core.organisations.list();
  for (const org of orgs)
    await core.links.linkChannel(operator, { platform: "SLACK", tenantId: "T1", channelId: `C${org.code}` }, org.code);
  await core.deadlines.add(
    operator,
    { scopeText: "national", title: "Final operational plans", dueAt: atLondonTime("2014-01-31", 12) },
    clock.now(),
  );

  const fake = await new FakeSlackWebApi().start();
  fake.limits = { perChannelPerSecond: 1, globalPerSecond: GLOBAL_LIMIT };
  try {
    const scheduler = new Scheduler(core, [new SlackSender("xoxb-bench", fake.apiUrl, SENDER_RATE)], {
      replicaId: "bench",
    });
    clock.set(atLondonTime("2014-01-17", 9)); // 14 days before
    const started = performance.now();
    // Anything rate-limited waits for Retry-After: tick again (with the clock moved on) until all are out.
    for (let round = 0; round < 20; round++) {
      await scheduler.tick();
      if ((await db.prisma.reminderDelivery.count({ where: { status: "PENDING" } })) === 0) break;
      clock.advance(1000);
    }
    const seconds = (performance.now() - started) / 1000;
    const channels = orgs.length;
    const minimum = channels / GLOBAL_LIMIT; // one message per channel: the workspace limit binds
    const lost = orgs.filter((o) => !fake.acceptedPerChannel.get(`C${o.code}`)).length;
    const duplicated = [...fake.acceptedPerChannel.values()].filter((n) => n > 1).length;
    return [
      {
        name: `fan-out to ${channels} channels (${label}; ${GLOBAL_LIMIT}/s workspace, 1/s per channel)`,
        value: `${seconds.toFixed(2)} s`,
        baseline: `${minimum.toFixed(2)} s minimum`,
        ratio: `${(seconds / minimum).toFixed(2)}×`,
        target: "≤ 1.1×, 0 lost, 0 duplicated",
        ok: seconds / minimum <= 1.1 && lost === 0 && duplicated === 0,
      },
      { name: `fan-out lost / duplicated / 429s (${label})`, value: `${lost} / ${duplicated} / ${fake.rejected}` },
    ];
  } finally {
    await fake.stop();
  }
}
