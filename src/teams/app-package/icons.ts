// The app's icons, drawn in code: colour 192×192 (white speech bubbles with a tick on NHS blue) and outline
// 32×32 (the same shape in white on transparent, as Teams requires). Shapes are sampled 4×4 per pixel for
// smooth edges.
import { encodePng, type Rgba } from "./png";

type Shape = (x: number, y: number) => boolean;

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };

const triangle =
  (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape =>
  (x, y) => {
    const s = (px: number, py: number, qx: number, qy: number) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
    const d1 = s(ax, ay, bx, by);
    const d2 = s(bx, by, cx, cy);
    const d3 = s(cx, cy, ax, ay);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };

/** A thick line segment with round ends. */
const stroke =
  (ax: number, ay: number, bx: number, by: number, width: number): Shape =>
  (x, y) => {
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - (ax + t * dx)) ** 2 + (y - (ay + t * dy)) ** 2 <= (width / 2) ** 2;
  };

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

/** Coverage of a shape over one pixel, 0..1. */
function coverage(shape: Shape, px: number, py: number, scale: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (shape((px + (i + 0.5) / 4) / scale, (py + (j + 0.5) / 4) / scale)) hits++;
  return hits / 16;
}

// The design on a 32-unit grid: a back bubble, a front bubble with its tail, a tick in the front bubble.
const backBubble = union(roundedRect(3, 4, 21, 17, 4), triangle(6, 16, 11, 16, 5, 21));
const frontBubble = union(roundedRect(11, 11, 29, 25, 4), triangle(21, 24, 26, 24, 27, 29));
const tick = union(stroke(15.5, 18, 18.5, 21, 2.4), stroke(18.5, 21, 24.5, 15, 2.4));

const NHS_BLUE: Rgba = [0, 94, 184, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const mix = (a: Rgba, b: Rgba, t: number): Rgba =>
  [0, 1, 2, 3].map((i) => Math.round(a[i]! * (1 - t) + b[i]! * t)) as Rgba;

/** Colour icon: full-bleed NHS blue, the symbol in white within the centre 96×96 safe area. */
export function colourIcon(): Buffer {
  const size = 192;
  const scale = 96 / 32; // symbol 96 px wide, centred
  const offset = (size - 96) / 2;
  const frontOutline = minus(frontBubble, roundedRect(12.6, 12.6, 27.4, 23.4, 2.8));
  const symbol = union(minus(backBubble, frontBubble), frontOutline, tick);
  return encodePng(size, size, (x, y) => mix(NHS_BLUE, WHITE, coverage(symbol, x - offset, y - offset, scale)));
}

/** Outline icon: 32×32, white and transparent only. */
export function outlineIcon(): Buffer {
  const frontOutline = minus(frontBubble, roundedRect(12.6, 12.6, 27.4, 23.4, 2.8));
  const backOutline = minus(minus(backBubble, roundedRect(4.6, 5.6, 19.4, 15.4, 2.8)), frontBubble);
  const symbol = union(backOutline, frontOutline, tick);
  return encodePng(32, 32, (x, y) => [255, 255, 255, Math.round(255 * coverage(symbol, x, y, 1))]);
}
