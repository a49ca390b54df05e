// `npx tsx scripts/readme-chart.ts`: draws the README's chart, 02N's A&E 4-hour trend from the demo data of
// 20 Nov 2013 (the same data as the README's `/plan status` example), on a fresh in-memory database.
// test/charts/readme-chart.test.ts fails when the image in docs/ is no longer what the code draws.
import { writeFile } from "node:fs/promises";
import { renderTrendChart } from "../src/charts/trend-chart";
import { trendSeries } from "../src/charts/trend-series";
import { createCore } from "../src/core";
import { fixedClock } from "../src/core/time";
import { openDatabase, type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { seedAll } from "../src/db/seed/seed";

export const README_CHART = "docs/images/status-chart-02N-ae_4hr.png";
export const README_CHART_AS_OF = new Date("2013-11-20T12:00:00Z");

/** The README's chart, from a database already seeded with the demo data as of README_CHART_AS_OF. */
export async function readmeChart(db: Database) {
  const core = createCore(db.prisma, fixedClock(README_CHART_AS_OF));
  const ccg = await core.organisations.resolve("02N", "CCG");
  return renderTrendChart(await trendSeries(core.prisma, ccg, "ae_4hr"));
}

if (process.argv[1]?.endsWith("readme-chart.ts")) {
  const db = await openDatabase({ kind: "pglite" });
  try {
    await migrate(db.sql);
    await seedAll(db.prisma, { now: README_CHART_AS_OF, demo: true });
    const chart = await readmeChart(db);
    await writeFile(README_CHART, chart.png);
    console.log(`Wrote ${README_CHART}.\nAlt text: ${chart.alt}`);
  } finally {
    await db.close();
  }
}
