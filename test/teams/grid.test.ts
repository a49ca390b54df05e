// `grid Q52` and `grid england` typed to the bot in Teams: answered as a card with a native Adaptive Card Table, each
// cell's RAG marks, and small enough for Teams (which refuses a message over about 28 KB: 413 MessageSizeTooBig).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, startHarness, users, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(() => h.close());

type Element = { type: string; rows?: { cells: { items: { text: string }[] }[] }[] };

async function gridCard(text: string) {
  const before = h.connector.sends().length;
  const res = await h.say(users.sam, text, { kind: "personal", user: users.sam });
  expect(res.status).toBe(200);
  const sent = h.connector.sends().slice(before).at(-1)!;
  return { card: cardOf(sent), bytes: Buffer.byteLength(JSON.stringify(sent.body), "utf8") };
}

describe("the grid in Teams", () => {
  it("is a native Table of indicators × Q52's CCGs, every cell a RAG mark for the figure and one for the plan", async () => {
    const { card, bytes } = await gridCard("grid Q52");
    expect(bytes).toBeLessThan(28_000);
    const tables = (card.body as Element[]).filter((e) => e.type === "Table");
    expect(tables).toHaveLength(1);
    const [header, ...rows] = tables[0]!.rows!;
    expect(header!.cells.map((c) => c.items[0]!.text)).toEqual([
      "Indicator",
      "02N",
      "02R",
      "02T",
      "02V",
      "02W",
      "03A",
      "03C",
      "03G",
      "03J",
      "03R",
    ]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      for (const cell of row.cells.slice(1)) {
        const marks = cell.items.map((i) => i.text).join(" ");
        expect([...marks.matchAll(/[🔴🟠🟢⚪]/gu)]).toHaveLength(2);
      }
  });

  it("shows England's 27 area teams in tables of at most 12 columns, within the size limit", async () => {
    const { card, bytes } = await gridCard("grid england");
    expect(bytes).toBeLessThan(28_000);
    const tables = (card.body as Element[]).filter((e) => e.type === "Table");
    expect(tables.map((t) => t.rows![0]!.cells.length)).toEqual([13, 13, 4]);
  });
});
