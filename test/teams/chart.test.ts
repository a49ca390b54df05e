// `status 02N ae_4hr` in Teams: the card carries the trend chart as an Image with alt text when the bot has a public
// URL, and the chart's words (with Teams' own native chart) when it has none; the card stays within its budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartPlugin } from "../../src/charts/route";
import { trendAltText, trendSeries } from "../../src/charts/trend-series";
import { logger } from "../../src/logging/logger";
import { CARD_BUDGET_BYTES, cardBytes } from "../../src/teams/render/card";
import { cardOf, cardText, startHarness, users, type Harness } from "./harness";

const PUBLIC_URL = "https://plan-dialogue.example.nhs.uk";
const SECRET = "teams-chart-test-secret";

let h: Harness;
let expectedAlt: string;

beforeAll(async () => {
  h = await startHarness();
  const ccg = (await h.core.organisations.byCode("02N"))!;
  expectedAlt = trendAltText(await trendSeries(h.core.prisma, ccg, "ae_4hr"));
});
afterAll(() => h.close());

/** Every element of a card, depth first. */
function elements(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.type === "string") out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

async function statusCard(text: string) {
  const before = h.connector.sends().length;
  await h.say(users.jo, text, { kind: "personal", user: users.jo });
  const sends = h.connector.sends();
  expect(sends.length).toBeGreaterThan(before);
  return cardOf(sends.at(-1)!);
}

describe("the trend chart in Teams", () => {
  it("is an Image with the chart's words as altText, served from the bot's public URL", async () => {
    createChartPlugin({ config: { PUBLIC_URL, CHART_URL_SECRET: SECRET }, core: h.core, logger });
    const card = await statusCard("status 02N ae_4hr");
    const image = elements(card).find((e) => e.type === "Image");
    expect(image, JSON.stringify(card)).toBeDefined();
    expect(image!.url).toMatch(
      new RegExp(`^${PUBLIC_URL}/charts/02N/ae_4hr\\.png\\?upto=\\d{4}-\\d{2}-01&exp=\\d+&sig=`),
    );
    expect(image!.altText).toBe(expectedAlt);
    // The image shows plan and standard too, so Teams' native chart would only repeat it.
    expect(elements(card).some((e) => e.type === "Chart.Line")).toBe(false);
    expect(cardBytes(card as never)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });

  it("without PUBLIC_URL, says the chart in words and keeps the native chart", async () => {
    createChartPlugin({ config: { PUBLIC_URL: undefined, CHART_URL_SECRET: SECRET }, core: h.core, logger });
    const card = await statusCard("status 02N ae_4hr");
    expect(elements(card).some((e) => e.type === "Image")).toBe(false);
    expect(cardText(card)).toContain(expectedAlt);
    expect(elements(card).some((e) => e.type === "Chart.Line")).toBe(true);
  });
});
