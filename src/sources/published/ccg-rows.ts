// The row loop of a table by commissioner, shared by its readers: blank rows and footnotes passed, rows that are not
// a CCG's (England, area teams, regions, providers, other levels and codes) set aside and counted by reason, and each
// CCG's row given with its period, read from the row's own period column or else the file's. A reader keeps only its
// own values.
import { commissionerOf, quarterOrMonth } from "./layout";
import type { SheetRow } from "./workbook";

export type RowPeriod = { quarter: string } | { month: string };

export interface CcgColumns {
  code?: number;
  name?: number;
  /** England, Area Team, CCG, Provider… */
  level?: number;
  period?: number;
}

export interface CcgRowOptions {
  organisations: Map<string, { kind: "CCG" | "AREA_TEAM" }>;
  /** the file's period (title, name or `--period`), for rows without their own */
  filePeriod: RowPeriod | undefined;
  /** `--period` was given: it wins over each row's period column */
  periodGiven: boolean;
  /** a provider level or code is named as a provider's row (publications that list providers beside CCGs) */
  providers?: boolean;
  /** rows set aside, by reason, counted into this */
  setAside: Record<string, number>;
}

export interface CcgRow {
  row: SheetRow;
  ccg: string;
  /** the period as read: the row's own, else the file's; undefined when neither is readable */
  period: RowPeriod | undefined;
  /** the period cell as written, for the import to name when it is unreadable ("" without the column) */
  periodText: string;
  /** a cell of the row, trimmed; "" for a column the table lacks */
  cell(column: number | undefined): string;
}

/** Why a row that is not a CCG's is set aside, from its level, code or name; undefined for a CCG's row. */
export function notCcg(level: string, code: string, name: string, providers = false): string | undefined {
  if (level && !/^(ccg|clinical commissioning)/i.test(level)) {
    if (/england|national/i.test(level)) return "England (X24)";
    if (/area team/i.test(level)) return "area team rows (Q…)";
    if (/region/i.test(level)) return "region rows (Y…)";
    if (providers && /provider|trust/i.test(level)) return "provider rows";
    return `other levels ("${level}")`;
  }
  if (/^Y5\d$/.test(code) || (code === "" && /\bregion\b/i.test(name))) return "region rows (Y…)";
  if (code === "" && /\barea team\b/i.test(name)) return "area team rows (Q…)";
  if (providers && /^[RTN][A-Z0-9]{2,4}$/.test(code)) return "provider rows";
  return undefined;
}

/** Each CCG's row of `body`, with its period; every other row with a code or name is counted in `setAside`. */
export function* ccgRows(body: SheetRow[], c: CcgColumns, options: CcgRowOptions): Generator<CcgRow> {
  const count = (why: string) => {
    options.setAside[why] = (options.setAside[why] ?? 0) + 1;
  };
  for (const r of body) {
    const cell = (k: number | undefined) => (k === undefined ? "" : (r.cells[k] ?? "").trim());
    if (!r.cells.some((x) => x.trim() !== "")) continue;
    const code = cell(c.code).toUpperCase();
    if (!code && !cell(c.name)) continue; // footnotes, even in the level column
    const reason = notCcg(cell(c.level), code, cell(c.name), options.providers);
    if (reason) {
      count(reason);
      continue;
    }
    const who = commissionerOf(code, cell(c.name), options.organisations);
    if (!who) continue;
    if ("setAside" in who) {
      count(who.setAside);
      continue;
    }
    const periodText = cell(c.period);
    const period = c.period !== undefined && !options.periodGiven ? quarterOrMonth(periodText) : options.filePeriod;
    yield { row: r, ccg: who.ccg, period, periodText, cell };
  }
}
