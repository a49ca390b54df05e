// A CPU profile of the bot answering the Slack or Teams bench's load (50 concurrent `status`), taken with the
// inspector's Profiler around one measured round after a warm-up, written as a .cpuprofile (Chrome DevTools reads
// it) and summarised by module (bench/profile-summary.ts).
//   npx tsx bench/profile.ts slack [out.cpuprofile] [--bare]
// `--bare` profiles the baseline app instead. The load generator and the fake platform API run on a worker thread
// (bench/slack-side.ts, bench/teams-side.ts), outside the profile, which has the apps' thread only.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { logger } from "../src/logging/logger";
import { withPGlite, withPostgres } from "./databases";
import { printSummary } from "./profile-summary";
import { startSlackApps } from "./slack";
import { startTeamsApps } from "./teams";

async function main() {
  logger.level = process.env.LOG_LEVEL ?? "silent";
  const [platform = "slack", ...rest] = process.argv.slice(2);
  const bare = rest.includes("--bare");
  const out = rest.find((a) => !a.startsWith("--")) ?? `/tmp/${platform}${bare ? "-bare" : ""}.cpuprofile`;
  if (platform !== "slack" && platform !== "teams") throw new Error("profile slack or teams");
  const start = platform === "slack" ? startSlackApps : startTeamsApps;
  const run = async (db: Parameters<typeof start>[0]) => {
    const apps = await start(db);
    try {
      const url = bare ? apps.bareUrl : apps.oursUrl;
      await apps.load(url); // warm-up, not profiled
      const session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 250 });
      await session.post("Profiler.start");
      const started = performance.now();
      await apps.load(url);
      const wall = performance.now() - started;
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      await writeFile(out, JSON.stringify(profile));
      console.log(`${platform}${bare ? " (bare)" : ""}: one round in ${wall.toFixed(0)} ms wall; profile → ${out}`);
      printSummary(profile);
    } finally {
      await apps.close();
    }
  };
  if ((await withPostgres(run)) === null) await withPGlite(run);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
