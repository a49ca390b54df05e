// What the Slack and Teams load benches share: their load's shape, the CPU a request costs, and the figures of one
// round beside the bare app's, against issue 18's targets (p50 ≤ 2×, p99 ≤ 1.2× the bare app's).
import { type Figure, ms, percentile } from "./measure";

export const CONCURRENCY = 50;
export const REQUESTS = 500;

/** This process's CPU (the app, the load generator and the fake API; not PostgreSQL's) per request since `from`. */
export const cpuMsPerRequest = (from: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1000 / REQUESTS;
};

/**
 * Each app warmed up (JIT, connection pools, caches) with a round of its own just before its measured round: a cold
 * baseline would flatter the ratio. Just before, since the load generator's idle connections close after ~3 s
 * (undici keeps them the server's 5 s less a margin): with ours measured between the bare app's warm-up and its
 * measured round, the bare app's round began by opening 50 new connections.
 */
export async function warmThenMeasure<R>(load: (url: string) => Promise<R>, oursUrl: string, bareUrl: string) {
  await load(oursUrl);
  const ours = await load(oursUrl);
  await load(bareUrl);
  const base = await load(bareUrl);
  return { ours, base };
}

/** One round of REQUESTS: the times people wait, the CPU a request cost, requests a second. */
export interface LoadRound {
  waits: number[];
  cpuMs: number;
  perSecond: number;
}

/** p50, p99 (with their targets), CPU per request and throughput of ours beside the bare app's. */
export function againstBare(
  what: { name: string; timed?: string; bare: string },
  label: string,
  ours: LoadRound,
  base: LoadRound,
): Figure[] {
  const p = (xs: number[], q: number) => percentile(xs, q);
  const ratio = (q: number) => p(ours.waits, q) / p(base.waits, q);
  const percentileFigure = (q: 50 | 99, name: string, limit: number): Figure => ({
    name: `${name} (${label})`,
    value: ms(p(ours.waits, q)),
    baseline: `${ms(p(base.waits, q))} ${what.bare}`,
    ratio: `${ratio(q).toFixed(2)}×`,
    target: `≤ ${limit}×`,
    ok: ratio(q) <= limit,
  });
  return [
    percentileFigure(50, `${what.name} p50, ${CONCURRENCY} concurrent${what.timed ? `, ${what.timed}` : ""}`, 2),
    percentileFigure(99, `${what.name} p99, ${CONCURRENCY} concurrent`, 1.2),
    {
      name: `${what.name} CPU per request, this process (${label})`,
      value: ms(ours.cpuMs),
      baseline: `${ms(base.cpuMs)} ${what.bare}`,
      ratio: `${(ours.cpuMs / base.cpuMs).toFixed(2)}×`,
    },
    {
      name: `${what.name} throughput, ${CONCURRENCY} concurrent (${label})`,
      value: `${ours.perSecond.toFixed(0)} /s`,
      baseline: `${base.perSecond.toFixed(0)} /s ${what.bare}`,
      ratio: `${(base.perSecond / ours.perSecond).toFixed(2)}× slower`,
    },
  ];
}
