// Where a .cpuprofile's time goes: self time grouped by module (Prisma, our core, Block Kit rendering, Bolt, crypto,
// JSON…), and the functions that cost most. A built-in without a script of its own (Array.prototype.sort, a RegExp)
// is billed to the module that called it, except JSON and structuredClone, which are named.
//   npx tsx bench/profile-summary.ts /tmp/slack.cpuprofile
import { readFile } from "node:fs/promises";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** First match wins: [module, test of the script's URL]. */
const MODULES: [string, RegExp][] = [
  ["load generator and fake platform API (bench/, test/fakes/)", /\/(bench|test)\//],
  ["Prisma (client, query compiler, adapter)", /\/(@prisma|\.prisma|prisma)\//],
  ["pg driver (pg, pg-protocol, pg-pool, pg-types)", /\/node_modules\/(pg|pg-[a-z-]+)\//],
  ["PGlite", /\/@electric-sql\//],
  // Prisma's query compiler is WebAssembly (so is PGlite, when the bench runs on it)
  ["WebAssembly (Prisma's query compiler; PGlite when embedded)", /^wasm:/],
  ["our core (src/core)", /\/src\/core\//],
  ["our commands (commands/)", /\/commands\//],
  ["our reply model and views (src/reply)", /\/src\/reply\//],
  ["Block Kit rendering (src/slack/render)", /\/src\/slack\/render\//],
  ["Adaptive Card rendering (src/teams/render)", /\/src\/teams\/render\//],
  ["our Slack adapter (src/slack)", /\/src\/slack\//],
  ["our Teams adapter (src/teams)", /\/src\/teams\//],
  ["our server, logging, metrics, db wiring (src/ other)", /\/src\//],
  ["Bolt and Slack SDK (@slack/*)", /\/@slack\//],
  ["Teams SDK (@microsoft/teams.*)", /\/@microsoft\//],
  ["axios (Slack and Teams SDKs' HTTP client)", /\/(axios|follow-redirects|form-data)\//],
  ["JWT checks (jsonwebtoken, jwks-rsa, jose, jws)", /\/(jsonwebtoken|jwks-rsa|jose|jws|jwa)\//],
  [
    "express and body parsing",
    /\/(express|body-parser|raw-body|router|qs|iconv-lite|type-is|send|finalhandler|path-to-regexp)\//,
  ],
  ["zod (boundary parsing)", /\/zod\//],
  ["pino (logging)", /\/(pino|pino-std-serializers|sonic-boom|thread-stream)\//],
  ["prom-client (metrics)", /\/prom-client\//],
  ["tsx loader (source maps, module loading)", /\/tsx\//],
  ["fetch (undici): the load generator's client", /undici/],
  ["crypto (HMAC, signature checks, hashes)", /^node:(internal\/)?crypto|\/tsscmp\//],
  [
    "Node http, net, streams, timers",
    /^node:(_http|http|net|internal\/(http|net|streams|stream_base|timers|tcp|dns)|stream|timers|events|internal\/event_target)/,
  ],
  ["Node other (async hooks, util, url, buffer…)", /^node:/],
];

const packageOf = (url: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];

function moduleOfUrl(url: string): string | undefined {
  if (!url) return undefined;
  for (const [name, test] of MODULES) if (test.test(url)) return name;
  return packageOf(url) ?? "other scripts";
}

function moduleOfBuiltin(name: string): string | undefined {
  if (name === "(garbage collector)") return "garbage collector";
  if (name === "(idle)") return "(idle: waiting)";
  if (name === "(program)") return "V8 and native code outside JavaScript (program)";
  if (/^(JSON\.)?(parse|stringify)$/.test(name) || name.startsWith("JSON")) return "JSON parse and stringify";
  if (name === "structuredClone") return "structuredClone (cache copies)";
  return undefined;
}

export function summarise(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const moduleOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = moduleOf.get(id);
    if (known) return known;
    const n = byId.get(id)!;
    const m =
      moduleOfBuiltin(n.callFrame.functionName) ??
      moduleOfUrl(n.callFrame.url) ??
      (parent.has(id) ? resolve(parent.get(id)!) : "native (no caller)");
    moduleOf.set(id, m);
    return m;
  };
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  const modules = new Map<string, number>();
  const functions = new Map<string, { ms: number; module: string }>();
  for (const [id, ms] of self) {
    const m = resolve(id);
    modules.set(m, (modules.get(m) ?? 0) + ms);
    const f = byId.get(id)!.callFrame;
    const where = f.url
      ? `${f.url.replace(/^file:\/\/.*?\/(node_modules|src|commands|bench|test)\//, "$1/")}:${f.lineNumber + 1}`
      : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    const entry = functions.get(key) ?? { ms: 0, module: m };
    entry.ms += ms;
    functions.set(key, entry);
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  const busy = [...modules].filter(([m]) => m !== "(idle: waiting)").reduce((s, [, ms]) => s + ms, 0);
  return {
    wall,
    busy,
    modules: [...modules].sort((a, b) => b[1] - a[1]),
    functions: [...functions].sort((a, b) => b[1].ms - a[1].ms),
  };
}

export function printSummary(profile: CpuProfile, top = 25): void {
  const s = summarise(profile);
  const pct = (ms: number) => `${((100 * ms) / s.busy).toFixed(1)} %`;
  console.log(`profiled ${s.wall.toFixed(0)} ms wall, ${s.busy.toFixed(0)} ms on the CPU (this thread)\n`);
  console.log("| module | self time | share of CPU |\n| --- | ---: | ---: |");
  for (const [m, ms] of s.modules) {
    console.log(`| ${m} | ${ms.toFixed(0)} ms | ${m === "(idle: waiting)" ? "" : pct(ms)} |`);
  }
  console.log(`\n| function (top ${top} by self time) | module | self time | share |\n| --- | --- | ---: | ---: |`);
  for (const [f, { ms, module }] of s.functions.filter(([, v]) => v.module !== "(idle: waiting)").slice(0, top)) {
    console.log(`| \`${f}\` | ${module} | ${ms.toFixed(0)} ms | ${pct(ms)} |`);
  }
}

/** Two profiles of the same load side by side (ours and the bare app's): self time per module, and the difference. */
export function printComparison(ours: CpuProfile, bare: CpuProfile, requests: number): void {
  const a = summarise(ours);
  const b = new Map(summarise(bare).modules);
  const perRequest = (ms: number) => `${((1000 * ms) / requests).toFixed(0)} µs`;
  console.log(
    `CPU per request (this thread, ${requests} requests): ours ${perRequest(a.busy)}, bare ${perRequest(summarise(bare).busy)}\n`,
  );
  console.log("| module | ours, per request | bare app, per request | difference |\n| --- | ---: | ---: | ---: |");
  const names = [...new Set([...a.modules.map(([m]) => m), ...b.keys()])].filter((m) => m !== "(idle: waiting)");
  const ourMs = new Map(a.modules);
  names.sort((x, y) => (ourMs.get(y) ?? 0) - (b.get(y) ?? 0) - ((ourMs.get(x) ?? 0) - (b.get(x) ?? 0)));
  for (const m of names) {
    const o = ourMs.get(m) ?? 0;
    const r = b.get(m) ?? 0;
    if (o < requests / 100 && r < requests / 100) continue; // under 10 µs a request on both sides
    console.log(`| ${m} | ${perRequest(o)} | ${perRequest(r)} | ${o >= r ? "+" : "−"}${perRequest(Math.abs(o - r))} |`);
  }
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  // one profile: its summary; two (ours, then the bare app's) and a request count: side by side
  const [path, barePath, requests = "500"] = process.argv.slice(2);
  if (!path) throw new Error("give a .cpuprofile (and, to compare, the bare app's and the number of requests)");
  const read = async (p: string) => JSON.parse(await readFile(p, "utf8")) as CpuProfile;
  if (barePath) printComparison(await read(path), await read(barePath), Number(requests));
  else printSummary(await read(path));
}
