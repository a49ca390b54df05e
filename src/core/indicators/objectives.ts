// A CCG's own objective for a count of cases (table CcgObjective): NHS England sets each CCG a number of C. difficile
// infections a year, and zero MRSA bacteraemias. Where a CCG has one for the financial year of its latest monthly
// figure, status judges the year's cases to date against it, instead of the indicator's standard:
//   red    the year's cases so far are over the objective for the whole year;
//   amber  over the objective's share of the year so far (objective × months ÷ 12), but not over the year's;
//   green  at or under that share.
import type { PrismaClient } from "../db";
import { formatPeriod } from "../time";
import type { Rag } from "./status-types";

export interface CcgObjectiveFigure {
  /** cases allowed in the financial year */
  objective: number;
  /** 1 April of the year */
  yearStart: Date;
  /** cases from 1 April to the end of the latest month (suppressed months count none) */
  yearToDate: number;
  /** months of the year to the latest figure, 1-12 */
  months: number;
  latest: Date;
}

const fyStart = (d: Date) =>
  new Date(Date.UTC(d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1, 3, 1));

/**
 * For each of the CCG's indicators with an objective for the year of its latest figure (given by indicator code),
 * the objective and the year's cases to date. One read of the CCG's objectives; one sum for each that applies.
 */
export async function ccgObjectiveFigures(
  prisma: PrismaClient,
  ccgCode: string,
  latestByIndicator: Map<string, Date>,
): Promise<Map<string, CcgObjectiveFigure>> {
  const found = new Map<string, CcgObjectiveFigure>();
  const objectives = await prisma.ccgObjective.findMany({ where: { organisationCode: ccgCode } });
  for (const o of objectives) {
    const latest = latestByIndicator.get(o.indicatorCode);
    if (!latest || fyStart(latest).getTime() !== o.yearStart.getTime()) continue;
    const sum = await prisma.indicatorValue.aggregate({
      _sum: { value: true },
      where: {
        organisationCode: ccgCode,
        indicatorCode: o.indicatorCode,
        periodStart: { gte: o.yearStart, lte: latest },
      },
    });
    const months = (latest.getUTCFullYear() - o.yearStart.getUTCFullYear()) * 12 + latest.getUTCMonth() - 3 + 1;
    found.set(o.indicatorCode, {
      objective: o.objective,
      yearStart: o.yearStart,
      yearToDate: sum._sum.value ?? 0,
      months,
      latest,
    });
  }
  return found;
}

const cases = (n: number) => `${n.toLocaleString("en-GB")} case${n === 1 ? "" : "s"}`;

/** RAG of the year's cases to date against the CCG's objective, and the sentence that says why. */
export function objectiveRag(f: CcgObjectiveFigure): { rag: Rag; note: string } {
  const year = formatPeriod(f.yearStart, "YEAR");
  const share = Math.round(((f.objective * f.months) / 12) * 10) / 10;
  const sofar = `${cases(f.yearToDate)} in ${year} to ${formatPeriod(f.latest, "MONTH")}`;
  if (f.yearToDate > f.objective)
    return { rag: "red", note: `${sofar}: over the CCG's objective of ${f.objective} for the year` };
  if (f.yearToDate > share)
    return {
      rag: "amber",
      note: `${sofar}: over ${share} (the objective of ${f.objective} for the year, pro rata), within the year's`,
    };
  return { rag: "green", note: `${sofar}: within the CCG's objective of ${f.objective} for the year` };
}
