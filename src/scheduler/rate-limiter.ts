// Spaces calls evenly to stay under a platform's rate (Slack: a workspace-wide cap on posting).
// Twenty lines of our own rather than a dependency: the well-known limiter (bottleneck) is unmaintained,
// and even spacing is all that is needed.

export class RateLimiter {
  private nextFree = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Resolves when the caller may make its call. */
  async take(): Promise<void> {
    const interval = 1000 / this.perSecond;
    const at = Math.max(this.now(), this.nextFree);
    this.nextFree = at + interval;
    const wait = at - this.now();
    if (wait > 0) await this.sleep(wait);
  }
}
