// A frozen reply (a cached status summary's) is rendered to its card once and the card shared: it must be byte for
// byte the card a fresh render of the same, unfrozen, reply gives, at every size budget and with per-request extras.
import { describe, expect, it } from "vitest";
import { TextBlock } from "@microsoft/teams.cards";
import type { IndicatorRow, Reply } from "../../src/reply/model";
import { deepFreeze } from "../../src/core/caching/deep-freeze";
import { cardBytes, cardMessage, renderCard, type RenderOptions } from "../../src/teams/render/card";

const row = (i: number, rag: IndicatorRow["rag"]): IndicatorRow => ({
  code: `ind_${i}`,
  name: `Indicator number ${i} with a [reasonably] long *descriptive* name`,
  value: "93.1%",
  standard: "95%",
  plan: "94%",
  variance: "−0.9 pts",
  rag,
  trend: i % 2 ? "worsening" : "improving",
  period: "Sep 2013",
  recent: [90, 91, 92, 93],
  ...(i % 5 === 0 ? { demo: true } : {}),
});

/** The shape of a CCG's whole status: heading, tally, 31 national rows, local priorities, buttons, context. */
const statusLike = (): Reply => ({
  summary: "02N NHS Airedale: 9 red, 7 amber, 15 green",
  visibility: "channel",
  blocks: [
    { type: "heading", text: "02N NHS Airedale, Wharfedale and Craven" },
    { type: "paragraph", text: "Indicator status: 9 red, 7 amber, 15 green. Worst first." },
    {
      type: "indicators",
      title: "National ask",
      rows: Array.from({ length: 31 }, (_, i) => row(i, (["red", "amber", "green", "grey"] as const)[i % 4]!)),
    },
    { type: "divider" },
    { type: "indicators", title: "Local priorities", rows: [row(40, "amber"), row(41, "green")] },
    { type: "context", text: "Narrow it with a family (`status 02N cancer`, rtt, ae…)." },
    { type: "buttons", buttons: [{ label: "Share", actionId: "status.share", payload: { ccg: "02N" } }] },
  ],
});

const json = (v: unknown) => JSON.stringify(v);

describe("a frozen reply's card, rendered once and shared", () => {
  const budgets: (number | undefined)[] = [undefined, 12_000, 6_000, 3_000, 500];

  it("is byte for byte a fresh render of the same reply unfrozen, at every budget, each time", () => {
    const frozen = deepFreeze(statusLike());
    for (const budgetBytes of budgets) {
      const options: RenderOptions = budgetBytes === undefined ? {} : { budgetBytes };
      const fresh = json(renderCard(structuredClone(statusLike()), options));
      const first = renderCard(frozen, options);
      const second = renderCard(frozen, options);
      expect(json(first)).toBe(fresh);
      expect(json(second)).toBe(fresh);
      expect(second).toBe(first); // the memo is used
      expect(Object.isFrozen(first)).toBe(true);
      if (budgetBytes !== undefined) expect(cardBytes(first)).toBeLessThanOrEqual(budgetBytes);
    }
  });

  it("keeps a different card per budget (the cut differs)", () => {
    const frozen = deepFreeze(statusLike());
    expect(json(renderCard(frozen, { budgetBytes: 6_000 }))).not.toBe(json(renderCard(frozen)));
    expect(json(renderCard(frozen))).toBe(json(renderCard(structuredClone(statusLike()))));
  });

  it("adds per-request extras and the refresh to a fresh card, leaving the shared one as it was", () => {
    const frozen = deepFreeze(statusLike());
    const plain = json(renderCard(frozen));
    const extra = { extra: [new TextBlock("Only you can see this", { wrap: true })] };
    expect(json(renderCard(frozen, extra))).toBe(json(renderCard(structuredClone(statusLike()), extra)));
    const refresh: RenderOptions = {
      refresh: { verb: "status.view", data: { actionId: "status.view", payload: { ccg: "02N" } }, userIds: ["29:a"] },
    };
    const refreshed = renderCard(frozen, refresh);
    expect(json(refreshed)).toBe(json(renderCard(structuredClone(statusLike()), refresh)));
    expect(json(renderCard(frozen))).toBe(plain);
    expect(plain).not.toContain("refresh");
  });

  it("gives the same message activity as a fresh render, with a new activity and attachment list each time", () => {
    const frozen = deepFreeze(statusLike());
    const a = cardMessage(frozen);
    const b = cardMessage(frozen);
    expect(json(a)).toBe(json(cardMessage(structuredClone(statusLike()))));
    expect(a).not.toBe(b);
    expect(a.attachments).not.toBe(b.attachments);
  });

  it("renders a reply that is not frozen afresh each time", () => {
    const reply = statusLike();
    const first = renderCard(reply);
    expect(renderCard(reply)).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });
});
