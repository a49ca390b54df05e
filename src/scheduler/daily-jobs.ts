// Jobs that run once a day, at a London time, on one replica: the Fingertips sync and housekeeping. node-cron
// ticks every minute; from a job's time on, the first replica to claim the day ("fingertips-sync:2026-11-23", in
// the same claim table that stops platform retries being handled twice) runs it, and the others do nothing.
// A replica that dies mid-job loses that day's run; each job is written so that the next day's run catches up.
import cron, { type ScheduledTask } from "node-cron";
import type { Core } from "../core";
import { atLondonTime, londonDate } from "../core/time";
import type { Logger } from "../logging/logger";

export interface DailyJob {
  /** also the claim key's prefix */
  name: string;
  /** London time, HH:MM */
  at: string;
  run(now: Date): Promise<Record<string, unknown>>;
}

export type DailyTickResult =
  | { job: string; ran: false; why: "not yet" | "done today" }
  | { job: string; ran: true; day: string; result: Record<string, unknown> };

export class DailyJobs {
  private task?: ScheduledTask;
  private running?: Promise<unknown>;

  constructor(
    private readonly core: Core,
    private readonly jobs: DailyJob[],
    private readonly logger?: Logger,
  ) {}

  /** Runs each job whose time has come today and which no replica has claimed yet; one failing does not stop the rest. */
  async tick(): Promise<DailyTickResult[]> {
    const results: DailyTickResult[] = [];
    for (const job of this.jobs) {
      const now = this.core.clock.now();
      const day = londonDate(now);
      const [hour, minute] = job.at.split(":").map(Number) as [number, number];
      if (now < atLondonTime(day, hour, minute)) {
        results.push({ job: job.name, ran: false, why: "not yet" });
        continue;
      }
      if (!(await this.core.inbound.claim(`${job.name}:${day}`))) {
        results.push({ job: job.name, ran: false, why: "done today" });
        continue;
      }
      try {
        const result = await job.run(now);
        this.logger?.info({ job: job.name, day, ...result }, "daily job finished");
        results.push({ job: job.name, ran: true, day, result });
      } catch (error) {
        this.logger?.error({ job: job.name, day, err: error }, "daily job failed");
        results.push({ job: job.name, ran: true, day, result: { error: (error as Error).message } });
      }
    }
    return results;
  }

  start(): void {
    if (!this.jobs.length) return;
    this.task = cron.schedule("* * * * *", () => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error) => this.logger?.error({ err: error }, "daily jobs tick failed"))
        .finally(() => (this.running = undefined));
    });
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }
}
