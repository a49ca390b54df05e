// The publications the import reads as published, and how a file is matched to one. Each reader is its own module;
// this list is the only place that names them all.
import { AE_MONTHLY, AE_WEEKLY } from "./ae-formats";
import { ambulanceQuality } from "./ambulance";
import { PROVIDER_ATTRIBUTION } from "./attribution";
import { cancerWaitingTimes } from "./cancer-waiting-times";
import { ccgOutcomes } from "./ccg-ois";
import { CCG_OBJECTIVES, CCG_SUCCESSORS } from "./ccg-tables";
import { dementia } from "./dementia";
import { dm01 } from "./dm01";
import { hcaiCdiff, hcaiMrsa } from "./hcai";
import { iapt } from "./iapt";
import { iaptMonthly } from "./iapt-monthly";
import type { PublishedFormat } from "./format";
import { rttAdmitted, rttIncomplete, rttNonAdmitted } from "./rtt-commissioner";
import type { Workbook } from "./workbook";

export const PUBLISHED_FORMATS: readonly PublishedFormat[] = [
  rttIncomplete,
  rttAdmitted,
  rttNonAdmitted,
  cancerWaitingTimes,
  dm01,
  AE_MONTHLY,
  AE_WEEKLY,
  ambulanceQuality,
  hcaiMrsa,
  hcaiCdiff,
  ccgOutcomes,
  iapt,
  iaptMonthly,
  dementia,
  PROVIDER_ATTRIBUTION,
  CCG_SUCCESSORS,
  CCG_OBJECTIVES,
];

/** The id our own layout answers to with `--format` (organisation, indicator, period, value…). */
export const OWN_LAYOUT = "plan-dialogue";

export function formatById(id: string): PublishedFormat | undefined {
  return PUBLISHED_FORMATS.find((f) => f.id === id);
}

/** The publications this file looks like (normally one). */
export function recognise(book: Workbook): PublishedFormat[] {
  return PUBLISHED_FORMATS.filter((f) => f.recognise(book));
}

/** The sentence for a file no reader recognises: the formats known, and what the file's first rows hold. */
export function unrecognised(book: Workbook): string {
  const seen = book.sheets
    .slice(0, 3)
    .map((s) => {
      const row = s.rows.find((r) => r.cells.filter((c) => c !== "").length >= 3) ?? s.rows[0];
      const cells = (row?.cells ?? []).filter((c) => c !== "").slice(0, 12);
      return `${book.kind === "csv" ? "" : `sheet "${s.name}": `}${cells.map((c) => `"${c}"`).join(", ") || "nothing"}`;
    })
    .join("; ");
  return (
    `I don't recognise this file as a publication I read. Its columns: ${seen}. ` +
    `Known formats (name one with --format): ${OWN_LAYOUT} (our own CSV: organisation, indicator, period, value), ` +
    PUBLISHED_FORMATS.map((f) => `${f.id} (${f.title})`).join(", ") +
    "."
  );
}
