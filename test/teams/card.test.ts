// The neutral reply model as an Adaptive Card: what each block becomes, buttons, and the size budget.
import { describe, expect, it } from "vitest";
import type { IndicatorRow, Reply } from "../../src/reply/model";
import { CARD_BUDGET_BYTES, cardBytes, cardMessage, compact, renderCard } from "../../src/teams/render/card";
import { TextBlock } from "@microsoft/teams.cards";
import { adaptiveCardProblems } from "./card-schema";
import { buttonsOf, cardText } from "./harness";

const row = (i: number, rag: IndicatorRow["rag"] = "red"): IndicatorRow => ({
  code: `ind_${i}`,
  name: `Indicator number ${i} with a reasonably long descriptive name`,
  value: "93.1%",
  standard: "95%",
  plan: "94%",
  variance: "−0.9 pts",
  rag,
  trend: "worsening",
  period: "Sep 2013",
  recent: [90, 91, 92, 93],
});

describe("rendering the neutral reply model as an Adaptive Card 1.5", () => {
  it("turns each kind of block into its card element", () => {
    const reply: Reply = {
      summary: "02N: 1 red",
      visibility: "private",
      blocks: [
        { type: "heading", text: "02N NHS Airedale" },
        { type: "paragraph", text: "Run `help` for more." },
        { type: "context", text: "Propose with `action D1 <what> owner <who>`." },
        { type: "fields", fields: [{ label: "Owner", value: "Jo Smith" }] },
        { type: "indicators", title: "National ask", rows: [row(1), row(2, "green")] },
        { type: "items", items: [{ title: "A1 Publish", detail: "due Fri 10 Jan 2014" }] },
        { type: "divider" },
        { type: "context", text: "Demo data" },
        { type: "chart", title: "Trend", alt: "rising", imageUrl: "https://example.org/chart.png" },
      ],
    };
    const card = renderCard(reply) as unknown as Record<string, unknown>;
    expect(card.type).toBe("AdaptiveCard");
    expect(card.version).toBe("1.5");
    expect(card.fallbackText).toBe("02N: 1 red");
    const types = (card.body as { type: string }[]).map((e) => e.type);
    expect(types).toEqual([
      "TextBlock",
      "TextBlock",
      "TextBlock",
      "FactSet",
      "TextBlock",
      "Table",
      "Container",
      "Container",
      "TextBlock",
      "Image",
    ]);
    const text = cardText(card);
    expect(text).toContain("Run **help** for more."); // Teams cards have no inline code
    // the renderer would drop <what> as an HTML tag
    expect(text).toContain("Propose with **action D1 ‹what› owner ‹who›**.");
    expect(text).toContain("RED");
    expect(text).toContain("93.1% · Sep 2013");
    // the builders' defaults are dropped: they would cost a third of the size
    expect(JSON.stringify(card)).not.toContain('"isVisible":true');
    expect(JSON.stringify(card)).not.toContain('"requires":{}');
    // valid against the Adaptive Cards 1.5 schema: the chart Image has none of the builder's newer-schema defaults
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect((card.body as Record<string, unknown>[]).at(-1)).toEqual({
      type: "Image",
      url: "https://example.org/chart.png",
      altText: "rising",
      size: "Stretch",
    });
  });

  it("the schema check catches what the Adaptive Cards parser refuses", () => {
    const image = (extra: Record<string, unknown>) => ({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "Image", url: "https://example.org/c.png", ...extra }],
    });
    expect(adaptiveCardProblems(image({}))).toEqual([]);
    expect(adaptiveCardProblems(image({ width: "auto" })).join()).toMatch(/not a pixel width/);
    expect(adaptiveCardProblems(image({ fitMode: "Fill" })).join()).toMatch(/additionalProperty.*fitMode/);
    const chart = { type: "Chart.Line", title: "t", data: [] };
    const card = (element: Record<string, unknown>) => ({
      type: "AdaptiveCard",
      version: "1.5",
      msteams: { width: "full" },
      body: [element],
    });
    expect(adaptiveCardProblems(card(chart)).join()).toMatch(/Chart.Line is Teams-only and needs a fallback/);
    expect(adaptiveCardProblems(card({ ...chart, fallback: "drop" }))).toEqual([]);
  });

  it("renders Agree/Done/Drop as Universal Actions and Edit/Propose as dialog openers", () => {
    const card = renderCard({
      summary: "A1",
      visibility: "channel",
      blocks: [
        {
          type: "buttons",
          buttons: [
            { label: "Agree", actionId: "action.agree", payload: { actionId: 1 }, style: "primary" },
            { label: "Edit", actionId: "action.edit", payload: { actionId: 1 } },
            { label: "Drop", actionId: "action.drop", payload: { actionId: 1 }, style: "danger" },
          ],
        },
      ],
    });
    const [agree, edit, drop] = buttonsOf(card);
    expect(agree).toMatchObject({
      title: "Agree",
      type: "Action.Execute",
      data: { actionId: "action.agree", payload: { actionId: 1 } },
    });
    expect(edit).toMatchObject({
      title: "Edit",
      type: "Action.Submit",
      data: { actionId: "action.edit", msteams: { type: "task/fetch" } },
    });
    expect(drop).toMatchObject({ title: "Drop", type: "Action.Execute" });
  });

  it("draws a native line chart when one indicator is asked for", () => {
    const card = renderCard({ summary: "x", visibility: "private", blocks: [{ type: "indicators", rows: [row(1)] }] });
    const chart = (card.body as { type: string; fallback?: string }[]).find((e) => e.type === "Chart.Line");
    expect(chart?.fallback).toBe("drop");
  });

  it("cuts long lists with an '…and N more' line so the card stays under the size budget", () => {
    const reply: Reply = {
      summary: "lots",
      visibility: "private",
      blocks: [
        { type: "indicators", rows: Array.from({ length: 120 }, (_, i) => row(i)) },
        {
          type: "items",
          items: Array.from({ length: 200 }, (_, i) => ({ title: `A${i} ${"x".repeat(80)}`, detail: "y".repeat(80) })),
        },
      ],
    };
    const card = renderCard(reply);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const text = cardText(card);
    expect(text).toMatch(/…and \d+ more indicators/);
    expect(text).toMatch(/…and \d+ more items/);
    // a message activity carries the card and the summary as its notification text
    const message = cardMessage(reply);
    expect(message.summary).toBe("lots");
    expect(message.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
  });

  it("falls back to the summary when even a short card would be too big", () => {
    const card = renderCard({
      summary: "A very long answer",
      visibility: "private",
      blocks: [{ type: "paragraph", text: "z".repeat(40_000) }],
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardText(card)).toContain("too long for a Teams card");
  });

  it("compacts builder objects straight to the plain JSON a round trip through JSON would give", () => {
    class Labelled {
      type = "TextBlock";
      text = "x";
      color: string | undefined = undefined;
      describe = () => "not data";
    }
    const when = new Date("2013-11-20T12:00:00Z");
    const built = {
      body: [new TextBlock("Hello", { wrap: true }), new Labelled(), undefined, () => 1],
      at: when,
      ratio: Number.NaN,
      spacing: "Default",
      nested: { requires: {}, isVisible: true, size: "Small" },
    };
    const viaJson = compact(JSON.parse(JSON.stringify(built)) as unknown);
    expect(compact(built)).toStrictEqual(viaJson);
    expect(viaJson).toStrictEqual({
      body: [{ type: "TextBlock", text: "Hello", wrap: true }, { type: "TextBlock", text: "x" }, null, null],
      at: "2013-11-20T12:00:00.000Z",
      ratio: null,
      nested: { size: "Small" },
    });
    // a rendered card is plain data through and through: what is sent is what the tests read
    const card = renderCard({
      summary: "02N: 2 indicators",
      visibility: "private",
      blocks: [
        { type: "heading", text: "02N" },
        { type: "indicators", title: "National ask", rows: [row(1), row(2, "green")] },
        { type: "buttons", buttons: [{ label: "Agree", actionId: "action.agree", payload: { id: 1 } }] },
      ],
    });
    expect(card).toStrictEqual(JSON.parse(JSON.stringify(card)));
  });
});
