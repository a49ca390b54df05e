// Three measures of the Mandate and the planning guidance ("Everyone Counts") of 2013/14 and 2014/15 that the
// reference files in prisma/reference do not hold: IAPT access and recovery, and the dementia diagnosis rate. Their
// standards are stated here with the public page that states them, not read from a shared file: docs/DATA.md says
// they are not verified against the shared data. No other number is taken.
import type { ReferenceIndicator } from "./reference";

/** The public statements each standard rests on. */
export const MANDATE_SOURCES = {
  /** the IAPT key performance indicators' description (data.gov.uk, as mirrored): "by 2014/15 a minimum of 15 per
   * cent per annum (3.75 per cent per quarter) of those in need", "50 per cent of those completing treatment moving
   * to recovery" */
  iaptKpis:
    "https://brightstripe.co.uk/dataset/372a7bd8-f9ab-4026-a880-3a232b54a4ba/improving-access-to-psychological-therapies-iapt-key-performance-indicators.html",
  /** a Department of Health answer: "By end March 2015, the aim is for IAPT services to be available to at least 15%" */
  iaptMarch2015: "https://www.parallelparliament.co.uk/question/7428/mental-health-services",
  /** PHE's dementia surveillance: the aspiration that "two-thirds (66.7%)" of people with dementia have a diagnosis */
  dementia: "https://fingertips.phe.org.uk/documents/Dementia_Surveillance_England.html",
} as const;

const UNVERIFIED = "not verified against shared data (docs/DATA.md)";

/**
 * The three indicators, read from the HSCIC's IAPT reports and NHS England's dementia diagnosis rates by CCG
 * (src/sources/published/iapt.ts, dementia.ts). `lagDays` and `amber` are the reference seed's defaults
 * (PUBLICATION_LAG_DAYS, DEFAULT_AMBER_TOLERANCE.percentHigherIsBetter).
 */
export function mandateIndicators(lagDays: Record<"MONTH" | "QUARTER", number>, amber: number): ReferenceIndicator[] {
  return [
    {
      code: "iapt_access",
      // short, so the whole national ask still fits one Teams card (CARD_BUDGET_BYTES): the definition is in `source`
      name: "IAPT access",
      framework: "OUTCOMES_FRAMEWORK",
      unit: "%",
      direction: "HIGHER_IS_BETTER",
      // 15% a year by March 2015 is 3.75% a quarter, as the KPI description itself says; the figures are quarterly
      standard: 3.75,
      // the default 2-point band would be more than half the standard: none, so only a CCG's plan makes it amber
      amberTolerance: null,
      period: "QUARTER",
      publicationLagDays: lagDays.QUARTER,
      source:
        `People entering treatment as % of the estimated prevalence of anxiety and depression. ` +
        `Mandate 2013/14 and Everyone Counts: 15% of estimated prevalence a year by March 2015, 3.75% a quarter ` +
        `(${MANDATE_SOURCES.iaptKpis}; ${MANDATE_SOURCES.iaptMarch2015}); ${UNVERIFIED}`,
    },
    {
      code: "iapt_recovery",
      name: "IAPT recovery",
      framework: "OUTCOMES_FRAMEWORK",
      unit: "%",
      direction: "HIGHER_IS_BETTER",
      standard: 50,
      amberTolerance: amber,
      period: "QUARTER",
      publicationLagDays: lagDays.QUARTER,
      source: `Moved to recovery ÷ (finished treatment − not at caseness at the start). Mandate 2013/14 and Everyone Counts: 50% of those completing treatment moving to recovery (${MANDATE_SOURCES.iaptKpis}); ${UNVERIFIED}`,
    },
    {
      code: "dementia_diagnosis",
      name: "Dementia diagnosis rate",
      framework: "OUTCOMES_FRAMEWORK",
      unit: "%",
      direction: "HIGHER_IS_BETTER",
      // two-thirds, written 66.7% by PHE and NHS Digital
      standard: 66.7,
      amberTolerance: amber,
      period: "MONTH",
      publicationLagDays: lagDays.MONTH,
      source: `Recorded dementia register ÷ estimated prevalence. Everyone Counts 2014/15: two-thirds of people with dementia diagnosed (${MANDATE_SOURCES.dementia}); ${UNVERIFIED}`,
    },
  ];
}
