// Shared set-up for scheduler tests: a seeded database, an operator, linked channels, a recording sender.
import { createCore, type Core } from "../../src/core";
import type { Actor } from "../../src/core";
import type { Target } from "../../src/core/reminders/target";
import { fixedClock } from "../../src/core/time";
import type { Reply } from "../../src/reply/model";
import { SendError, type Sender } from "../../src/scheduler/sender";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

export interface Sent {
  at: string;
  target: string;
  summary: string;
}

/** A Slack-like sender that records what it sent and when, and can be told to fail. */
export class FakeSlackSender implements Sender {
  readonly platform = "SLACK" as const;
  perTargetIntervalMs = 0;
  readonly sent: Sent[] = [];
  /** failures to throw, in order, before sending normally again */
  failures: SendError[] = [];
  constructor(private readonly clock: { now(): Date }) {}
  async send(target: Target, reply: Reply): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({
      at: this.clock.now().toISOString(),
      target: "channelId" in target ? target.channelId : target.userId,
      summary: reply.summary,
    });
  }
}

export async function schedulerWorld(start: string) {
  const clock = fixedClock(start);
  const t: TestDatabase = await seededTestDatabase({ demo: false, now: clock.now() });
  const core: Core = createCore(t.db.prisma, clock);
  await core.people.register({ platform: "CONSOLE", tenantId: "local", userId: "op" }, "Q52", "OPERATOR");
  const operator = (await core.people.identify({ platform: "CONSOLE", tenantId: "local", userId: "op" })) as Actor;
  const link = (channelId: string, org: string) =>
    core.links.linkChannel(operator, { platform: "SLACK", tenantId: "T1", channelId }, org);
  return { clock, core, operator, link, db: t.db, another: t.another, cleanup: t.cleanup };
}
