import { z } from "zod";
import { defineCommand } from "./command";
import { findCommand } from "./dispatch";

export const helpCommand = defineCommand({
  name: "help",
  summary: "List the commands, or explain one",
  usage: "help [command]",
  examples: ["help", "help action"],
  needsPerson: false,
  parse: (words) => ({ topic: words[0] }),
  args: z.object({ topic: z.string().max(40).optional() }),
  async run({ commands }, { topic }) {
    if (topic) {
      const c = findCommand(commands, topic);
      if (!c) {
        return {
          reply: {
            summary: `No command "${topic}"`,
            blocks: [
              { type: "paragraph", text: `I don't know the command "${topic}".` },
              { type: "context", text: `Commands: ${commands.map((x) => x.name).join(", ")}` },
            ],
            visibility: "private",
            isError: true,
          },
        };
      }
      return {
        reply: {
          summary: `${c.name}: ${c.summary}`,
          blocks: [
            { type: "heading", text: c.name },
            { type: "paragraph", text: c.summary },
            {
              type: "fields",
              fields: [
                { label: "Usage", value: `\`${c.usage}\`` },
                { label: "Examples", value: c.examples.map((e) => `\`${e}\``).join("\n") },
              ],
            },
          ],
          visibility: "private",
        },
      };
    }
    return {
      reply: {
        summary: "Plan Dialogue commands",
        blocks: [
          { type: "heading", text: "Plan Dialogue" },
          {
            type: "paragraph",
            text: "The planning dialogue between CCGs and their area team: indicator status, discussions, agreed actions and deadlines.",
          },
          // In lists of at most 12: a Teams card shows 20 items of a list at most, and there are more commands.
          ...chunks(commands, 12).map((some) => ({
            type: "items" as const,
            items: some.map((c) => ({ title: `\`${c.usage}\``, detail: c.summary })),
          })),
          {
            type: "context",
            text: "Discussions are D12, actions A34: commands take those ids, so they work from anywhere.",
          },
        ],
        visibility: "private",
      },
    };
  },
});

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
