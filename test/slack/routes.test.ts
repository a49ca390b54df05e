// The Slack listeners reach Bolt as one listener per kind (src/slack/routes.ts): each request still reaches exactly
// the handler registered for its id, through Bolt's own processing of a real request body, and nothing else does.
import { App, type ReceiverEvent } from "@slack/bolt";
import { describe, expect, it, vi } from "vitest";
import { routedByKind } from "../../src/slack/routes";

const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => "error", setName() {} };
const newApp = () =>
  new App({
    token: "xoxb-test",
    signingSecret: "test-secret",
    logger: quiet as never,
    // known, so that Bolt asks no auth.test of a Slack that is not there
    tokenVerificationEnabled: false,
    botId: "B1",
    botUserId: "UBOT",
  });

/** A request as Bolt's receivers hand it over, acknowledged by a spy. */
const deliver = async (app: App, body: Record<string, unknown>) => {
  const ack = vi.fn(async () => undefined);
  await app.processEvent({ body, ack } as unknown as ReceiverEvent);
  return ack;
};
const team = { id: "T1", domain: "t1" };
const user = { id: "U1", team_id: "T1" };

describe("Slack listeners routed by kind", () => {
  it("hands a button click, a modal submission, a shortcut and an event each to its own handler only", async () => {
    const app = newApp();
    const routed = routedByKind(app);
    const seen: string[] = [];
    routed.action("agree", async ({ ack }) => void (seen.push("agree"), await ack()));
    routed.action("done", async ({ ack }) => void (seen.push("done"), await ack()));
    routed.view("action-modal", async ({ ack }) => void (seen.push("view"), await ack()));
    routed.shortcut("log-action", async ({ ack }) => void (seen.push("shortcut"), await ack()));
    routed.event("app_mention", async () => void seen.push("mention"));
    routed.command("/plan", async ({ ack }) => void (seen.push("command"), await ack()));
    const action = (action_id: string) => ({
      type: "block_actions",
      team,
      user,
      api_app_id: "A1",
      token: "t",
      trigger_id: "1.2",
      container: { type: "message" },
      actions: [{ type: "button", action_id, block_id: "b", action_ts: "1" }],
    });
    await deliver(app, action("done"));
    await deliver(app, action("agree"));
    const unknown = await deliver(app, action("nobody-listens"));
    await deliver(app, {
      type: "view_submission",
      team,
      user,
      api_app_id: "A1",
      view: { id: "V1", callback_id: "action-modal", type: "modal", state: { values: {} } },
    });
    await deliver(app, { type: "message_action", team, user, callback_id: "log-action", trigger_id: "1.3" });
    await deliver(app, {
      type: "event_callback",
      team_id: "T1",
      api_app_id: "A1",
      event_id: "Ev1",
      event: { type: "app_mention", user: "U1", text: "<@UBOT> help", ts: "1.0", channel: "C1" },
    });
    await deliver(app, { command: "/plan", text: "help", team_id: "T1", user_id: "U1", channel_id: "C1" });
    expect(seen).toEqual(["done", "agree", "view", "shortcut", "mention", "command"]);
    // An id nobody registered is left alone, as Bolt leaves a request no listener matches.
    expect(unknown).not.toHaveBeenCalled();
    // Bolt holds one listener per routed kind and one per command.
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(5);
  });

  it("refuses at start what it cannot route: the same id twice, a pattern, two handlers", () => {
    const routed = routedByKind(newApp());
    const handler = async () => undefined;
    routed.action("agree", handler);
    expect(() => routed.action("agree", handler)).toThrow(/registered twice/);
    expect(() => routed.view(/modal/, handler)).toThrow(/one id/);
    expect(() => routed.event("message", handler, handler)).toThrow(/one id/);
  });
});
