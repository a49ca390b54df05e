// A table block (an area team's grid) as a PNG for Slack, drawn like the trend chart: SVG rasterised by resvg with
// the shipped DejaVu font, in the RAG colours status uses. Each cell is two swatches: the figure's RAG with its value,
// then the plan's. Block Kit has no table a bot can fill this wide, so Slack gets the picture and its alt text.
import { Resvg } from "@resvg/resvg-js";
import type { Rag, TableBlock } from "../reply/model";
import { FONT, FONT_FILE, RAG_COLOURS } from "./trend-chart";

export interface GridChart {
  png: Buffer;
  svg: string;
  width: number;
  height: number;
  alt: string;
  title: string;
}

const LABEL_WIDTH = 310;
const SWATCH = 46;
const CELL = SWATCH * 2 + 8;
const ROW = 24;
const TOP = 64;
/** Amber is light: dark text on it; white on the others. */
const INK: Record<Rag, string> = { red: "white", amber: "#212b32", green: "white", grey: "white" };

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const short = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The SVG of a table block. */
export function gridSvg(block: TableBlock): { svg: string; width: number; height: number } {
  const columns = block.columns.slice(1);
  const width = LABEL_WIDTH + columns.length * CELL + 16;
  const height = TOP + block.rows.length * ROW + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#212b32">${escapeXml(block.title)}</text>`,
  ];
  columns.forEach((c, i) => {
    const x = LABEL_WIDTH + i * CELL + CELL / 2;
    out.push(
      `<text x="${x}" y="${TOP - 10}" font-size="11" text-anchor="middle" fill="#212b32">${escapeXml(c)}</text>`,
    );
  });
  const swatch = (x: number, y: number, rag: Rag | undefined, text: string, kind: "figure" | "plan") => {
    const fill = RAG_COLOURS[rag ?? "grey"];
    out.push(
      `<rect class="${kind}" data-rag="${rag ?? "none"}" x="${x}" y="${y}" width="${SWATCH}" height="${ROW - 4}" rx="3" fill="${fill}"${kind === "plan" ? ` fill-opacity="0.75"` : ""}/>`,
      `<text x="${x + SWATCH / 2}" y="${y + 14}" font-size="10" text-anchor="middle" fill="${INK[rag ?? "grey"]}">${escapeXml(short(text, 8))}</text>`,
    );
  };
  block.rows.forEach((r, j) => {
    const y = TOP + j * ROW;
    const label = r.name ? `${r.label} — ${r.name}` : r.label;
    out.push(`<text x="12" y="${y + 14}" font-size="11" fill="#212b32">${escapeXml(short(label, 44))}</text>`);
    r.cells.forEach((c, i) => {
      const x = LABEL_WIDTH + i * CELL;
      swatch(x, y, c.rag, c.text, "figure");
      if (c.second) swatch(x + SWATCH + 2, y, c.second.rag, c.second.text, "plan");
    });
  });
  const key = TOP + block.rows.length * ROW + 22;
  out.push(
    `<text x="12" y="${key}" font-size="11" fill="#425563">Each cell: figure (left), plan (right). </text>`,
    ...(["red", "amber", "green", "grey"] as const).map(
      (r, i) =>
        `<rect x="${270 + i * 90}" y="${key - 11}" width="14" height="14" rx="2" fill="${RAG_COLOURS[r]}"/><text x="${288 + i * 90}" y="${key}" font-size="11" fill="#425563">${r === "grey" ? "no data" : r}</text>`,
    ),
    `</svg>`,
  );
  return { svg: out.join("\n"), width, height };
}

/** The PNG, at twice the layout size so it stays sharp, or less for a wide grid (England's): at most 4,000 px wide. */
export function renderGridChart(block: TableBlock, maxScale = 2): GridChart {
  const { svg, width } = gridSvg(block);
  const scale = Math.min(maxScale, 4000 / width);
  const image = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: "zoom", value: scale },
  }).render();
  return { png: image.asPng(), svg, width: image.width, height: image.height, alt: block.alt, title: block.title };
}
