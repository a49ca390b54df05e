// Editing a downloaded planning template as a planning lead would: the plan cell of some rows filled in.

/** The template's CSV with the plan cell of each `indicator|period` given set to its value. */
export function editPlan(csv: string, values: Record<string, string>): string {
  return csv
    .split("\r\n")
    .map((line) => {
      const cells = line.split(",");
      const v = values[`${cells[0]!.replace(/^\uFEFF/, "")}|${cells[1]}`];
      if (v === undefined) return line;
      cells[2] = v;
      return cells.join(",");
    })
    .join("\r\n");
}

/** The spreadsheet row number (1 = the header) of an indicator's period in the template. */
export const planRowOf = (csv: string, indicator: string, period: string) =>
  csv.split("\r\n").findIndex((l) => l.startsWith(`${indicator},${period},`)) + 1;
