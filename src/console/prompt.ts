// The interactive console prompt, used by `npm run cli` and by `npm start` in local mode.
import { createInterface } from "node:readline/promises";
import type { CommandRunner } from "./console-channel";

export async function runConsole(channel: CommandRunner, input = process.stdin, output = process.stdout) {
  const rl = createInterface({ input, output, prompt: "plan> " });
  output.write('Plan Dialogue console. Type "help", or "exit" to leave.\n');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === "exit" || text === "quit") break;
    if (text) output.write(`${(await channel.run(text)).text}\n`);
    rl.prompt();
  }
  rl.close();
}
