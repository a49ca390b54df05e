import { z } from "zod";
import { DomainError, forbidden } from "../src/core/errors";
import { formatLondonDateTime, formatPeriod } from "../src/core/time";
import type { Block } from "../src/reply/model";
import { FingertipsError } from "../src/sources/fingertips/client";
import { fingertipsClient, fingertipsConfig } from "../src/sources/fingertips/config";
import {
  DEFAULT_CCG_AREA_TYPE,
  syncFingertipsIndicator,
  type FingertipsMapping,
  type SyncReport,
} from "../src/sources/fingertips/sync";
import { describeReport } from "../src/sources/import";
import { listSources } from "../src/sources/provenance";
import { defineCommand } from "./command";
import { takeKeywords } from "./words";

const positiveId = (what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${what} is a number, e.g. 90365.`)
    .transform(Number)
    .optional();

const unavailable = (message: string) =>
  new DomainError("unavailable", message, "Nothing was stored. Try again later; `sources` shows what came when.");

function syncBlocks(mapping: FingertipsMapping, report: SyncReport): Block[] {
  const skipped = Object.entries(report.skippedBy).map(([why, n]) => `${n} ${why}`);
  return [
    {
      type: "paragraph",
      text: `Fingertips ${mapping.fingertipsId} (${report.fingertipsName}) → ${mapping.indicatorCode}, area type ${report.areaType.Id} ${report.areaType.Name}.`,
    },
    ...describeReport(report, 10).map((text): Block => ({ type: "paragraph", text })),
    ...(skipped.length ? [{ type: "context" as const, text: `Rows skipped: ${skipped.join(", ")}.` }] : []),
    { type: "context", text: `From ${report.url}, stored with source ${report.source}.` },
  ];
}

export const sourcesCommand = defineCommand({
  name: "sources",
  summary: "Where indicator figures came from and when; fetch an indicator from Fingertips (operators)",
  usage:
    "sources | sources sync | sources sync <fingertips id> <indicator> [area-type <id>] [sex <Persons|Male|Female>]",
  examples: ["sources", "sources sync 90365 ois_1_1", "sources sync 92655 ois_2_6 area-type 153"],
  needsPerson: false,
  parse(words) {
    const verb = words[0]?.toLowerCase() ?? "list";
    const { rest, found } = takeKeywords(words.slice(1), ["area-type", "sex"] as const);
    return {
      verb,
      fingertipsId: rest[0],
      indicator: rest[1],
      areaType: found["area-type"],
      sex: found.sex,
      extra: rest.slice(2).join(" "),
    };
  },
  args: z
    .object({
      verb: z.enum(["list", "sync"], { error: "Say `sources` to list them, or `sources sync`." }),
      fingertipsId: positiveId("The Fingertips indicator id"),
      indicator: z
        .string()
        .regex(/^[a-z0-9_]+$/i, "Give our indicator code to store it under, e.g. ois_1_1.")
        .optional(),
      areaType: positiveId("The area type"),
      sex: z.string().max(20).optional(),
      extra: z.string().max(0, "Too many words: `sources sync <fingertips id> <indicator> [area-type <id>]`."),
    })
    .refine((a) => (a.fingertipsId === undefined) === (a.indicator === undefined), {
      error: "Give both the Fingertips indicator id and our indicator code: `sources sync 90365 ois_1_1`.",
    }),
  async run({ core, actor, now }, a) {
    if (a.verb === "list") {
      const sources = await listSources(core.prisma);
      return {
        reply: {
          summary: `${sources.length} sources of indicator figures`,
          blocks: [
            { type: "heading", text: "Where the figures came from" },
            sources.length
              ? {
                  type: "items",
                  items: sources.map((s) => ({
                    title: `${s.source} — ${s.kind === "plans" ? "plan values" : "values"}`,
                    detail:
                      `${s.rows.toLocaleString("en-GB")} rows, ${s.ccgs} CCGs, ${s.indicators} indicators, ` +
                      `${formatPeriod(s.firstPeriod, "MONTH")} to ${formatPeriod(s.lastPeriod, "MONTH")}; ` +
                      `last changed ${formatLondonDateTime(s.lastImportedAt)}`,
                  })),
                }
              : { type: "paragraph", text: "No figures yet: `npm run import -- file.csv` or `sources sync`." },
          ],
          visibility: "private",
        },
      };
    }
    if (actor?.role !== "OPERATOR") {
      throw forbidden(
        "Only an operator (who runs this deployment) can fetch figures from Fingertips.",
        "Operators are set in the console with `--as name@ORG:operator`.",
      );
    }
    const config = fingertipsConfig();
    const mappings: FingertipsMapping[] =
      a.fingertipsId !== undefined
        ? [
            {
              fingertipsId: a.fingertipsId,
              indicatorCode: a.indicator!.toLowerCase(),
              areaTypeId: a.areaType ?? DEFAULT_CCG_AREA_TYPE,
              ...(a.sex ? { sex: a.sex } : {}),
            },
          ]
        : config.FINGERTIPS_SYNC;
    if (!mappings.length) {
      throw new DomainError(
        "bad-input",
        "Nothing is set up to sync.",
        "Name one (`sources sync 90365 ois_1_1`), or set FINGERTIPS_SYNC, e.g. `90365=ois_1_1,92655=ois_2_6`.",
      );
    }
    const client = fingertipsClient(config);
    const blocks: Block[] = [];
    for (const mapping of mappings) {
      try {
        const report = await syncFingertipsIndicator({ prisma: core.prisma }, client, mapping, { now });
        if (blocks.length) blocks.push({ type: "divider" });
        blocks.push(...syncBlocks(mapping, report));
      } catch (error) {
        if (!(error instanceof FingertipsError)) throw error;
        if (mappings.length === 1) throw unavailable(error.message);
        blocks.push({
          type: "paragraph",
          text: `Fingertips ${mapping.fingertipsId} → ${mapping.indicatorCode}: ${error.message}`,
        });
      }
    }
    return {
      reply: {
        summary: `Fingertips sync: ${mappings.length} indicator${mappings.length > 1 ? "s" : ""}`,
        blocks,
        visibility: "private",
      },
    };
  },
});
