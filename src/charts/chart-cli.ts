// `npx tsx src/charts/chart-cli.ts <ccg> <indicator> [out.png]`: writes one CCG's trend chart for an
// indicator as a PNG and prints its alt text. For the README and for checking a chart by eye.
import { writeFile } from "node:fs/promises";
import { openRuntime } from "../bootstrap";
import { ConfigError, loadConfig } from "../config";
import { DomainError } from "../core/errors";
import { systemClock } from "../core/time";
import { renderTrendChart } from "./trend-chart";
import { trendSeries } from "./trend-series";

const [ccgText, indicatorCode, out = `${ccgText}-${indicatorCode}.png`] = process.argv.slice(2);
if (!ccgText || !indicatorCode) {
  console.error("Usage: npx tsx src/charts/chart-cli.ts <ccg> <indicator> [out.png]");
  process.exit(1);
}
try {
  const { core, db } = await openRuntime(loadConfig(), systemClock);
  try {
    const ccg = await core.organisations.resolve(ccgText, "CCG");
    const chart = await renderTrendChart(await trendSeries(core.prisma, ccg, indicatorCode));
    await writeFile(out, chart.png);
    console.log(`Wrote ${out} (${chart.width}×${chart.height}).\nAlt text: ${chart.alt}`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
  process.exitCode = 1;
}
