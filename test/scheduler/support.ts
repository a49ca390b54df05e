// Shared set-up for scheduler tests: a seeded database, an operator, linked channels, Slack users' commands, a
// recording sender.
import { commands, dispatch } from "../../commands";
import { createCore, type Core } from "../../src/core";
import type { Actor } from "../../src/core";
import type { Target } from "../../src/core/reminders/target";
import { fixedClock } from "../../src/core/time";
import type { Reply } from "../../src/reply/model";
import { renderText } from "../../src/reply/text";
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
  const slackUser = (userId: string) => ({ platform: "SLACK" as const, tenantId: "T1", userId, displayName: userId });
  /** A command typed by a Slack user in a channel, answered as text. */
  const run = async (userId: string, text: string, channelId = "C02N") =>
    renderText(
      (await dispatch(core, commands, text, { user: slackUser(userId), channel: { id: channelId, tenantId: "T1" } }))
        .reply,
    );
  /** Opens a discussion by command and gives it the Slack thread its root post would have started. */
  const discussInThread = async (userId: string, text: string, rootId: string, channelId = "C02N") => {
    const opened = await run(userId, text, channelId);
    const id = Number(/D(\d+)/.exec(opened)?.[1]);
    if (!id) throw new Error(`no discussion opened: ${opened}`);
    await core.discussions.attachThread(id, { platform: "SLACK", tenantId: "T1", channelId, rootId });
    return id;
  };
  return {
    clock,
    core,
    operator,
    link,
    slackUser,
    run,
    discussInThread,
    db: t.db,
    another: t.another,
    cleanup: t.cleanup,
  };
}
