// Teams' side of the Teams bench, on an event loop of its own (a worker thread of the bench's process): the fake Bot
// Connector (its token service's keys and the activities endpoint the replies reach), the tokens it signs (the one
// on each inbound activity and the bot's own), and the load generator that posts the activities. On the apps' event
// loop they would wait in the apps' queue as no Microsoft server does: a new connection to a listening socket is
// accepted once per loop turn (libuv ≥ 1.45), so the connections undici's pool opens mid-round, the load
// generator's and the apps' to the connector, waited for the round to end. The apps still verify every token
// themselves, on their own thread. Messages: in {load: url} → out {reply, answered, perSecond};
// first out {connectorUrl, serviceUrl, botToken}.
import { parentPort } from "node:worker_threads";
import { type BenchConnector, startBenchConnector } from "./bot-connector";
import { CONCURRENCY, REQUESTS } from "./load-figures";

export const CLIENT_ID = "00000000-0000-4000-8000-0000000be7c0";
const BOT_ID = `28:${CLIENT_ID}`;
const TENANT = "tenant-bench";

/** What the app thread needs from Teams' side: where the connector is, and the bot's own token. */
export interface TeamsSideReady {
  connectorUrl: string;
  serviceUrl: string;
  botToken: string;
}

let seq = 0;

/** A personal-chat message as Teams sends it (Bot Framework activity schema), from bench user k. */
function message(k: number, text: string, serviceUrl: string) {
  return {
    type: "message",
    id: `${1_600_000_000_000 + ++seq}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: `29:bench-${k}`, aadObjectId: `aad-bench-${k}`, name: `Bench User ${k}` },
    conversation: { id: `a:bench-personal-${k}`, tenantId: TENANT, conversationType: "personal" },
    recipient: { id: BOT_ID, name: "Plan Dialogue" },
    text,
    textFormat: "plain",
    channelData: { tenant: { id: TENANT } },
  };
}

/** REQUESTS messages, CONCURRENCY at a time (each worker its own person and chat); reply and HTTP answer times. */
async function load(url: string, connector: BenchConnector, authorization: string) {
  const reply: number[] = [];
  const answered: number[] = [];
  let next = 0;
  const worker = async (k: number) => {
    while (next < REQUESTS) {
      next++;
      const activity = message(k, "status 02N", connector.serviceUrl);
      const arrived = connector.nextReply(activity.conversation.id);
      const start = performance.now();
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify(activity),
      });
      await res.arrayBuffer();
      answered.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      reply.push((await arrived).at - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => worker(k)));
  return { reply, answered, perSecond: (1000 * REQUESTS) / (performance.now() - started) };
}

if (parentPort) {
  const port = parentPort;
  const connector = await startBenchConnector();
  // the connector's token on each inbound request, and the bot's own (it sends with it to the connector)
  const authorization = `Bearer ${connector.signToken({ aud: CLIENT_ID, serviceurl: connector.serviceUrl, tid: TENANT })}`;
  const botToken = connector.signToken({ aud: "https://api.botframework.com", appid: CLIENT_ID });
  port.on("message", (m: { load?: string; stop?: true }) => {
    if (m.load) void load(m.load, connector, authorization).then((round) => port.postMessage(round));
    if (m.stop) void connector.close().then(() => port.close());
  });
  const ready: TeamsSideReady = { connectorUrl: connector.url, serviceUrl: connector.serviceUrl, botToken };
  port.postMessage(ready);
}
