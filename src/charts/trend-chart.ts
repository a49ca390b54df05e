// A CCG's trend for one indicator as a PNG, drawn on the server: the values (each point in its RAG colour), the
// plan (dashed) and the standard (a rule), with alt text that says the same in words. Vega-Lite describes the chart,
// Vega renders it to SVG without a browser or canvas, and resvg (a Rust renderer shipped as a prebuilt binary inside
// its npm package, nothing downloaded at install) rasterises it with a font shipped in an npm package too, so the
// image is the same on every machine whatever fonts it has.
import { createRequire } from "node:module";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { formatValue } from "../core/indicators/format";
import type { Rag } from "../reply/model";
import { ragOf, trendAltText, trendTitle, type TrendSeries } from "./trend-series";

export const FONT_FILE = path.join(
  path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
  "DejaVuSans.ttf",
);
export const FONT = "DejaVu Sans";

/** NHS identity colours: blue for the line, and the RAG colours people already read in status. */
export const RAG_COLOURS: Record<Rag, string> = { red: "#da291c", amber: "#ffb81c", green: "#007f3b", grey: "#768692" };
const NHS_BLUE = "#005eb8";
const PLAN_COLOUR = "#41b6e6";
/** The earlier plan version: grey, dotted, so it reads as "was" beside the current plan's dashes. */
const EARLIER_PLAN_COLOUR = "#768692";
const STANDARD_COLOUR = "#212b32";

export interface TrendChart {
  png: Buffer;
  width: number;
  height: number;
  /** what the chart shows, in words: always there, for screen readers and where images don't show */
  alt: string;
  title: string;
}

export function trendChartSpec(s: TrendSeries, size = { width: 560, height: 240 }): TopLevelSpec {
  const { indicator } = s;
  const unit = indicator.unit === "%" ? "%" : indicator.unit;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const rows = s.points.map((p) => ({ period: day(p.periodStart), value: p.value, plan: p.plan, rag: ragOf(s, p) }));
  const earlier = s.previousPlan ? `Plan v${s.previousPlan.version} (earlier)` : undefined;
  const lines = [
    ...s.points.flatMap((p) => [
      { period: day(p.periodStart), series: "Value", y: p.value },
      ...(p.plan !== null ? [{ period: day(p.periodStart), series: "Plan", y: p.plan }] : []),
    ]),
    ...(s.previousPlan?.points.map((p) => ({ period: day(p.periodStart), series: earlier!, y: p.value })) ?? []),
  ];
  const seriesNames = ["Value", "Plan", ...(earlier ? [earlier] : [])];
  const all = [
    ...s.points.flatMap((p) => [p.value, p.plan ?? p.value]),
    ...(s.previousPlan?.points.map((p) => p.value) ?? []),
    ...(indicator.standard !== null ? [indicator.standard] : []),
  ];
  const pad = Math.max(0.5, (Math.max(...all) - Math.min(...all)) * 0.1);
  const domain = all.length ? [Math.min(...all) - pad, Math.max(...all) + pad] : [0, 1];
  if (unit === "%") [domain[0], domain[1]] = [Math.max(0, domain[0]!), Math.min(100, domain[1]!)];
  const x = {
    field: "period",
    type: "temporal" as const,
    title: null,
    axis: { format: "%b %Y", labelAngle: 0, tickCount: 6 },
  };
  const y = { type: "quantitative" as const, scale: { domain }, title: unit };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...size,
    background: "white",
    padding: 12,
    title: { text: `${indicator.name}`, subtitle: `${s.ccg.code} ${s.ccg.name}`, anchor: "start" },
    layer: [
      ...(indicator.standard !== null
        ? [
            {
              data: {
                values: [
                  {
                    standard: indicator.standard,
                    label: `Standard ${formatValue(indicator.standard, indicator.unit)}`,
                  },
                ],
              },
              layer: [
                {
                  mark: { type: "rule" as const, color: STANDARD_COLOUR, strokeWidth: 1.5 },
                  encoding: { y: { field: "standard", ...y } },
                },
                {
                  mark: {
                    type: "text" as const,
                    align: "right" as const,
                    dy: -7,
                    x: "width" as const,
                    color: STANDARD_COLOUR,
                    fontSize: 11,
                  },
                  encoding: { y: { field: "standard", ...y }, text: { field: "label", type: "nominal" as const } },
                },
              ],
            },
          ]
        : []),
      {
        data: { values: lines },
        mark: { type: "line" as const, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: "y", ...y },
          color: {
            field: "series",
            type: "nominal" as const,
            scale: { domain: seriesNames, range: [NHS_BLUE, PLAN_COLOUR, EARLIER_PLAN_COLOUR] },
            title: null,
          },
          strokeDash: {
            field: "series",
            type: "nominal" as const,
            scale: {
              domain: seriesNames,
              range: [
                [1, 0],
                [6, 4],
                [2, 3],
              ],
            },
            title: null,
          },
        },
      },
      {
        data: { values: rows },
        mark: { type: "point" as const, filled: true, opacity: 1, size: 60, stroke: "white", strokeWidth: 1 },
        encoding: {
          x,
          y: { field: "value", ...y },
          fill: {
            field: "rag",
            type: "nominal" as const,
            title: "RAG",
            scale: {
              domain: ["red", "amber", "green", "grey"],
              range: [RAG_COLOURS.red, RAG_COLOURS.amber, RAG_COLOURS.green, RAG_COLOURS.grey],
            },
          },
        },
      },
    ],
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 11 },
      legend: { orient: "bottom" },
    },
  };
}

/** The chart as SVG, before it is rasterised. */
export async function trendChartSvg(s: TrendSeries): Promise<string> {
  const view = new vega.View(vega.parse(compile(trendChartSpec(s)).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders the trend as a PNG, at twice the layout size so it stays sharp on high-density screens. */
export async function renderTrendChart(s: TrendSeries, scale = 2): Promise<TrendChart> {
  const svg = await trendChartSvg(s);
  const image = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: "zoom", value: scale },
  }).render();
  return {
    png: image.asPng(),
    width: image.width,
    height: image.height,
    alt: trendAltText(s),
    title: trendTitle(s),
  };
}
