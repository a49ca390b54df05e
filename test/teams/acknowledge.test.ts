// Teams resends a message it has not had an answer to within about 15 s. The bot answers Teams once a
// command has had its time (10 s by default; shortened here), finishes in the background, and a resend
// of the same message is not run twice.
import { afterAll, beforeAll, expect, it } from "vitest";
import { cardOf, cardText, startHarness, users, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demo: false, ackAfterMs: 100 });
});
afterAll(() => h.close());

it("answers Teams before slow work is done, posts the reply when it is, and ignores the resend", async () => {
  // The connector takes 5 s to accept the reply; the bot answers Teams after its 100 ms. The margin between the two is
  // wide so that a busy machine (CI runs two test files at once on two cores) cannot blur which came first.
  h.connector.latencyMs = 5_000;
  const message = h.message(users.jo, "help", { kind: "personal", user: users.jo });
  const started = Date.now();
  const res = await h.post(message);
  const answeredMs = Date.now() - started;
  expect(res.status).toBe(200);
  expect(answeredMs).toBeLessThan(4_000);
  expect(h.connector.sends()).toHaveLength(0);

  await h.post(message); // Teams' resend of the same activity
  await h.channel.drain();
  h.connector.latencyMs = 0;
  expect(h.connector.sends()).toHaveLength(1);
  expect(cardText(cardOf(h.connector.sends()[0]!))).toMatch(/Plan Dialogue/);
});
