// What a reader of one publication is: how it recognises its file, and how it turns the file as published into the
// rows the import checks and stores. One module per publication implements this; formats.ts lists them.
import type { RawRow } from "../import/report";
import type { Workbook } from "./workbook";

/** What a reader may need to know of the database: the organisations by code, and their kinds. */
export interface ReadContext {
  /** CCGs and area teams by ODS code */
  organisations: Map<string, { kind: "CCG" | "AREA_TEAM" }>;
  /**
   * Providers' shares per CCG in force on a day (ISO date), for provider-level publications: provider code → the
   * shares of its newest attribution table dated on or before that day, with the table's source and date.
   */
  attribution(day: string): Map<string, { ccg: string; share: number; source?: string; validFrom?: string }[]>;
  /** ODS code by ONS code (E38… → 02N), for files that name CCGs the ONS way */
  onsToOds?: Map<string, string>;
  /** a period given on the command line (`--period "Dec 2014"`), which wins over the file's own */
  period?: string;
}

export interface PublishedRead {
  rows: RawRow[];
  /** rows read but not imported, by reason as a person reads it ("England (X24)": 1) */
  setAside: Record<string, number>;
  /** what a person should know about how the file was read */
  notes: string[];
  /** the period the file describes, as read */
  period: string;
}

export interface PublishedFormat {
  /** for `--format`: "rtt-incomplete" */
  id: string;
  /** as the reply names it: "RTT waiting times, incomplete pathways, by commissioner (NHS England)" */
  title: string;
  /** the publication's home page, kept with the figures' source */
  url?: string;
  /** does this file look like this publication? Looks only at headers and titles. */
  recognise(book: Workbook): boolean;
  /** the file's figures as rows; a file this reader cannot read throws ImportFileError with the reason */
  read(book: Workbook, context: ReadContext): PublishedRead;
}
