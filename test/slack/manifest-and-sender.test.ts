import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands";
import { SendError } from "../../src/scheduler/sender";
import { manifestJson, slackManifest } from "../../src/slack/manifest/manifest";
import { renderBlocks, LIMITS } from "../../src/slack/render/blocks";
import { SlackSender } from "../../src/slack/sender";
import { FakeSlackWebApi } from "../fakes/slack-web-api";

describe("manifest.json", () => {
  it("is up to date with commands/ (run `npm run manifest` when this fails)", () => {
    expect(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8")).toBe(manifestJson());
  });
  it("lists every command in /plan's hint and sends everything to one URL", () => {
    const m = slackManifest();
    for (const c of commands) expect(m.features.slash_commands[0]!.usage_hint).toContain(c.name);
    expect(
      new Set([
        m.features.slash_commands[0]!.url,
        m.settings.event_subscriptions.request_url,
        m.settings.interactivity.request_url,
      ]).size,
    ).toBe(1);
  });
});

describe("Block Kit limits", () => {
  it("cuts a long answer to 50 blocks and under Slack's total size, saying what was left out", () => {
    const items = Array.from({ length: 400 }, (_, i) => ({
      title: `Item ${i} ${"x".repeat(200)}`,
      detail: "y".repeat(100),
    }));
    const blocks = renderBlocks({ summary: "long", visibility: "private", blocks: [{ type: "items", items }] });
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(JSON.stringify(blocks).length).toBeLessThan(13_000);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/and \d+ more not shown/);
  });
  it("keeps every text under 3,000 characters", () => {
    const blocks = renderBlocks({
      summary: "x",
      visibility: "private",
      blocks: [{ type: "paragraph", text: "z".repeat(5000) }],
    });
    expect(JSON.stringify(blocks).length).toBeLessThan(3200);
  });
});

describe("the scheduler's Slack sender", () => {
  const fake = new FakeSlackWebApi();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it("posts to channels, threads and people", async () => {
    const sender = new SlackSender("xoxb-t", fake.apiUrl, 100);
    const reply = {
      summary: "Deadline tomorrow",
      blocks: [{ type: "paragraph" as const, text: "hi" }],
      visibility: "channel" as const,
    };
    await sender.send({ kind: "channel", channelId: "C1" }, reply);
    await sender.send({ kind: "thread", channelId: "C1", rootId: "1.2" }, reply);
    await sender.send({ kind: "person", tenantId: "T1", userId: "U9" }, reply);
    const posts = fake.callsTo("chat.postMessage");
    expect(posts.map((p) => [p.channel, p.thread_ts ?? null])).toEqual([
      ["C1", null],
      ["C1", "1.2"],
      ["DU9", null],
    ]);
  });

  it("turns a 429 into a retry after Retry-After, and channel_not_found into a permanent failure", async () => {
    const sender = new SlackSender("xoxb-t", fake.apiUrl, 100);
    const reply = { summary: "x", blocks: [], visibility: "channel" as const };
    fake.rateLimit(1, 7);
    await expect(sender.send({ kind: "channel", channelId: "C1" }, reply)).rejects.toMatchObject(
      new SendError("rate-limited", "Slack rate limit (429)", 7000),
    );
    fake.failNext["chat.postMessage"] = "channel_not_found";
    await expect(sender.send({ kind: "channel", channelId: "C1" }, reply)).rejects.toMatchObject({
      failure: "permanent",
      message: "channel_not_found",
    });
    fake.failNext["chat.postMessage"] = "internal_error";
    await expect(sender.send({ kind: "channel", channelId: "C1" }, reply)).rejects.toMatchObject({
      failure: "transient",
    });
  });
});
