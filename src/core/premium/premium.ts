// The projected 2013/14 Quality Premium of one CCG, from the figures Plan Dialogue already holds: for each measure
// of the reference file, its weight and rule, whether it is met on the figures so far, and what is missing to know.
// A measure with no figures (or no indicator at all) is "missing", never met. The gateways are listed, not assessed:
// nothing here records quality failures or finances, and the NHS Constitution reductions were not verified.
import type { PrismaClient } from "../db";
import { formatValue } from "../indicators/format";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { premiumRules, type Gateway, type MeasureKey, type PremiumRules } from "./rules";

/** met: the rule holds on complete figures; on track: it holds on the figures so far (the year is not complete). */
export type MeasureState = "met" | "on track" | "not met" | "missing";

export interface MeasureResult {
  key: MeasureKey | "local";
  measure: string;
  weightPct: number;
  rule: string;
  state: MeasureState;
  /** what the figures say */
  findings: string[];
  /** what is needed and not held */
  missing: string[];
  /** where the file leaves a choice, how we read it */
  reading?: string;
  /** £: the weight's share of the maximum; null when the population is not held */
  worth: number | null;
}

export interface PremiumProjection {
  ccg: OrganisationSummary;
  /** registered patients (Jul–Sep 2013) from the reference data; null when not held */
  population: number | null;
  /** £: population × the maximum a head */
  maximum: number | null;
  measures: MeasureResult[];
  /** the share (percent) and £ of the measures met or on track on current figures, before any gateway */
  projectedPct: number;
  projected: number | null;
  /** the share of measures not yet known (missing) */
  unknownPct: number;
  gateways: Gateway[];
  rules: Pick<PremiumRules, "basis" | "sources" | "maximumPerHead">;
  /** some figure used is generated demo data */
  demo: boolean;
}

const yearOf = (d: Date) => d.getUTCFullYear();
const monthKey = (d: Date) => d.toISOString().slice(0, 7);
/** April 2013 to March 2014, as "YYYY-MM" */
const MONTHS_2013_14 = Array.from({ length: 12 }, (_, i) => monthKey(new Date(Date.UTC(2013, 3 + i, 1))));
const pct = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${Math.abs(Math.round(n * 10) / 10)}%`;

/** The worst state wins: not met, then missing, then on track, then met. */
function combine(states: MeasureState[]): MeasureState {
  for (const s of ["not met", "missing", "on track"] as const) if (states.includes(s)) return s;
  return "met";
}

export class PremiumService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async projectionOf(ccgText: string): Promise<PremiumProjection> {
    const ccg = await this.organisations.resolve(ccgText, "CCG");
    const rules = premiumRules();
    const codes = rules.national.flatMap((m) => m.indicators);
    const [org, catalogue, values, plans] = await Promise.all([
      this.prisma.organisation.findUnique({ where: { code: ccg.code }, select: { patients: true } }),
      this.prisma.indicator.findMany({
        where: { code: { in: codes }, ownerCode: null },
        select: { code: true, name: true, unit: true },
      }),
      this.prisma.indicatorValue.findMany({
        where: { organisationCode: ccg.code, indicatorCode: { in: codes } },
        select: { indicatorCode: true, periodStart: true, value: true, suppressed: true, isDemo: true },
      }),
      this.prisma.planTrajectory.findMany({
        where: { organisationCode: ccg.code, indicatorCode: "c_difficile" },
        select: { periodStart: true, value: true, isDemo: true },
      }),
    ]);
    const population = org?.patients ?? null;
    const maximum = population === null ? null : population * rules.maximumPerHead.pounds;
    const worth = (weightPct: number) => (maximum === null ? null : (maximum * weightPct) / 100);
    const known = new Map(catalogue.map((i) => [i.code, i]));
    let demo = false;
    const use = (rows: { isDemo: boolean }[]) => {
      if (rows.some((r) => r.isDemo)) demo = true;
    };
    const figures = (code: string) => values.filter((v) => v.indicatorCode === code);
    const shown = (code: string, v: number) => formatValue(v, known.get(code)?.unit ?? "") ?? String(v);

    /** the figure of the year period that starts in `year` (a calendar or financial year, as published) */
    const yearFigure = (code: string, year: number) => {
      const f = figures(code).find((v) => yearOf(v.periodStart) === year);
      if (f) use([f]);
      return f && !f.suppressed && f.value !== null ? f.value : null;
    };

    const measures: MeasureResult[] = rules.national.map((m) => {
      const result: MeasureResult = {
        key: m.key,
        measure: m.measure,
        weightPct: m.weightPct,
        rule: m.rule,
        state: "missing",
        findings: [],
        missing: [],
        worth: worth(m.weightPct),
      };
      const absent = m.indicators.filter((c) => !known.has(c));
      for (const c of absent) result.missing.push(`indicator ${c} is not in the catalogue`);
      if (m.key === "fft") {
        result.missing.push(
          "no Friends and Family Test indicator in the catalogue: the rule needs the providers' roll-out and their average inpatient and A&E scores for Q1 2013/14 and Q1 2014/15",
        );
        return result;
      }
      const states: MeasureState[] = absent.length ? ["missing"] : [];

      if (m.key === "pyll") {
        for (const code of m.indicators.filter((c) => known.has(c))) {
          const [a, b] = [yearFigure(code, 2013), yearFigure(code, 2014)];
          if (a === null) result.missing.push(`${code} for 2013`);
          if (b === null) result.missing.push(`${code} for 2014`);
          if (a !== null && b === null) result.findings.push(`${code}: 2013 ${shown(code, a)}; 2014 not yet held`);
          if (a === null || b === null) {
            states.push("missing");
            continue;
          }
          const change = ((b - a) / a) * 100;
          const ok = change <= -rules.pyllReductionPct;
          result.findings.push(
            `${code}: ${shown(code, a)} in 2013 → ${shown(code, b)} in 2014 (${pct(change)}; needs −${rules.pyllReductionPct}% or more)`,
          );
          states.push(ok ? "met" : "not met");
        }
      }

      if (m.key === "emergency") {
        result.reading =
          "our reading: each of these indicators no higher in 2014/15 than in 2013/14 (the file does not say how they combine)";
        for (const code of m.indicators.filter((c) => known.has(c))) {
          const [a, b] = [yearFigure(code, 2013), yearFigure(code, 2014)];
          if (a === null) result.missing.push(`${code} for 2013/14`);
          if (b === null) result.missing.push(`${code} for 2014/15`);
          if (a === null || b === null) {
            if (a !== null) result.findings.push(`${code}: 2013/14 ${shown(code, a)}; 2014/15 not yet held`);
            states.push("missing");
            continue;
          }
          const change = ((b - a) / a) * 100;
          result.findings.push(`${code}: ${shown(code, a)} in 2013/14 → ${shown(code, b)} in 2014/15 (${pct(change)})`);
          states.push(b <= a ? "met" : "not met");
        }
      }

      if (m.key === "hcai") {
        result.reading =
          "our reading: cases April 2013 to March 2014; the C. difficile threshold is the CCG's own objective, taken from its plan (there is no national number)";
        const cases = (code: string) => {
          const held = figures(code).filter(
            (v) => MONTHS_2013_14.includes(monthKey(v.periodStart)) && !v.suppressed && v.value !== null,
          );
          use(held);
          return { months: held.length, cases: held.reduce((s, v) => s + v.value!, 0) };
        };
        if (known.has("mrsa_bacteraemia")) {
          const mrsa = cases("mrsa_bacteraemia");
          if (!mrsa.months) {
            result.missing.push("MRSA bacteraemia cases for 2013/14");
            states.push("missing");
          } else {
            result.findings.push(`MRSA bacteraemia: ${mrsa.cases} cases in ${mrsa.months} of 12 months (needs none)`);
            states.push(mrsa.cases > 0 ? "not met" : mrsa.months < 12 ? "on track" : "met");
          }
        }
        if (known.has("c_difficile")) {
          const cdiff = cases("c_difficile");
          const objectiveMonths = plans.filter((p) => MONTHS_2013_14.includes(monthKey(p.periodStart)));
          const objective = objectiveMonths.length === 12 ? objectiveMonths.reduce((s, p) => s + p.value, 0) : null;
          if (objective !== null) use(objectiveMonths);
          if (!cdiff.months) result.missing.push("C. difficile cases for 2013/14");
          if (objective === null)
            result.missing.push("the CCG's C. difficile objective for 2013/14 (a plan for all 12 months)");
          if (cdiff.months)
            result.findings.push(
              `C. difficile: ${cdiff.cases} cases in ${cdiff.months} of 12 months${objective === null ? "" : ` (objective ${objective})`}`,
            );
          if (cdiff.months && objective !== null && cdiff.cases > objective) states.push("not met");
          else if (!cdiff.months || objective === null) states.push("missing");
          else states.push(cdiff.months < 12 ? "on track" : "met");
        }
      }
      result.state = states.length ? combine(states) : "missing";
      return result;
    });

    measures.push({
      key: "local",
      measure: `${rules.local.count} local measures`,
      weightPct: rules.local.weightPct,
      rule: rules.local.rule,
      state: "missing",
      findings: [],
      missing: [`the ${rules.local.count} local measures agreed for this CCG and their figures are not held`],
      worth: worth(rules.local.weightPct),
    });

    const projectedPct = measures
      .filter((m) => m.state === "met" || m.state === "on track")
      .reduce((s, m) => s + m.weightPct, 0);
    const unknownPct = measures.filter((m) => m.state === "missing").reduce((s, m) => s + m.weightPct, 0);
    return {
      ccg,
      population,
      maximum,
      measures,
      projectedPct,
      projected: maximum === null ? null : (maximum * projectedPct) / 100,
      unknownPct,
      gateways: rules.gateways,
      rules: { basis: rules.basis, sources: rules.sources, maximumPerHead: rules.maximumPerHead },
      demo,
    };
  }
}
