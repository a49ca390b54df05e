// An import's report as a person reads it, for the CLI and the sources command.
import { REJECTION_KINDS, type ImportReport, type RejectionKind } from "./report";

/** The report as a person reads it: what happened, then every reported rejection with its line. */
export function describeReport(report: ImportReport, maxLines = 50): string[] {
  const what = report.kind === "values" ? "values" : "plan values";
  const rows = (n: number, word = "row") => `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
  const lines: string[] = [];
  if (report.fatal) {
    lines.push(`Nothing imported. ${report.fatal.message}`);
  } else if (!report.committed) {
    lines.push(
      `Nothing imported: ${rows(report.rejected)} of ${report.rowsRead.toLocaleString("en-GB")} rejected, and mode ` +
        `all-or-nothing writes nothing unless every row is good. Fix them, or run again with --mode valid-rows to ` +
        `import the rest.`,
    );
  } else {
    lines.push(
      `Imported ${what} from ${report.source}: ${rows(report.rowsRead + report.rowsSkipped)} read, ` +
        `${report.inserted.toLocaleString("en-GB")} new, ${report.updated.toLocaleString("en-GB")} changed, ` +
        `${report.unchanged.toLocaleString("en-GB")} unchanged` +
        (report.repeatedRows ? `, ${rows(report.repeatedRows, "repeated row")} written once` : "") +
        (report.suppressed ? `, ${rows(report.suppressed, "suppressed figure")} kept as suppressed` : "") +
        (report.rowsSkipped ? `, ${rows(report.rowsSkipped)} set aside` : "") +
        (report.rejected ? `; ${rows(report.rejected)} rejected (mode valid-rows)` : "") +
        ` in ${(report.durationMs / 1000).toFixed(1)} s.`,
    );
  }
  if (report.setAsideBy && Object.keys(report.setAsideBy).length) {
    const why = Object.entries(report.setAsideBy).map(([reason, n]) => `${n.toLocaleString("en-GB")} ${reason}`);
    lines.push(`Set aside: ${why.join("; ")}.`);
  }
  lines.push(...report.notes);
  if (report.rejected) {
    const kinds = Object.entries(report.rejectedByKind)
      .map(([k, n]) => `${n} ${REJECTION_KINDS[k as RejectionKind]}`)
      .join(", ");
    lines.push(`Rejected rows: ${kinds}.`);
    const shown = report.rejections.slice(0, maxLines);
    for (const r of shown) lines.push(`  ${r.at ? `${r.at} (row ${r.line})` : `line ${r.line}`}: ${r.message}`);
    if (report.rejected > shown.length)
      lines.push(`  … and ${(report.rejected - shown.length).toLocaleString("en-GB")} more.`);
  }
  return lines;
}
