// The escalation rules, evaluated once a day (on one replica: the daily claim). Each review item is raised once per
// occurrence whatever the replicas do (its unique key), and its posts go through the delivery ledger, which the
// reminder loop sends at its next tick.
import type { Core } from "../core";
import type { DailyJob } from "./daily-jobs";

export function escalationJob(core: Core, at = "07:00"): DailyJob {
  return {
    name: "escalation",
    at,
    async run(now) {
      const { firings, raised, deliveries } = await core.escalation.evaluate(now);
      return { firings, raised: raised.length, deliveries };
    },
  };
}
