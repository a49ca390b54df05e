// `npx tsx scripts/readme-examples.ts`: writes the README's console examples (the block between the
// `readme-examples` markers) from what the code answers, on a fresh in-memory database seeded with the demo as a
// first start on README_EXAMPLES_AS_OF would seed it (the same day as the README's chart). The examples run
// in order, as a newcomer types them. test/console/readme-examples.test.ts fails when the README's block is not
// what the code says.
import { readFile, writeFile } from "node:fs/promises";
import { ConsoleChannel, parsePersona } from "../src/console/console-channel";
import { createCore } from "../src/core";
import { fixedClock } from "../src/core/time";
import { openDatabase } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { seedAll } from "../src/db/seed/seed";
import { README_CHART_AS_OF } from "./readme-chart";

export const README = "README.md";
/** The demo's first start in the README: the chart's day, 20 Nov 2013, at 10:00 London. */
export const README_EXAMPLES_AS_OF = new Date(README_CHART_AS_OF.getTime() - 2 * 3_600_000);
const START = "<!-- readme-examples:start (npx tsx scripts/readme-examples.ts writes this block) -->";
const END = "<!-- readme-examples:end -->";

/** The examples: who types them (as `--as` says) and what; `lines` keeps a long answer's first lines. */
export const EXAMPLES: { as?: string; command: string; lines?: number }[] = [
  { command: "status 02N", lines: 11 },
  { as: "Jo Smith@02N", command: 'discuss 02N "A&E 4-hour recovery"' },
  { as: "Jo Smith@02N", command: "action D1 Publish the A&E recovery plan owner Jo Smith due 10 Jan" },
  { as: "Sam Patel@Q52", command: "agree A1" },
  { as: "Sam Patel@Q52:admin", command: "deadlines 02N" },
  { as: "Sam Patel@Q52:admin", command: "reminders preview 02N", lines: 8 },
];

/** A shell's words after `npm run cli --`, as the console reads them: quotes group, and go. */
const asTyped = (command: string) => command.replace(/"([^"]*)"/g, "$1");

/** The README block: each example as a person types it in a shell, and the console's answer. */
export async function readmeExamples(): Promise<string> {
  const db = await openDatabase({ kind: "pglite" });
  try {
    await migrate(db.sql);
    await seedAll(db.prisma, { now: README_EXAMPLES_AS_OF, demo: true });
    const core = createCore(db.prisma, fixedClock(README_EXAMPLES_AS_OF));
    const parts: string[] = [];
    for (const example of EXAMPLES) {
      const channel = new ConsoleChannel(core);
      if (example.as) await channel.actAs(parsePersona(example.as));
      const { text } = await channel.run(asTyped(example.command));
      const all = text.trimEnd().split("\n");
      const shown = example.lines && all.length > example.lines ? [...all.slice(0, example.lines), "…"] : all;
      const typed = `npm run cli -- ${example.as ? `--as "${example.as}" ` : ""}${example.command}`;
      parts.push(["```console", `$ ${typed}`, ...shown, "```"].join("\n"));
    }
    return [START, ...parts, END].join("\n\n");
  } finally {
    await db.close();
  }
}

/** The README with its examples block replaced by `block`. */
export function withExamples(readme: string, block: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${README} has no ${START} … ${END} block`);
  return readme.slice(0, from) + block + readme.slice(to + END.length);
}

if (process.argv[1]?.endsWith("readme-examples.ts")) {
  const block = await readmeExamples();
  if (process.argv.includes("--print")) console.log(block);
  else {
    await writeFile(README, withExamples(await readFile(README, "utf8"), block));
    console.log(`Wrote the examples in ${README}.`);
  }
}
