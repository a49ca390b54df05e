// The grid's picture for Slack: each cell's two swatches in the RAG colours of its figure and plan, and the route that
// serves it only from a signed link, over real HTTP.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridSvg, renderGridChart } from "../../src/charts/grid-chart";
import { GRID_LINK, type ChartLinks } from "../../src/charts/links";
import { createChartPlugin } from "../../src/charts/route";
import { RAG_COLOURS } from "../../src/charts/trend-chart";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import type { TableBlock } from "../../src/reply/model";
import { createHttpApp } from "../../src/server/http";
import { withoutImages } from "../../src/slack/image-fallback";
import { renderBlocks } from "../../src/slack/render/blocks";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const table: TableBlock = {
  type: "table",
  title: "Q52 & co: figure and plan",
  alt: "two CCGs, one indicator",
  columns: ["Indicator", "02N", "02W"],
  rows: [
    {
      label: "ae_4hr",
      name: "A&E: 4-hour wait",
      cells: [
        { text: "93%", rag: "amber", second: { text: "95%", rag: "green" } },
        { text: "—", rag: "grey", second: { text: "92%", rag: "red" } },
      ],
    },
  ],
};

describe("the grid picture", () => {
  it("draws a swatch for each figure and plan in its RAG colour, the text escaped", () => {
    const { svg } = gridSvg(table);
    const swatches = [...svg.matchAll(/<rect class="(figure|plan)" data-rag="(\w+)"[^>]* fill="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    expect(swatches).toEqual([
      ["figure", "amber", RAG_COLOURS.amber],
      ["plan", "green", RAG_COLOURS.green],
      ["figure", "grey", RAG_COLOURS.grey],
      ["plan", "red", RAG_COLOURS.red],
    ]);
    expect(svg).toContain("Q52 &amp; co");
    expect(svg).toContain("ae_4hr — A&amp;E: 4-hour wait");
    const chart = renderGridChart(table);
    expect(chart.png.subarray(0, 8)).toEqual(Buffer.from("\x89PNG\r\n\x1a\n", "latin1"));
    expect(chart.alt).toBe("two CCGs, one indicator");
  });

  it("is sent again as letters when Slack refuses the image", () => {
    const reply = {
      summary: "grid",
      visibility: "private" as const,
      blocks: [{ ...table, imageUrl: "https://x/g.png" }],
    };
    const again = renderBlocks(withoutImages(reply));
    expect(again.some((b) => b.type === "image")).toBe(false);
    expect(JSON.stringify(again)).toMatch(/ae_4hr +AG +-R/);
  });
});

describe("the grid picture's route", () => {
  let t: TestDatabase;
  let core: Core;
  let server: Server;
  let base: string;
  let links: ChartLinks;

  beforeAll(async () => {
    t = await seededTestDatabase({ demo: false });
    core = createCore(t.db.prisma, fixedClock("2013-11-20T10:00:00Z"));
    const plugin = createChartPlugin({
      config: { CHART_URL_SECRET: "a-chart-secret-of-some-length", PUBLIC_URL: "https://bot.example.org" },
      core,
      logger,
    });
    links = plugin.links;
    const app = createHttpApp(t.db);
    plugin.mount(app);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  it("serves `grid Q52`'s picture from the link in its reply, and refuses a link it did not sign", async () => {
    const reply = (await import("../../commands/grid")).gridCommand;
    const { reply: answer } = await reply.run(
      { core, now: core.clock.now(), actor: null, invocation: { user: {} as never }, commands: [] },
      { scope: "Q52" },
    );
    const block = answer.blocks.find((b) => b.type === "table")!;
    expect(block.imageUrl).toMatch(/^https:\/\/bot\.example\.org\/charts\/grid\/Q52\.png\?exp=\d+&sig=/);
    const path = block.imageUrl!.replace("https://bot.example.org", "");
    const first = await fetch(`${base}${path}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("x-chart-cache")).toBe("miss");
    expect(Buffer.from(await first.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from("\x89PNG", "latin1"));
    expect((await fetch(`${base}${path}`)).headers.get("x-chart-cache")).toBe("hit");
    // A link signed for Q52 does not draw Q51's grid.
    expect((await fetch(`${base}${path.replace("Q52", "Q51")}`)).status).toBe(403);
    expect((await fetch(`${base}/charts/${GRID_LINK}/england.png?exp=1&sig=x`)).status).toBe(403);
    expect((await fetch(`${base}${links.path(GRID_LINK, "england")}`)).status).toBe(200);
  });
});
