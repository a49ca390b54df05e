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

/** Rounds each app runs before it is measured, and rounds measured (pooled): see warmThenMeasure. */
export const WARM_ROUNDS = 4;
export const MEASURED_ROUNDS = 3;

/**
 * Both apps warmed up, then measured, a round of each in turn (bare first), the measured rounds pooled. Warmed for
 * several rounds because V8 keeps optimising for that long: ours cost 2.8, 2.1, 2.0, 2.0, 1.6 and 1.5 ms CPU a
 * request in its first six rounds, the bare app 2.8 → 1.4 ms, so with one warm-up round each, whichever went first
 * looked twice as slow. In turn because the load generator's idle connections close after ~3 s (undici keeps them
 * the server's 5 s less a margin): an app left idle through the other's rounds began its own by reconnecting.
 * On Node 20 our request context (AsyncLocalStorage) turns on promise hooks for the whole process at our first
 * request, so the bare app's later rounds pay for them too: measured at about the noise (1.2–1.7 ms against 1.4).
 */
export async function warmThenMeasure<R extends Round>(
  load: (url: string) => Promise<R>,
  oursUrl: string,
  bareUrl: string,
) {
  for (let i = 0; i < WARM_ROUNDS; i++) {
    await load(bareUrl);
    await load(oursUrl);
  }
  const ours: R[] = [];
  const base: R[] = [];
  for (let i = 0; i < MEASURED_ROUNDS; i++) {
    base.push(await load(bareUrl));
    ours.push(await load(oursUrl));
  }
  return { ours: pooled(ours), base: pooled(base) };
}

/** What a load round gives: lists of times, and figures such as CPU per request and requests a second. */
type Round = Record<string, number[] | number>;

/** Rounds as one: their lists of times joined, their figures averaged. */
function pooled<R extends Round>(rounds: R[]): R {
  const out: Round = {};
  for (const key of Object.keys(rounds[0]!)) {
    const values = rounds.map((r) => r[key]!);
    out[key] = Array.isArray(values[0])
      ? (values as number[][]).flat()
      : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  }
  return out as R;
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
