// The provider → CCG attribution table: which share of each provider's activity belongs to which CCG, from a date.
// `npm run import -- shares.csv --format provider-attribution` reads a CSV (or a spreadsheet's first table) of
//   provider code, provider name, provider kind (optional), CCG code, share, valid from
// checks every row (a provider code shaped like an ODS trust or site code, a CCG we know, a share in (0, 1], a date),
// and per provider and valid-from date the shares' sum (over 1.0001 rejects the provider's rows; under 0.95 is a
// note: some of its activity goes to commissioners outside the table). Nothing is stored unless every row is good.
// Stored, the table replaces, for each valid-from date it gives, that source's earlier rows and any earlier rows of
// the providers it names (a provider's shares at one date come from one table); rows that are the same are left as
// they were, so importing the same file twice changes nothing. Provider-level publications (A&E) are turned into
// CCG figures with the shares in force for their period (attribution-shares.ts).
import type { PrismaClient } from "../../core/db";
import {
  emptyReport,
  ImportFileError,
  REJECTION_KINDS,
  type ImportReport,
  type Rejection,
  type RejectionKind,
} from "../import/report";
import type { ImportDatabase } from "../transaction";
import type { PublishedFormat } from "./format";
import { columnOf, findHeader } from "./layout";
import { cellRef, openWorkbook, type Workbook } from "./workbook";

export const ATTRIBUTION_FORMAT = "provider-attribution";

/** An ODS trust code (RJ1, RRV, TAD) or a site code under it (RJ122). */
export const PROVIDER_CODE = /^[RT][A-Z0-9]{2}(?:[A-Z0-9]{2})?$/;

const HEADERS = {
  provider: ["providercode", "provider", "trustcode", "providerorgcode", "orgcode"],
  name: ["providername", "trustname", "name", "orgname"],
  kind: ["providerkind", "kind", "providertype", "type"],
  ccg: ["ccgcode", "ccg", "commissionercode", "commissioner", "organisation", "organisationcode"],
  share: ["share", "shareofactivity", "proportion", "fraction", "sharepercent", "percentage", "percent"],
  validFrom: ["validfrom", "from", "effectivefrom", "startdate", "validfromdate"],
};
const REQUIRED = [HEADERS.provider, HEADERS.ccg, HEADERS.share];

export interface AttributionOptions {
  source?: string;
  kind?: string;
  mode: ImportReport["mode"];
  now: Date;
}

interface Parsed {
  line: number;
  at: string;
  provider: string;
  name: string;
  kind: string | null;
  ccg: string;
  share: number;
  validFrom: string;
}

/** A valid-from date: 2014-04-01, 01/04/2014, Apr 2014 (its first day), 2014/15 (1 April 2014). */
export function validFromOf(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:T.*)?$/.exec(t);
  if (m) return date(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return date(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(t);
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  if (m && months.includes(m[1]!.toLowerCase())) return date(Number(m[2]), months.indexOf(m[1]!.toLowerCase()) + 1, 1);
  m = /^(\d{4})\s*\/\s*(\d{2})$/.exec(t);
  if (m && (Number(m[1]) + 1) % 100 === Number(m[2])) return date(Number(m[1]), 4, 1);
  return undefined;
}

function date(year: number, month: number, day: number): string | undefined {
  if (year < 1948 || year > 2099) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d.toISOString().slice(0, 10) : undefined;
}

export async function importProviderAttribution(
  db: ImportDatabase,
  file: string,
  options: AttributionOptions,
): Promise<ImportReport> {
  const started = Date.now();
  const report = emptyReport({ kind: "values", mode: "all-or-nothing" }, options.source ?? file, []);
  report.format = ATTRIBUTION_FORMAT;
  const done = () => ({ ...report, durationMs: Date.now() - started });
  if (options.kind === "plans") {
    report.fatal = { line: 0, message: "A provider attribution table holds shares, not plans: leave out --kind." };
    return done();
  }
  let book: Workbook;
  try {
    book = await openWorkbook(file);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    report.fatal = { line: error.line, message: error.message };
    return done();
  }
  const source = options.source ?? book.fileName;
  report.source = source;
  const organisations = new Map(
    (await db.prisma.organisation.findMany({ select: { code: true, kind: true } })).map((o) => [o.code, o.kind]),
  );
  let rows: Parsed[];
  try {
    rows = readTable(book, organisations, report);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    report.fatal = { line: error.line, message: error.message };
    return done();
  }
  if (report.rejected || rows.length === 0) {
    if (!report.rejected && !report.fatal) report.fatal = { line: 0, message: "The table has no rows of shares." };
    return done();
  }
  await store(db.prisma, rows, source, options.now, report);
  report.committed = true;
  return done();
}

function readTable(book: Workbook, organisations: Map<string, string>, report: ImportReport): Parsed[] {
  const sheet = book.sheets.find((s) => findHeader(s, REQUIRED));
  const header = sheet && findHeader(sheet, REQUIRED);
  if (!sheet || !header)
    throw new ImportFileError(
      1,
      "I can't find the attribution table's header: it needs the columns provider code, provider name, CCG code, " +
        "share and valid from (provider kind is optional).",
    );
  const col = (names: string[]) => columnOf(header, ...names);
  const c = {
    provider: col(HEADERS.provider)!,
    name: col(HEADERS.name),
    kind: col(HEADERS.kind),
    ccg: col(HEADERS.ccg)!,
    share: col(HEADERS.share)!,
    validFrom: col(HEADERS.validFrom),
  };
  const missing = [c.name === undefined && "provider name", c.validFrom === undefined && "valid from"].filter(Boolean);
  if (missing.length)
    throw new ImportFileError(header.row.row, `The table has no column ${missing.join(" and no column ")}.`);
  const shareHeader = header.row.cells[c.share]!;
  const reject = (line: number, at: string | undefined, kind: RejectionKind, message: string) => {
    report.rejected++;
    report.rejectedByKind[kind] = (report.rejectedByKind[kind] ?? 0) + 1;
    if (report.rejections.length < 1000) report.rejections.push({ line, ...(at && { at }), kind, message });
  };
  const body = sheet.rows.slice(header.index + 1).filter((r) => r.cells.some((x) => x.trim() !== ""));
  // Shares as fractions (0.62) or percentages (62, 62%): percentages when the header says so, a cell has a "%",
  // or any share is over 1 (then every share of the file is a percentage).
  const shareText = body.map((r) => (r.cells[c.share] ?? "").trim());
  const numbers = shareText.map((t) => Number(t.replace(/%$/, "").replaceAll(",", "")));
  const percent =
    /%|percent/i.test(shareHeader) || shareText.some((t) => t.endsWith("%")) || numbers.some((n) => n > 1);
  if (percent)
    report.notes.push(
      `Shares read as percentages (${/%|percent/i.test(shareHeader) ? `the column is "${shareHeader}"` : shareText.some((t) => t.endsWith("%")) ? "they carry %" : "some are over 1"}), divided by 100.`,
    );
  const parsed: Parsed[] = [];
  const names = new Map<string, { name: string; line: number }>();
  const keys = new Map<string, number>();
  body.forEach((r, i) => {
    report.rowsRead++;
    const cell = (k: number | undefined) => (k === undefined ? "" : (r.cells[k] ?? "").trim());
    const at = (k: number) => cellRef(sheet, book, r.row, k);
    const provider = cell(c.provider).toUpperCase();
    const name = cell(c.name);
    const ccg = cell(c.ccg).toUpperCase();
    const from = cell(c.validFrom);
    if (!PROVIDER_CODE.test(provider))
      return reject(
        r.row,
        at(c.provider),
        "field",
        provider
          ? `provider code "${provider}" is not an ODS trust code (3 characters starting with R or T, such as RJ1) or site code (5)`
          : "no provider code",
      );
    if (!name) return reject(r.row, at(c.name!), "field", `no provider name for ${provider}`);
    const kind = organisations.get(ccg);
    if (kind !== "CCG")
      return reject(
        r.row,
        at(c.ccg),
        "organisation",
        kind ? `${ccg} is an area team; shares are of CCGs` : ccg ? `CCG "${ccg}" is not a CCG we know` : "no CCG code",
      );
    const n = numbers[i]!;
    if (shareText[i] === "" || !Number.isFinite(n))
      return reject(r.row, at(c.share), "field", shareText[i] ? `share "${shareText[i]}" is not a number` : "no share");
    const share = percent ? n / 100 : n;
    if (!(share > 0 && share <= 1))
      return reject(
        r.row,
        at(c.share),
        "range",
        `share ${shareText[i]} is not ${percent ? "a percentage over 0 and up to 100" : "a fraction over 0 and up to 1"}`,
      );
    const validFrom = validFromOf(from);
    if (!validFrom)
      return reject(
        r.row,
        at(c.validFrom!),
        "field",
        from
          ? `valid from "${from}" is not a date (2014-04-01, 01/04/2014, Apr 2014 or 2014/15)`
          : "no valid-from date",
      );
    const known = names.get(provider);
    if (known && known.name !== name)
      return reject(
        r.row,
        at(c.name!),
        "field",
        `provider ${provider} is named "${name}" here and "${known.name}" on line ${known.line}`,
      );
    names.set(provider, { name, line: r.row });
    const key = `${provider}|${ccg}|${validFrom}`;
    const first = keys.get(key);
    if (first !== undefined)
      return reject(
        r.row,
        at(c.ccg),
        "duplicate",
        `${provider}'s share for ${ccg} from ${validFrom} is also on row ${first}`,
      );
    keys.set(key, r.row);
    parsed.push({ line: r.row, at: at(c.share), provider, name, kind: cell(c.kind) || null, ccg, share, validFrom });
  });
  // Per provider and date, the shares of its activity: at most all of it, and normally nearly all.
  const groups = new Map<string, Parsed[]>();
  for (const p of parsed) {
    const k = `${p.provider}|${p.validFrom}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const low: string[] = [];
  for (const group of groups.values()) {
    const sum = group.reduce((s, p) => s + p.share, 0);
    const { provider, validFrom } = group[0]!;
    if (sum > 1.0001)
      reject(
        group[0]!.line,
        group[0]!.at,
        "range",
        `${provider}'s shares from ${validFrom} add up to ${(sum * 100).toFixed(1)}% (rows ${group.map((p) => p.line).join(", ")}): ` +
          `a provider's shares are of its own activity and add up to at most 100%`,
      );
    else if (sum < 0.95) low.push(`${provider} ${(sum * 100).toFixed(1)}%`);
  }
  if (low.length)
    report.notes.push(
      `Shares adding up to less than 95% (the rest of the activity goes to commissioners not in the table): ${low.join(", ")}.`,
    );
  return parsed;
}

async function store(prisma: PrismaClient, rows: Parsed[], source: string, now: Date, report: ImportReport) {
  const dates = [...new Set(rows.map((r) => r.validFrom))];
  const providers = [...new Set(rows.map((r) => r.provider))];
  const key = (p: string, c: string, d: string) => `${p}|${c}|${d}`;
  const wanted = new Map(rows.map((r) => [key(r.provider, r.ccg, r.validFrom), r]));
  const pairs = new Set(rows.map((r) => `${r.provider}|${r.validFrom}`));
  await prisma.$transaction(
    async (tx) => {
      const existing = await tx.providerAttribution.findMany({
        where: {
          validFrom: { in: dates.map((d) => new Date(d)) },
          OR: [{ source }, { providerCode: { in: providers } }],
        },
      });
      const removed: typeof existing = [];
      const others = new Set<string>();
      const kept = new Set<string>();
      for (const e of existing) {
        const d = e.validFrom.toISOString().slice(0, 10);
        const k = key(e.providerCode, e.ccgCode, d);
        const w = wanted.get(k);
        if (w) {
          kept.add(k);
          if (w.share === e.share && e.source === source) report.unchanged++;
          else {
            report.updated++;
            if (e.source !== source) others.add(e.source);
            await tx.providerAttribution.update({
              where: {
                providerCode_ccgCode_validFrom: {
                  providerCode: e.providerCode,
                  ccgCode: e.ccgCode,
                  validFrom: e.validFrom,
                },
              },
              data: { share: w.share, source, importedAt: now },
            });
          }
        } else if (e.source === source || pairs.has(`${e.providerCode}|${d}`)) {
          removed.push(e);
          if (e.source !== source) others.add(e.source);
        }
      }
      for (const p of providers) {
        const r = rows.find((x) => x.provider === p)!;
        const before = await tx.provider.findUnique({ where: { code: p } });
        if (!before)
          await tx.provider.create({ data: { code: p, name: r.name, kind: r.kind, source, importedAt: now } });
        else if (before.name !== r.name || (r.kind !== null && before.kind !== r.kind))
          await tx.provider.update({
            where: { code: p },
            data: { name: r.name, ...(r.kind !== null && { kind: r.kind }), source, importedAt: now },
          });
      }
      for (const e of removed)
        await tx.providerAttribution.delete({
          where: {
            providerCode_ccgCode_validFrom: {
              providerCode: e.providerCode,
              ccgCode: e.ccgCode,
              validFrom: e.validFrom,
            },
          },
        });
      const fresh = rows.filter((r) => !kept.has(key(r.provider, r.ccg, r.validFrom)));
      if (fresh.length)
        await tx.providerAttribution.createMany({
          data: fresh.map((r) => ({
            providerCode: r.provider,
            ccgCode: r.ccg,
            validFrom: new Date(r.validFrom),
            share: r.share,
            source,
            importedAt: now,
          })),
        });
      report.inserted = fresh.length;
      if (removed.length)
        report.notes.push(
          `${removed.length} earlier share${removed.length === 1 ? "" : "s"} with the same valid-from date removed ` +
            `(not in this table).`,
        );
      if (others.size)
        report.notes.push(
          `Replaced earlier shares of the same providers and dates from ${[...others].map((s) => `"${s}"`).join(", ")}.`,
        );
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  report.notes.unshift(
    `${providers.length} provider${providers.length === 1 ? "" : "s"}, ${new Set(rows.map((r) => r.ccg)).size} CCGs, ` +
      `valid from ${dates.sort().join(", ")}.`,
  );
}

/** The report of an attribution import as a person reads it (the CLI prints it). */
export function describeAttributionReport(report: ImportReport, maxLines = 50): string[] {
  const rows = (n: number) => `${n.toLocaleString("en-GB")} row${n === 1 ? "" : "s"}`;
  const lines: string[] = [];
  if (report.fatal) lines.push(`Nothing imported. ${report.fatal.message}`);
  else if (!report.committed)
    lines.push(
      `Nothing imported: ${rows(report.rejected)} of ${report.rowsRead.toLocaleString("en-GB")} rejected; the ` +
        `attribution table is stored only when every row is good.`,
    );
  else
    lines.push(
      `Imported provider attribution from ${report.source}: ${rows(report.rowsRead)} read, ${report.inserted} new, ` +
        `${report.updated} changed, ${report.unchanged} unchanged in ${(report.durationMs / 1000).toFixed(1)} s.`,
    );
  lines.push(...report.notes);
  if (report.rejected) {
    const kinds = Object.entries(report.rejectedByKind)
      .map(([k, n]) => `${n} ${REJECTION_KINDS[k as RejectionKind]}`)
      .join(", ");
    lines.push(`Rejected rows: ${kinds}.`);
    for (const r of report.rejections.slice(0, maxLines) as Rejection[])
      lines.push(`  ${r.at ? `${r.at} (row ${r.line})` : `line ${r.line}`}: ${r.message}`);
    if (report.rejected > maxLines) lines.push(`  … and ${report.rejected - maxLines} more.`);
  }
  return lines;
}

/** In the list of formats, so `npm run import` without --format recognises a table of shares and names the fix. */
export const PROVIDER_ATTRIBUTION: PublishedFormat = {
  id: ATTRIBUTION_FORMAT,
  title: "Provider attribution to CCGs (shares of each provider's activity)",
  recognise: (book) => book.sheets.some((s) => findHeader(s, REQUIRED, 5) !== undefined),
  read() {
    throw new ImportFileError(
      0,
      "this is a table of shares, not figures: import it with --format provider-attribution.",
    );
  },
};
