// The daily Fingertips sync. node-cron ticks every minute; from FINGERTIPS_SYNC_AT (London time) on, the first
// replica to claim the day ("fingertips-sync:2026-11-23", the same claim table that stops platform retries being
// handled twice) fetches every configured indicator, and the others do nothing. A replica that dies mid-sync loses
// that day's run (the next day's fetches everything again: a sync re-reads each indicator in full); the figures
// themselves are never half-written, since each indicator is one transaction.
import cron, { type ScheduledTask } from "node-cron";
import type { Config } from "../config";
import type { Core } from "../core";
import { atLondonTime, londonDate } from "../core/time";
import type { Logger } from "../logging/logger";
import type { FingertipsClient } from "../sources/fingertips/client";
import { syncConfigured } from "../sources/fingertips/sync";
import type { ImportDatabase } from "../sources/transaction";

export type SyncTickResult =
  | { ran: false; why: "nothing configured" | "not yet" | "done today" }
  | { ran: true; day: string; synced: number; failed: number };

export class SourceSyncJob {
  private task?: ScheduledTask;
  private running?: Promise<unknown>;

  constructor(
    private readonly core: Core,
    private readonly db: ImportDatabase,
    private readonly client: FingertipsClient,
    private readonly config: Pick<Config, "FINGERTIPS_SYNC" | "FINGERTIPS_SYNC_AT">,
    private readonly logger?: Logger,
  ) {}

  async tick(): Promise<SyncTickResult> {
    if (!this.config.FINGERTIPS_SYNC.length) return { ran: false, why: "nothing configured" };
    const now = this.core.clock.now();
    const day = londonDate(now);
    const [hour, minute] = this.config.FINGERTIPS_SYNC_AT.split(":").map(Number) as [number, number];
    if (now < atLondonTime(day, hour, minute)) return { ran: false, why: "not yet" };
    if (!(await this.core.inbound.claim(`fingertips-sync:${day}`))) return { ran: false, why: "done today" };
    const results = await syncConfigured(this.db, this.client, this.config.FINGERTIPS_SYNC, now);
    const failed = results.filter((r) => r.error).length;
    this.logger?.info({ day, synced: results.length - failed, failed }, "daily Fingertips sync finished");
    return { ran: true, day, synced: results.length - failed, failed };
  }

  start(): void {
    if (!this.config.FINGERTIPS_SYNC.length) return;
    this.task = cron.schedule("* * * * *", () => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error) => this.logger?.error({ err: error }, "Fingertips sync tick failed"))
        .finally(() => (this.running = undefined));
    });
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }
}
