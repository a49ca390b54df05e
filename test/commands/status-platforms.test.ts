// `status … as of …`, suppressed figures and demo marks, end to end on Slack (signed `/plan` requests to the real
// Bolt app, answers read from the fake Slack's response_url) and Teams (activities to the real bot, cards read from
// the fake Bot Connector), with the chart route mounted as src/main.ts does: the chart link follows the period.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartPlugin } from "../../src/charts/route";
import { loadConfig } from "../../src/config";
import { createCore } from "../../src/core";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { createSlackChannel } from "../../src/slack/app";
import { FakeSlackWebApi } from "../fakes/slack-web-api";
import { SIGNING_SECRET, SlackWorld, textOf } from "../slack/harness";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";
import { cardOf, cardText, startHarness, users, type Harness } from "../teams/harness";
import { writeStatusFigures } from "./status-figures";

const NOW = "2026-12-02T10:00:00Z";
const SECRET = "status-platforms-chart-secret";
const jo = { teamId: "T02N", userId: "U_JO", name: "jo" };

interface SlackBlock {
  type: string;
  text?: { text: string };
  image_url?: string;
  alt_text?: string;
  elements?: { text: string }[];
}

/** The number of demo figures a reply's context line names, and of all figures: "2 of 28 figures are demo data". */
const demoCount = (text: string) => {
  const m = /(\d+) of (\d+) figures (?:is|are) demo data/.exec(text);
  return m ? { demo: Number(m[1]), of: Number(m[2]) } : null;
};

describe("status as of a period in Slack", () => {
  const world = new SlackWorld();
  let t: TestDatabase;
  let server: Server;

  beforeAll(async () => {
    world.fake = await new FakeSlackWebApi().start();
    t = await seededTestDatabase({ demo: true });
    world.clock.set(NOW);
    world.core = createCore(t.db.prisma, world.clock);
    await writeStatusFigures(t.db.prisma);
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
    createChartPlugin({ config: { PUBLIC_URL: world.url, CHART_URL_SECRET: SECRET }, core: world.core, logger }).mount(
      app,
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await world.fake.stop();
    await t.cleanup();
  });

  it("says which period it shows, and pins the chart to it: the image is drawn up to Dec 2014", async () => {
    const { answer } = await world.plan(jo, "status 02N rtt_incomplete_18wk as of Dec 2014");
    const blocks = (answer as { blocks: SlackBlock[] }).blocks;
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: expect.stringMatching(/as of Dec 2014$/) } });
    const row = blocks.find((b) => b.type === "section" && b.text?.text.includes("RTT: incomplete"))!;
    expect(row.text!.text).toMatch(
      /^:large_orange_circle: \*RTT: incomplete pathways within 18 weeks\*\n\*90\.5%\*.*Dec 2014$/,
    );
    const image = blocks.find((b) => b.type === "image")!;
    expect(image.image_url).toMatch(
      new RegExp(`^${world.url}/charts/02N/rtt_incomplete_18wk\\.png\\?upto=2014-12-01&`),
    );
    expect(image.alt_text).toMatch(/to Dec 2014, \d+ periods.*Latest 90\.5% in Dec 2014/);
    const png = await fetch(image.image_url!);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(textOf(blocks)).toMatch(/As it stood in Dec 2014/);
  });

  it("shows a suppressed latest figure as suppressed, with a grey dot and no value", async () => {
    const { answer } = await world.plan(jo, "status 02N rtt_incomplete_18wk as of Feb 2015");
    const blocks = (answer as { blocks: SlackBlock[] }).blocks;
    const row = blocks.find((b) => b.type === "section" && b.text?.text.includes("RTT: incomplete"))!;
    expect(row.text!.text).toMatch(
      /^:white_circle: \*RTT: incomplete pathways within 18 weeks\*\n_suppressed_ vs standard 92%.* · Feb 2015$/,
    );
    expect(row.text!.text).not.toMatch(/88%/);
  });

  it("marks each demo row, and says how many of the figures are demo data", async () => {
    const { answer } = await world.plan(jo, "status 02N as of Dec 2014");
    const blocks = (answer as { blocks: SlackBlock[] }).blocks;
    const rows = blocks.filter((b) => b.type === "section" && /^:[a-z_]+: \*/.test(b.text?.text ?? ""));
    const marked = rows.filter((b) => b.text!.text.split("\n")[0]!.endsWith("`demo`"));
    const trolley = rows.find((b) => b.text!.text.includes("12-hour trolley"))!;
    expect(trolley.text!.text.split("\n")[0]).toMatch(/`demo`$/);
    const rtt = rows.find((b) => b.text!.text.includes("RTT: incomplete"))!;
    expect(rtt.text!.text).not.toMatch(/demo/);
    const context = blocks
      .filter((b) => b.type === "context")
      .map((b) => b.elements![0]!.text)
      .join(" ");
    const count = demoCount(context);
    expect(count, context).not.toBeNull();
    expect(count!.demo).toBe(marked.length);
    expect(count!.of).toBeGreaterThan(count!.demo);
    expect((answer as { text: string }).text).toMatch(
      new RegExp(`as of Dec 2014: .*\\(${count!.demo} of ${count!.of} figures demo data\\)$`),
    );
  });

  it("refuses a period it can't read, privately, with examples", async () => {
    const { answer } = await world.plan(jo, "status 02N as of Decembre 2014");
    const text = textOf(answer);
    expect(text).toMatch(/"Decembre" is not a month/);
    expect(text).toMatch(/Dec 2014, December 2014, 2014-12, w\/e 07\/12\/2014, Q3 2014\/15, 2013\/14 or 2014/);
    expect((answer as { response_type?: string }).response_type ?? "ephemeral").toBe("ephemeral");
  });
});

describe("status as of a period in Teams", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: NOW });
    await writeStatusFigures(h.core.prisma);
  });
  afterAll(() => h.close());

  async function statusCard(text: string) {
    const before = h.connector.sends().length;
    await h.say(users.jo, text, { kind: "personal", user: users.jo });
    const sends = h.connector.sends();
    expect(sends.length).toBeGreaterThan(before);
    return cardOf(sends.at(-1)!);
  }

  it("says which period it shows, marks demo rows, and shows a suppressed figure as suppressed", async () => {
    const card = cardText(await statusCard("status 02N as of Dec 2014"));
    expect(card).toMatch(/02N NHS Airedale, Wharfedale and Craven CCG as of Dec 2014/);
    expect(card).toMatch(/^MRSA bacteraemia · demo$/m);
    expect(card).toMatch(/^RTT: incomplete pathways within 18 weeks\n90\.5% · Dec 2014/m);
    expect(card).not.toMatch(/RTT: incomplete pathways within 18 weeks · demo/);
    // the card shows the worst rows (the rest are cut, and it says so); the context line counts them all
    const count = demoCount(card);
    expect(count).not.toBeNull();
    expect(card.match(/ · demo$/gm)!.length).toBeLessThanOrEqual(count!.demo);

    const suppressed = cardText(await statusCard("status 02N rtt_incomplete_18wk as of Feb 2015"));
    expect(suppressed).toMatch(/RTT: incomplete pathways within 18 weeks\nsuppressed · Feb 2015/);
    expect(suppressed).toMatch(/Suppressed by the publisher, so not drawn: Feb 2015/);
  });

  it("links the chart image up to the period asked for", async () => {
    createChartPlugin({
      config: { PUBLIC_URL: "https://plan-dialogue.example.nhs.uk", CHART_URL_SECRET: SECRET },
      core: h.core,
      logger,
    });
    const card = await statusCard("status 02N rtt_incomplete_18wk as of Q3 2014/15");
    expect(JSON.stringify(card)).toMatch(/\/charts\/02N\/rtt_incomplete_18wk\.png\?upto=2014-12-01&exp=\d+&sig=/);
    expect(cardText(card)).toMatch(/as of Q3 2014\/15/);
  });
});
