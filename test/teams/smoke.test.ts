import { afterAll, beforeAll, expect, it } from "vitest";
import { cardOf, cardText, startHarness, users, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it("answers status in a personal chat", async () => {
  const t0 = Date.now();
  const res = await h.post(h.message(users.jo, "status 02N", { kind: "personal", user: users.jo }));
  console.log("post ms", Date.now() - t0);
  await h.channel.drain();
  console.log("drain ms", Date.now() - t0);
  expect(res.status).toBe(200);
  const sends = h.connector.sends();
  expect(sends).toHaveLength(1);
  console.log(sends[0]!.conversationId, sends[0]!.prefix, JSON.stringify(cardOf(sends[0]!)).length);
  console.log(cardText(cardOf(sends[0]!)).slice(0, 800));
});
