// What the Slack and Teams load benches share about their two sides: the platform's side (the load generator and
// the fake platform API, ./slack-side.ts and ./teams-side.ts) runs on a worker thread, as Slack's and Microsoft's
// servers never share the bot's event loop; the apps' side listens on local ports, closed at the end.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { cpuMsPerRequest } from "./load-figures";

/**
 * Starts a platform side (`file`, beside this one) on a worker thread: its first message says what it is ready with;
 * then each `load(url)` is one round of the load, with the CPU a request cost this process (both threads).
 */
export async function startPlatformSide<Ready, Round>(file: string) {
  // A worker does not inherit tsx's hooks on Node 20: it registers them before it imports the .ts.
  const entry = JSON.stringify(new URL(file, import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const side = new Worker(`import(${tsx}).then((t) => { t.register(); return import(${entry}); })`, { eval: true });
  /** the worker's next message, or its error */
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      side.once("error", reject);
      side.once("message", (message: T) => {
        side.off("error", reject);
        resolve(message);
      });
    });
  const ready = await next<Ready>();
  return {
    ready,
    async load(url: string) {
      const cpu = process.cpuUsage();
      side.postMessage({ load: url });
      const round = await next<Round>();
      return { ...round, cpuMs: cpuMsPerRequest(cpu) };
    },
    async stop() {
      side.postMessage({ stop: true });
      await new Promise((resolve) => side.once("exit", resolve));
    },
  };
}

/** The apps' servers, on local ports: closed at the bench's end, or the process would never exit. */
export class LocalServers {
  private readonly servers: Server[] = [];

  /** Listens on a free local port; resolves with the URL. */
  listen(app: { listen: (port: number, host: string, cb: () => void) => Server }): Promise<string> {
    return new Promise((resolve) => {
      const server = app.listen(0, "127.0.0.1", () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      );
      this.servers.push(server);
    });
  }

  async close(): Promise<void> {
    for (const server of this.servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}
