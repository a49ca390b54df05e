// Slack's side of the Slack bench, on an event loop of its own (a worker thread of the bench's process): the load
// generator that sends the signed `/plan status` commands, and the fake Web API that serves response_url. On the
// apps' event loop they would wait in the apps' queue as no Slack server does: a new connection to a listening socket
// is accepted once per loop turn (libuv ≥ 1.45), so the few connections undici's pool opens mid-round waited for the
// round to end. Messages: in {load: url} → out {answer, ack, perSecond}; first out {apiUrl, responseUrl}.
import { randomUUID } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { FakeSlackWebApi } from "../test/fakes/slack-web-api";
import { sign } from "../test/slack/harness";
import { CONCURRENCY, REQUESTS } from "./load-figures";

export const SECRET = "bench-signing-secret";

/** Fires REQUESTS signed `/plan status …` commands, CONCURRENCY at a time; returns answer and ack times. */
async function load(url: string, fake: FakeSlackWebApi) {
  const answer: number[] = [];
  const ack: number[] = [];
  const ccgs = ["02N", "02W", "00C", "00D", "03N", "02X"];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const i = next++;
      const id = randomUUID();
      const body = new URLSearchParams({
        team_id: "T1",
        user_id: "U1",
        user_name: "bench",
        channel_id: "C1",
        command: "/plan",
        text: `status ${ccgs[i % ccgs.length]}`,
        response_url: fake.responseUrl(id),
        trigger_id: id,
      }).toString();
      const start = performance.now();
      const res = await fetch(`${url}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...sign(body, Math.floor(Date.now() / 1000), SECRET),
        },
        body,
      });
      ack.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      await fake.response(id);
      answer.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { answer, ack, perSecond: (1000 * REQUESTS) / (performance.now() - started) };
}

if (parentPort) {
  const port = parentPort;
  const fake = await new FakeSlackWebApi().start();
  port.on("message", (message: { load?: string; stop?: true }) => {
    if (message.load) void load(message.load, fake).then((round) => port.postMessage(round));
    if (message.stop) void fake.stop().then(() => port.close());
  });
  port.postMessage({ apiUrl: fake.apiUrl });
}
