// A status row's sparkline: the last periods' values as a small SVG line, with its lowest and highest values labelled.
import { el } from "./dom";

function sparkline(values: number[]): SVGSVGElement | Text {
  if (values.length < 2) return document.createTextNode("");
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const [w, h] = [80, 20];
  const min = Math.min(...values);
  const span = Math.max(...values) - min || 1;
  const points = values.map(
    (v, i) =>
      `${((i / (values.length - 1)) * (w - 2) + 1).toFixed(1)},${(h - 1 - ((v - min) / span) * (h - 2)).toFixed(1)}`,
  );
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", points.join(" "));
  svg.append(line);
  return svg;
}

/** A number as the sparkline's scale shows it: enough digits to tell the lowest from the highest. */
function scaleNumber(v: number, span: number): string {
  // a flat line (span 0) is labelled as its values are, whole numbers without decimals
  const digits = span === 0 ? (Number.isInteger(v) ? 0 : 1) : span >= 10 ? 0 : span >= 1 ? 1 : span >= 0.1 ? 2 : 3;
  return v.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The sparkline with its scale: the lowest and highest of the values it draws, labelled. */
export function sparklineWithScale(values: number[]): HTMLSpanElement | Text {
  if (values.length < 2) return document.createTextNode("");
  const min = Math.min(...values);
  const max = Math.max(...values);
  const wrap = el("span", null, "spark");
  const scale = el("span", null, "scale");
  // The labels are drawn by the stylesheet from data-value (as the line is drawn, not part of the cell's text); the
  // words are the sparkline's title and accessible name.
  const label = (v: number, className: string) => {
    const span = el("span", null, className);
    span.dataset.value = scaleNumber(v, max - min);
    return span;
  };
  scale.append(label(max, "max"), label(min, "min"));
  const words = `the last ${values.length} periods: lowest ${scaleNumber(min, max - min)}, highest ${scaleNumber(max, max - min)}`;
  wrap.title = words;
  wrap.setAttribute("role", "img");
  wrap.setAttribute("aria-label", words);
  wrap.append(sparkline(values), scale);
  return wrap;
}
