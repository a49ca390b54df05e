// An area team's grid: its CCGs × the national ask (the indicators with a standard), each cell the RAG of the CCG's
// latest figure (as status rates it: against the standard and its plan, grey when stale or suppressed) and the RAG
// of its plan for the same period against the standard. England's grid is the same with the area teams as columns,
// each team's CCGs together (weighted as the position weighs them) in the newest period any CCG has, so every team is
// on the same footing. Public statistics and plans, readable by anyone, as status and position are.
import type { Indicator, PrismaClient } from "../db";
import { notFound } from "../errors";
import { formatValue } from "../indicators/format";
import { staleSince } from "../indicators/periods";
import { ragFor } from "../indicators/rag";
import type { Rag } from "../indicators/status-types";
import type { OrganisationDirectory, OrganisationSummary } from "../organisations/directory";
import { formatLondonDate, formatPeriod } from "../time";
import {
  isEngland,
  type IndicatorPosition,
  type Position,
  type PositionIndicator,
  type PositionService,
} from "./position";

export interface GridCell {
  /** the latest figure (a CCG's own; an area team's CCGs together); null when none or suppressed */
  actual: number | null;
  /** the plan for the same period (together, for an area team); null without one */
  plan: number | null;
  /** the figure's RAG, as status rates it */
  rag: Rag;
  /** the plan's RAG against the standard (grey without a plan) */
  planRag: Rag;
  /** the period of the figure, e.g. "Oct 2013" */
  period: string | null;
  /** why the figure is grey ("stale since …", "suppressed", "no data") */
  note?: string;
  demo?: boolean;
}

/** An indicator of the national ask as the grid reads it: the position's fields and when figures go stale. */
export type GridIndicator = PositionIndicator & Pick<Indicator, "publicationLagDays">;

export interface GridRow {
  indicator: GridIndicator;
  /** one cell for each column, in the columns' order */
  cells: GridCell[];
}

export interface Grid {
  /** the area team, or null for England (columns are then the area teams) */
  scope: OrganisationSummary | null;
  columns: Pick<OrganisationSummary, "code" | "name">[];
  rows: GridRow[];
  includesDemoData: boolean;
  /** England only: each area team's position on each indicator, as the grid's cells rate it */
  positions?: { areaTeam: string; indicator: string; position: IndicatorPosition }[];
}

type CellRow = {
  o: string;
  i: string;
  ps: Date | string | null;
  value: number | null;
  suppressed: boolean | null;
  isDemo: boolean | null;
  plan: number | null;
};

export class GridService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly organisations: OrganisationDirectory,
    private readonly positions: PositionService,
  ) {}

  /** `scopeText`: an area team, or "england". */
  async gridOf(scopeText: string, now: Date): Promise<Grid> {
    if (isEngland(scopeText)) return this.englandGrid();
    const scope = await this.organisations.resolve(scopeText, "AREA_TEAM");
    const ccgs = (await this.organisations.ccgsOf(scope.code)).sort((a, b) => a.code.localeCompare(b.code));
    const indicators = await this.nationalAsk();
    const codes = ccgs.map((c) => c.code);
    // Every (CCG, indicator): its latest figure (suppressed too, as status shows it) and the plan for that period;
    // a CCG with no figure gets its plan for the newest period any of the area team's CCGs has. One read.
    const rows = await this.prisma.$queryRaw<CellRow[]>`
      WITH cells AS (
        SELECT o.code AS o, i.code AS i, v."periodStart" AS ps, v.value, v.suppressed, v."isDemo"
        FROM unnest(${codes}::text[]) AS o(code)
        CROSS JOIN unnest(${indicators.map((i) => i.code)}::text[]) AS i(code)
        LEFT JOIN LATERAL (
          SELECT "periodStart", value, suppressed, "isDemo" FROM "IndicatorValue"
          WHERE "organisationCode" = o.code AND "indicatorCode" = i.code
          ORDER BY "periodStart" DESC LIMIT 1
        ) v ON true
      ), newest AS (SELECT i, max(ps) AS ps FROM cells GROUP BY i)
      SELECT c.o, c.i, c.ps, c.value, c.suppressed, c."isDemo", p.value AS plan
      FROM cells c JOIN newest n ON n.i = c.i
      LEFT JOIN "PlanTrajectory" p ON p."organisationCode" = c.o AND p."indicatorCode" = c.i
        AND p."periodStart" = COALESCE(c.ps, n.ps)`;
    const byKey = new Map(rows.map((r) => [`${r.o}\n${r.i}`, r]));
    const gridRows = indicators.map((indicator) => ({
      indicator,
      cells: codes.map((code) => ccgCell(indicator, byKey.get(`${code}\n${indicator.code}`), now)),
    }));
    return {
      scope,
      columns: ccgs.map(({ code, name }) => ({ code, name })),
      rows: gridRows,
      includesDemoData: rows.some((r) => r.isDemo),
    };
  }

  /** Every area team on the same footing: each indicator's newest national period, each team's CCGs together. */
  private async englandGrid(): Promise<Grid> {
    const [teams, position] = await Promise.all([
      this.organisations.list("AREA_TEAM"),
      this.positions.positionOf("england"),
    ]);
    return englandGridOf(position, teams);
  }

  private async nationalAsk(): Promise<GridIndicator[]> {
    const indicators = await this.prisma.indicator.findMany({
      where: { ownerCode: null, standard: { not: null } },
      orderBy: { code: "asc" },
    });
    if (!indicators.length) throw notFound("There is no national ask with standards to show yet.");
    return indicators;
  }
}

const higherIsBetter = (i: PositionIndicator) => i.direction === "HIGHER_IS_BETTER";

/** A plan rated against the standard alone (it is the plan: "on plan" does not apply). */
const planRagOf = (i: PositionIndicator, plan: number | null, standard = i.standard): Rag =>
  plan === null
    ? "grey"
    : ragFor({
        value: plan,
        standard,
        tolerance: i.amberTolerance,
        plan: null,
        higherIsBetter: higherIsBetter(i),
        stale: false,
      }).rag;

/** One CCG's cell, rated as status rates its row (src/core/indicators/status.ts): the same rules and inputs. */
function ccgCell(indicator: GridIndicator, row: CellRow | undefined, now: Date): GridCell {
  const plan = row?.plan === null || row?.plan === undefined ? null : Number(row.plan);
  if (!row?.ps) {
    return { actual: null, plan, rag: "grey", planRag: planRagOf(indicator, plan), period: null, note: "no data" };
  }
  const periodStart = new Date(row.ps);
  const value = row.value === null ? null : Number(row.value);
  const staleFrom = staleSince(periodStart, indicator.period, indicator.publicationLagDays);
  const stale = staleFrom <= now;
  const { rag, reason } = ragFor({
    value,
    suppressed: row.suppressed ?? false,
    standard: indicator.standard,
    tolerance: indicator.amberTolerance,
    plan,
    higherIsBetter: higherIsBetter(indicator),
    stale,
  });
  const note =
    stale && value !== null ? `stale since ${formatLondonDate(staleFrom)}` : rag === "grey" ? reason : undefined;
  return {
    actual: value,
    plan,
    rag,
    planRag: planRagOf(indicator, plan),
    period: formatPeriod(periodStart, indicator.period),
    ...(note ? { note } : {}),
    ...(row.isDemo ? { demo: true } : {}),
  };
}

/** An area team's cell: its CCGs together against the standard (a count's standard is each CCG's, so it adds up). */
function teamCell(indicator: PositionIndicator, p: IndicatorPosition): GridCell {
  const standard = indicator.unit === "count" ? indicator.standard! * p.counted : indicator.standard;
  const { rag } = ragFor({
    value: p.actual,
    standard,
    tolerance: indicator.amberTolerance,
    plan: p.planned,
    higherIsBetter: higherIsBetter(indicator),
    stale: false,
  });
  return {
    actual: p.actual,
    plan: p.planned,
    rag,
    planRag: planRagOf(indicator, p.planned, standard),
    period: p.period,
    ...(p.demoFigures ? { demo: true } : {}),
  };
}

/** England's grid from England's position: a row per indicator with figures, a column per area team. */
export function englandGridOf(position: Position, teams: Pick<OrganisationSummary, "code" | "name">[]): Grid {
  const columns = [...teams].sort((a, b) => a.code.localeCompare(b.code)).map(({ code, name }) => ({ code, name }));
  const positions: NonNullable<Grid["positions"]> = [];
  const rows = position.indicators.map((p) => {
    const byTeam = new Map((p.areaTeams ?? []).map((t) => [t.areaTeam.code, t.position]));
    return {
      indicator: p.indicator as GridIndicator,
      cells: columns.map((team): GridCell => {
        const own = byTeam.get(team.code);
        if (!own) return { actual: null, plan: null, rag: "grey", planRag: "grey", period: null, note: "no data" };
        positions.push({ areaTeam: team.code, indicator: p.indicator.code, position: own });
        return teamCell(p.indicator, own);
      }),
    };
  });
  const includesDemoData = position.indicators.some((p) => p.demoFigures > 0);
  return { scope: null, columns, rows, includesDemoData, positions };
}

/** "93.1%", or "—". */
export const gridValue = (i: PositionIndicator, v: number | null) =>
  v === null ? "—" : (formatValue(v, i.unit) ?? "—");
