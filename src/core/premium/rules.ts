// The 2013/14 Quality Premium as the reference data states it (prisma/reference/outcomes-and-quality-premium.json,
// copied unchanged from the shared data; sources in prisma/reference/SOURCES.md): the national measures with their
// weights and rules, the local measures' share, and the gateways. What the file does not verify is kept as
// unverified here and shown so; no weight is ever made up. Which of our indicators feed which measure is ours.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const PREMIUM_FILE = "outcomes-and-quality-premium.json";
const PATH = fileURLToPath(new URL(`../../../prisma/reference/${PREMIUM_FILE}`, import.meta.url));

const premiumFile = z.object({
  quality_premium_2013_14: z.object({
    basis: z.string().min(1),
    national_measures: z
      .array(z.object({ measure: z.string().min(1), weight_pct: z.number().positive(), rule: z.string().min(1) }))
      .min(1),
    local_measures: z.object({ count: z.number().int().positive(), total_weight_pct: z.number(), rule: z.string() }),
    gateways: z.string().min(1),
    sources: z.array(z.url()).min(1),
  }),
});

/** Which measure of the file (by its opening words) a definition evaluates, and with which indicators. */
export type MeasureKey = "pyll" | "emergency" | "fft" | "hcai";

interface MeasureDefinition {
  key: MeasureKey;
  opening: string;
  /** the indicators of our catalogue the rule reads; empty when the catalogue has none for it */
  indicators: string[];
}

/** Ours: the catalogue's codes for each national measure (src/db/seed/reference.ts seeds them). */
export const MEASURE_INDICATORS: readonly MeasureDefinition[] = [
  { key: "pyll", opening: "Reducing potential years of life lost", indicators: ["ois_1_1"] },
  {
    key: "emergency",
    opening: "Reducing avoidable emergency admissions",
    indicators: ["ois_2_6", "ois_2_7", "ois_3_1"],
  },
  // The catalogue has no Friends and Family Test indicator (the rule is about providers' roll-out and scores).
  { key: "fft", opening: "Friends and Family Test", indicators: [] },
  {
    key: "hcai",
    opening: "Preventing healthcare-associated infections",
    indicators: ["mrsa_bacteraemia", "c_difficile"],
  },
];

export interface NationalMeasure {
  key: MeasureKey;
  measure: string;
  weightPct: number;
  rule: string;
  indicators: string[];
}

export interface Gateway {
  text: string;
  /** why it is not taken as given, where it isn't */
  note?: string;
  /** "reported": in the draft as reported; "unverified": the file says it was not verified or its text is cut */
  status: "reported" | "unverified";
}

export interface PremiumRules {
  basis: string;
  sources: string[];
  national: NationalMeasure[];
  local: { count: number; weightPct: number; rule: string };
  /** the PYLL rule's reduction, read from its text ("by at least 3.2%"), in percent */
  pyllReductionPct: number;
  gateways: Gateway[];
  /** the largest premium, £ a head of population: reported, not in the reference file */
  maximumPerHead: { pounds: number; source: string; status: "reported" };
}

/**
 * Up to £5 a head of population: as reported by NHS Commissioning Board officials in 2012 (Pulse) and in issue 17;
 * the reference file gives no amount, so this is shown as reported, not verified.
 */
const MAXIMUM_PER_HEAD = {
  pounds: 5,
  source: "https://www.pulsetoday.co.uk/news/nhs-structures/quality-premium-will-be-up-to-5-per-head/",
  status: "reported" as const,
};

let cached: PremiumRules | undefined;

/** The rules, read and checked once. Throws (naming the file) if the file no longer says what we rely on. */
export function premiumRules(): PremiumRules {
  if (cached) return cached;
  const qp = premiumFile.parse(JSON.parse(readFileSync(PATH, "utf8"))).quality_premium_2013_14;
  const national = MEASURE_INDICATORS.map((d) => {
    const m = qp.national_measures.find((n) => n.measure.startsWith(d.opening) || n.measure.includes(d.opening));
    if (!m) throw new Error(`${PREMIUM_FILE}: no Quality Premium measure "${d.opening}…"`);
    return { key: d.key, measure: m.measure, weightPct: m.weight_pct, rule: m.rule, indicators: d.indicators };
  });
  const pyll = national.find((m) => m.key === "pyll")!;
  const reduction = /at least ([\d.]+)%/.exec(pyll.rule);
  if (!reduction) throw new Error(`${PREMIUM_FILE}: the PYLL rule states no reduction: "${pyll.rule}"`);
  // "No payment if the CCG has serious quality failures or (reported, text truncated) fails financially.
  //  Reductions linked to NHS Constitution standards … were NOT verified."
  const firstStop = qp.gateways.search(/\.\s/);
  const payment = firstStop < 0 ? qp.gateways : qp.gateways.slice(0, firstStop + 1);
  const rest = firstStop < 0 ? [] : [qp.gateways.slice(firstStop + 1).trim()].filter(Boolean);
  const gateways: Gateway[] = [];
  if (payment) {
    const [quality, money] = payment.replace(/\.$/, "").split(/\s+or\s+/);
    gateways.push({ text: `${quality}.`, status: "reported" });
    if (money)
      gateways.push({
        text: `No payment if the CCG ${money.replace(/^\(.*?\)\s*/, "")}.`,
        status: "unverified",
        note: "the source's text is cut here",
      });
  }
  for (const sentence of rest)
    gateways.push({ text: sentence, status: "unverified", note: "no reduction is applied and none is assumed" });
  cached = {
    basis: qp.basis,
    sources: qp.sources,
    national,
    local: {
      count: qp.local_measures.count,
      weightPct: qp.local_measures.total_weight_pct,
      rule: qp.local_measures.rule,
    },
    pyllReductionPct: Number(reduction[1]),
    gateways,
    maximumPerHead: MAXIMUM_PER_HEAD,
  };
  return cached;
}
