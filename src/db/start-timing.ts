// Where a start's time goes (issue 18): with PLAN_DIALOGUE_TIMING=1 each step of opening the database writes one
// line to stderr, `[start] <step> <ms since the process began> ms <cpu ms so far> cpu`. Off by default, and
// silent then; bench/start.ts reads the lines. CPU time is printed beside the clock because the clock of a shared
// machine says as much about the neighbours as about us.

const enabled = () => process.env.PLAN_DIALOGUE_TIMING === "1";

export function startMark(step: string): void {
  if (!enabled()) return;
  const { user, system } = process.cpuUsage();
  const cpu = (user + system) / 1000;
  process.stderr.write(`[start] ${step} ${performance.now().toFixed(0)} ms ${cpu.toFixed(0)} cpu\n`);
}

export interface StartMark {
  step: string;
  ms: number;
  cpu: number;
}

/** The marks in a process's stderr, in order. */
export function readStartMarks(stderr: string): StartMark[] {
  return [...stderr.matchAll(/^\[start\] (.+) (\d+) ms (\d+) cpu$/gm)].map((m) => ({
    step: m[1]!,
    ms: Number(m[2]),
    cpu: Number(m[3]),
  }));
}
