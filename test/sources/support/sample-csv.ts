// A large, valid import file for throughput tests and benchmarks: every CCG of the reference data, every monthly
// NHS Constitution indicator, as many months back from September 2013 as it takes to reach `rows`.
// `npx tsx test/sources/support/sample-csv.ts <file> <rows>` writes one.
import { createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

const REFERENCE = new URL("../../../prisma/reference/", import.meta.url);

export function referenceCcgCodes(): string[] {
  const rows = parse(readFileSync(new URL("ccgs-2013.csv", REFERENCE)), { columns: true }) as { ccg_code: string }[];
  return rows.map((r) => r.ccg_code);
}

export function monthlyIndicators(): { code: string; unit: string }[] {
  const file = JSON.parse(readFileSync(new URL("nhs-constitution-standards-2013-14.json", REFERENCE), "utf8")) as {
    standards: { code: string; unit: string; reporting_frequency: string }[];
  };
  return file.standards
    .filter((s) => s.reporting_frequency === "monthly")
    .map((s) => ({ code: s.code, unit: s.unit === "percent" ? "%" : "count" }));
}

/** CSV lines (header first) of `rows` valid values; the same every time. */
export function* sampleLines(rows: number, eol = "\n"): Generator<string> {
  const ccgs = referenceCcgCodes();
  const indicators = monthlyIndicators();
  yield `organisation,indicator,period,value,numerator,denominator${eol}`;
  let written = 0;
  for (let back = 0; written < rows; back++) {
    const d = new Date(Date.UTC(2013, 8 - back, 1));
    const period = d.toISOString().slice(0, 7);
    for (const indicator of indicators) {
      for (let c = 0; c < ccgs.length && written < rows; c++) {
        const denominator = 1000 + ((c * 37 + back * 11) % 9000);
        const numerator =
          indicator.unit === "%" ? Math.round(denominator * (0.8 + ((c + back) % 20) / 100)) : (c + back) % 5;
        const value = indicator.unit === "%" ? Math.round((numerator / denominator) * 1000) / 10 : numerator;
        yield indicator.unit === "%"
          ? `${ccgs[c]},${indicator.code},${period},${value},${numerator},${denominator}${eol}`
          : `${ccgs[c]},${indicator.code},${period},${value},,${eol}`;
        written++;
      }
      if (written >= rows) break;
    }
  }
}

export async function writeSampleCsv(file: string, rows: number, options: { eol?: string; bom?: boolean } = {}) {
  const out = createWriteStream(file);
  if (options.bom) out.write("\uFEFF");
  let chunk = "";
  for (const line of sampleLines(rows, options.eol)) {
    chunk += line;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeSampleCsv(process.argv[2] ?? "sample.csv", Number(process.argv[3] ?? 200_000));
}
