// Published-looking figures for 02N in 2013-15, written straight into the test database as an import would leave
// them: some real, one suppressed by the publisher (value null, suppressed true), two generated demo figures.
// The status tests of a period (`as of …`), suppressed figures and demo marking read these.
import type { PrismaClient } from "../../src/core/db";

const SOURCE = "published-2014.csv";
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** rtt_incomplete_18wk (monthly, standard 92%, tolerance 2): Feb 2015 suppressed. */
export const RTT = [
  ["2014-07-01", 93],
  ["2014-08-01", 92.5],
  ["2014-09-01", 92],
  ["2014-10-01", 91.5],
  ["2014-11-01", 91],
  ["2014-12-01", 90.5],
  ["2015-01-01", 88],
  ["2015-02-01", null],
  ["2015-03-01", 89],
] as const;

export async function writeStatusFigures(prisma: PrismaClient, ccg = "02N"): Promise<void> {
  const value = (indicatorCode: string, periodStart: string, v: number | null, isDemo = false) => ({
    organisationCode: ccg,
    indicatorCode,
    periodStart: day(periodStart),
    value: v,
    suppressed: v === null,
    source: isDemo ? "demo" : SOURCE,
    isDemo,
  });
  // What the demo seed may have left for these indicators and periods goes: these are the figures.
  const rows = [
    ...RTT.map(([p, v]) => value("rtt_incomplete_18wk", p, v)),
    // quarterly, standard 85%: Q2 2014/15 green, Q3 2014/15 within tolerance
    value("cancer_62d_gp", "2014-07-01", 86),
    value("cancer_62d_gp", "2014-10-01", 84),
    // yearly: 2013/14 and 2014/15
    value("ois_1_1", "2013-04-01", 2100),
    value("ois_1_1", "2014-04-01", 2050),
    // monthly, with nothing after Jun 2014: stale as of Dec 2014
    value("ae_4hr", "2014-06-01", 96),
    // generated demo figures for Dec 2014
    value("ae_12hr_trolley", "2014-12-01", 0, true),
    value("mrsa_bacteraemia", "2014-12-01", 1, true),
  ];
  for (const row of rows) {
    await prisma.indicatorValue.upsert({
      where: {
        organisationCode_indicatorCode_periodStart: {
          organisationCode: row.organisationCode,
          indicatorCode: row.indicatorCode,
          periodStart: row.periodStart,
        },
      },
      create: row,
      update: row,
    });
  }
  await prisma.planTrajectory.createMany({
    data: [
      {
        organisationCode: ccg,
        indicatorCode: "rtt_incomplete_18wk",
        periodStart: day("2014-12-01"),
        value: 93,
        source: SOURCE,
      },
      {
        organisationCode: ccg,
        indicatorCode: "rtt_incomplete_18wk",
        periodStart: day("2015-02-01"),
        value: 92,
        source: SOURCE,
      },
      {
        organisationCode: ccg,
        indicatorCode: "rtt_incomplete_18wk",
        periodStart: day("2015-03-01"),
        value: 92,
        source: SOURCE,
      },
    ],
    skipDuplicates: true,
  });
}
