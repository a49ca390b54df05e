// The daily jobs a deployment runs, from its configuration.
import type { Config } from "../config";
import type { Core } from "../core";
import type { FingertipsClient } from "../sources/fingertips/client";
import { syncConfigured } from "../sources/fingertips/sync";
import type { ImportDatabase } from "../sources/transaction";
import { appraisalJob } from "./appraisal";
import type { DailyJob } from "./daily-jobs";

const DAY = 86_400_000;
/** Platforms retry a delivery within minutes (Slack) or hours at most; a week of claims is ample. */
export const CLAIMS_KEPT_DAYS = 7;

/** Fetches every indicator FINGERTIPS_SYNC names. Each is fetched in full, so a missed day is caught up the next. */
export function fingertipsSyncJob(
  db: ImportDatabase,
  client: FingertipsClient,
  config: Pick<Config, "FINGERTIPS_SYNC" | "FINGERTIPS_SYNC_AT">,
): DailyJob {
  return {
    name: "fingertips-sync",
    at: config.FINGERTIPS_SYNC_AT,
    async run(now) {
      const results = await syncConfigured(db, client, config.FINGERTIPS_SYNC, now);
      const failed = results.filter((r) => r.error).length;
      return { synced: results.length - failed, failed };
    },
  };
}

/** Forgets delivery claims older than a week, so the claim table stays small. */
export function housekeepingJob(core: Core): DailyJob {
  return {
    name: "housekeeping",
    at: "03:00",
    async run(now) {
      return { claimsForgotten: await core.inbound.prune(new Date(now.getTime() - CLAIMS_KEPT_DAYS * DAY)) };
    },
  };
}

export function dailyJobs(
  core: Core,
  db: ImportDatabase,
  config: Pick<Config, "FINGERTIPS_SYNC" | "FINGERTIPS_SYNC_AT"> & Partial<Pick<Config, "APPRAISAL_ROUND">>,
  fingertips: () => FingertipsClient,
): DailyJob[] {
  return [
    housekeepingJob(core),
    ...(config.FINGERTIPS_SYNC.length ? [fingertipsSyncJob(db, fingertips(), config)] : []),
    ...(config.APPRAISAL_ROUND && config.APPRAISAL_ROUND !== "off" ? [appraisalJob(core, config.APPRAISAL_ROUND)] : []),
  ];
}
