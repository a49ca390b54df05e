// Acknowledge fast, finish in the background. The Teams SDK answers the HTTP request only when a handler
// returns, and Teams resends a message it has no answer to after ~15 s: slow work is tracked here, so it can be
// waited for at shutdown and in tests, and its failures are logged rather than lost.
import type { Logger } from "../logging/logger";

export class BackgroundWork {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  /** Tracks `work` until it settles; a failure is logged with `what`, never thrown. */
  run(what: string, work: Promise<unknown>): Promise<unknown> {
    const tracked = work.catch((error) => {
      this.logger.error({ err: error, what }, "Teams background work failed");
    });
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
    return tracked;
  }

  /** Waits for background work (card updates, slow commands) to finish: for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }
}

/** Resolves when `work` settles or after `ms`, whichever is first: then Teams is answered and the work goes on. */
export async function answerWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
