// Chart links are signed and expire; the chart route serves only those, over real HTTP, and draws each chart once.
import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_LINK_DAYS, ChartLinks } from "../../src/charts/links";
import { createChartPlugin } from "../../src/charts/route";
import { createCore, type Core } from "../../src/core";
import { fixedClock } from "../../src/core/time";
import { logger } from "../../src/logging/logger";
import { createHttpApp } from "../../src/server/http";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const SECRET = "a-chart-secret-of-some-length";
const NOW = "2013-11-20T10:00:00Z";

const query = (path: string) => new URL(path, "http://x").searchParams;
const parts = (path: string) => Object.fromEntries(query(path));

describe("chart links", () => {
  const links = new ChartLinks({ secret: SECRET, publicUrl: "https://bot.example.nhs.uk/", clock: fixedClock(NOW) });

  it("signs a link that checks out, with an expiry 30 days on, rounded up to a day", () => {
    const path = links.path("02N", "ae_4hr");
    expect(path).toMatch(/^\/charts\/02N\/ae_4hr\.png\?exp=\d+&sig=[\w-]{43}$/);
    const exp = Number(query(path).get("exp"));
    const days = (exp * 1000 - Date.parse(NOW)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(CHART_LINK_DAYS);
    expect(days).toBeLessThan(CHART_LINK_DAYS + 1);
    expect(exp % 86_400).toBe(0);
    expect(links.check("02N", "ae_4hr", parts(path))).toBe("ok");
    expect(links.url("02N", "ae_4hr")).toBe(`https://bot.example.nhs.uk${path}`);
  });

  it("rejects a tampered, expired or other-secret link", () => {
    const q = query(links.path("02N", "ae_4hr"));
    const [exp, sig] = [q.get("exp")!, q.get("sig")!];
    expect(links.check("02W", "ae_4hr", { exp, sig })).toBe("bad-signature");
    expect(links.check("02N", "ae_12hr", { exp, sig })).toBe("bad-signature");
    expect(links.check("02N", "ae_4hr", { exp: String(Number(exp) + 86_400), sig })).toBe("bad-signature");
    expect(links.check("02N", "ae_4hr", { exp, sig: `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}` })).toBe(
      "bad-signature",
    );
    expect(links.check("02N", "ae_4hr", { sig })).toBe("bad-signature");
    expect(links.check("02N", "ae_4hr", { exp, sig: [sig, sig] })).toBe("bad-signature");
    // A link pinned to a period can't be moved to another, nor lose its pin.
    const pinned = parts(links.path("02N", "ae_4hr", new Date("2013-09-01")));
    expect(pinned.upto).toBe("2013-09-01");
    expect(links.check("02N", "ae_4hr", pinned)).toBe("ok");
    expect(links.check("02N", "ae_4hr", { ...pinned, upto: "2013-10-01" })).toBe("bad-signature");
    expect(links.check("02N", "ae_4hr", { ...pinned, upto: undefined })).toBe("bad-signature");
    expect(links.check("02N", "ae_4hr", { ...pinned, upto: "Sept" })).toBe("bad-signature");

    const later = new ChartLinks({ secret: SECRET, clock: fixedClock("2014-01-01T00:00:00Z") });
    expect(later.check("02N", "ae_4hr", { exp, sig })).toBe("expired");
    const other = new ChartLinks({ secret: "another-secret-of-some-length", clock: fixedClock(NOW) });
    expect(other.check("02N", "ae_4hr", { exp, sig })).toBe("bad-signature");
    expect(later.url("02N", "ae_4hr")).toBeUndefined();
  });

  it("still serves links made before links were pinned (signed over CCG, indicator and expiry only)", () => {
    const exp = String(Date.parse("2013-12-20T00:00:00Z") / 1000);
    const sig = createHmac("sha256", SECRET).update(`02N\nae_4hr\n${exp}`).digest("base64url");
    expect(links.check("02N", "ae_4hr", { exp, sig })).toBe("ok");
    expect(links.check("02N", "ae_4hr", { exp, sig, upto: "2013-09-01" })).toBe("bad-signature");
  });
});

describe("the chart route", () => {
  let t: TestDatabase;
  let core: Core;
  let server: Server;
  let base: string;
  let links: ChartLinks;

  beforeAll(async () => {
    t = await seededTestDatabase({ demo: true });
    core = createCore(t.db.prisma, fixedClock(NOW));
    const plugin = createChartPlugin({ config: { CHART_URL_SECRET: SECRET, PUBLIC_URL: undefined }, core, logger });
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

  it("gives the core the links it serves", () => {
    expect(core.charts).toBe(links);
  });

  it("serves a signed link as a PNG, drawn once and then from memory", async () => {
    const path = links.path("02N", "ae_4hr");
    const first = await fetch(`${base}${path}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(first.headers.get("x-chart-cache")).toBe("miss");
    const png = Buffer.from(await first.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from("\x89PNG\r\n\x1a\n", "latin1"));

    const again = await fetch(`${base}${path}`);
    expect(again.headers.get("x-chart-cache")).toBe("hit");
    expect(Buffer.from(await again.arrayBuffer())).toEqual(png);
  });

  it("draws a pinned link up to its period, even after newer figures arrive", async () => {
    const latest = await t.db.prisma.indicatorValue.findFirstOrThrow({
      where: { organisationCode: "02N", indicatorCode: "ae_4hr" },
      orderBy: { periodStart: "desc" },
    });
    const pinned = links.path("02N", "ae_4hr", latest.periodStart);
    const before = Buffer.from(await (await fetch(`${base}${pinned}`)).arrayBuffer());
    // Next month's figure is published after the message was sent.
    const next = new Date(latest.periodStart);
    next.setUTCMonth(next.getUTCMonth() + 1);
    await t.db.prisma.indicatorValue.create({
      data: { organisationCode: "02N", indicatorCode: "ae_4hr", periodStart: next, value: 70, source: "test" },
    });
    try {
      const after = Buffer.from(await (await fetch(`${base}${pinned}`)).arrayBuffer());
      expect(after).toEqual(before);
      const unpinned = Buffer.from(await (await fetch(`${base}${links.path("02N", "ae_4hr")}`)).arrayBuffer());
      expect(unpinned).not.toEqual(before);
    } finally {
      await t.db.prisma.indicatorValue.delete({
        where: {
          organisationCode_indicatorCode_periodStart: {
            organisationCode: "02N",
            indicatorCode: "ae_4hr",
            periodStart: next,
          },
        },
      });
    }
  });

  it("refuses a link it did not sign, or one that has expired, with 403", async () => {
    const q = query(links.path("02N", "ae_4hr"));
    expect((await fetch(`${base}/charts/02N/ae_4hr.png`)).status).toBe(403);
    expect((await fetch(`${base}/charts/02W/ae_4hr.png?${q}`)).status).toBe(403);
    const old = new ChartLinks({ secret: SECRET, clock: fixedClock("2013-09-01T00:00:00Z") }).path("02N", "ae_4hr");
    const expired = await fetch(`${base}${old}`);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
  });

  it("answers 404 for a CCG or indicator it does not know, even when signed", async () => {
    expect((await fetch(`${base}${links.path("ZZZ", "ae_4hr")}`)).status).toBe(404);
    expect((await fetch(`${base}${links.path("Q51", "ae_4hr")}`)).status).toBe(404);
    const unknown = await fetch(`${base}${links.path("02N", "no_such_thing")}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/no_such_thing/);
  });
});
