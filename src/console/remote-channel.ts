// A console whose commands run in the bot that owns the embedded database (local-endpoint.ts), not here.
import type { OwnerRecord } from "../db/ownership";
import type { CommandRunner } from "./console-channel";
import { CONSOLE_ROUTE, type ConsoleAnswer } from "./local-endpoint";

/** The address to reach a bot on this machine: a wildcard listen address is reached on loopback. */
function hostOf(owner: OwnerRecord): string {
  const host = owner.host ?? "127.0.0.1";
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export class RemoteChannel implements CommandRunner {
  constructor(
    private readonly owner: OwnerRecord,
    private readonly persona?: string,
  ) {}

  async run(line: string): Promise<ConsoleAnswer> {
    const url = `http://${hostOf(this.owner)}:${this.owner.port}${CONSOLE_ROUTE}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.owner.token}` },
        body: JSON.stringify({ line, ...(this.persona ? { as: this.persona } : {}) }),
      });
    } catch {
      return {
        text: `The running bot (pid ${this.owner.pid}) did not answer at ${url}, so nothing was done. Is it still starting or stopping? Try again in a moment.`,
        isError: true,
      };
    }
    if (!res.ok) {
      return {
        text: `The running bot (pid ${this.owner.pid}) refused the command (HTTP ${res.status}), so nothing was done. Restart it and try again.`,
        isError: true,
      };
    }
    return (await res.json()) as ConsoleAnswer;
  }
}
