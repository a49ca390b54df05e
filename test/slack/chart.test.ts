// `/plan status 02N ae_4hr` in Slack shows the indicator's trend chart: an image block whose URL the bot itself
// serves (as Slack's image proxy would fetch it), with the chart's words as alt text; without PUBLIC_URL, the words.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartPlugin } from "../../src/charts/route";
import { trendAltText, trendSeries } from "../../src/charts/trend-series";
import { createCore } from "../../src/core";
import { loadConfig } from "../../src/config";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createSlackChannel } from "../../src/slack/app";
import { FakeSlackWebApi } from "../fakes/slack-web-api";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { SIGNING_SECRET, SlackWorld, textOf } from "./harness";

const jo = { teamId: "T02N", userId: "U_JO", name: "jo" };
const SECRET = "slack-chart-test-secret";

interface SlackBlock {
  type: string;
  image_url?: string;
  alt_text?: string;
  title?: { text: string };
}

describe("the trend chart in Slack", () => {
  // The harness's world, with the chart route mounted on the same server, as src/main.ts does.
  const world = new SlackWorld();
  let t: TestDatabase;
  let server: Server;
  let expectedAlt: string;

  beforeAll(async () => {
    world.fake = await new FakeSlackWebApi().start();
    t = await seededTestDatabase({ demo: true });
    world.core = createCore(t.db.prisma, world.clock);
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: world.fake.apiUrl,
    });
    const app = createHttpApp(t.db);
    createSlackChannel({ config, core: world.core, logger }).mount(app);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    world.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    createChartPlugin({
      config: { PUBLIC_URL: world.url, CHART_URL_SECRET: SECRET },
      core: world.core,
      logger,
    }).mount(app);
    const ccg = (await world.core.organisations.byCode("02N"))!;
    expectedAlt = trendAltText(await trendSeries(world.core.prisma, ccg, "ae_4hr"));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await world.fake.stop();
    await t.cleanup();
  });

  it("posts an image block that the bot's own server answers with a PNG, and the chart's words as alt text", async () => {
    const { answer } = await world.plan(jo, "status 02N ae_4hr");
    const blocks = (answer as { blocks: SlackBlock[] }).blocks;
    const image = blocks.find((b) => b.type === "image");
    expect(image, JSON.stringify(blocks)).toBeDefined();
    expect(image!.image_url).toMatch(
      new RegExp(`^${world.url}/charts/02N/ae_4hr\\.png\\?upto=\\d{4}-\\d{2}-01&exp=\\d+&sig=`),
    );
    expect(image!.alt_text).toBe(expectedAlt);
    expect(image!.alt_text).toMatch(/^A&E: 4-hour wait.*02N NHS Airedale.*Latest .* in Sep 2013: (RED|AMBER|GREEN)/);
    expect(image!.title?.text).toMatch(/^A&E: 4-hour wait.*: 02N$/);

    const res = await fetch(image!.image_url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("\x89PNG");
  });

  it("shows no chart for a whole CCG's status, where there are many indicators", async () => {
    const { answer } = await world.plan(jo, "status 02N");
    expect((answer as { blocks: SlackBlock[] }).blocks.some((b) => b.type === "image")).toBe(false);
  });

  it("when Slack cannot fetch the image (a wrong PUBLIC_URL), answers all the same, with the words instead", async () => {
    world.fake.checkImages = true;
    try {
      const { answer } = await world.plan(jo, "status 02N ae_4hr");
      expect((answer as { blocks: SlackBlock[] }).blocks.some((b) => b.type === "image")).toBe(true); // fetchable
      createChartPlugin({
        config: { PUBLIC_URL: "http://127.0.0.1:9", CHART_URL_SECRET: SECRET }, // nothing listens there
        core: world.core,
        logger,
      });
      const refused = await world.plan(jo, "status 02N ae_4hr");
      const blocks = (refused.answer as { blocks: SlackBlock[] }).blocks;
      expect(blocks.some((b) => b.type === "image")).toBe(false);
      expect(textOf(blocks)).toContain(expectedAlt);
    } finally {
      world.fake.checkImages = false;
    }
  });

  it("without PUBLIC_URL, shows the chart's words as text instead of an image", async () => {
    createChartPlugin({ config: { PUBLIC_URL: undefined, CHART_URL_SECRET: SECRET }, core: world.core, logger });
    const { answer } = await world.plan(jo, "status 02N ae_4hr");
    const blocks = (answer as { blocks: SlackBlock[] }).blocks;
    expect(blocks.some((b) => b.type === "image")).toBe(false);
    expect(textOf(blocks)).toContain(expectedAlt);
  });
});
