// A sparkline on a canvas: the points sparkPoints (touch-series.ts) lays out, stroked straight
// onto the context. An SVG whose path changes 20 times a second is styled, laid out and painted
// again with the page each time; a canvas is only repainted, and only when its lines changed. The
// stroke stays 1.25 CSS pixels whatever the cell's width: the points are scaled into the canvas's
// box, not the pen.
import type { CanvasSurface } from './canvas-surface.ts';

export interface SparkLine {
  /** x, y pairs in the `width` x `height` units the points were laid out in; NaN breaks. */
  points: readonly number[];
  color: string;
}

/** Whether two sets of lines draw the same. */
export function sameSpark(a: readonly SparkLine[], b: readonly SparkLine[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((line, i) => {
    const other = b[i];
    if (!other || other.color !== line.color || other.points.length !== line.points.length) return false;
    return line.points.every((v, j) => Object.is(v, other.points[j]));
  });
}

/**
 * Paints `lines` (laid out for `width` x `height`) over a canvas `box` CSS pixels in size;
 * `midline` adds a dashed line across the middle (the zero of the imbalance).
 */
export function paintSpark(surface: CanvasSurface, box: { width: number; height: number }, lines: readonly SparkLine[], width: number, height: number, midline: string | null): void {
  const ctx = surface.ctx;
  if (!ctx || box.width <= 0 || box.height <= 0) return;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(box.width * dpr);
  const h = Math.round(box.height * dpr);
  surface.resize(w, h);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (midline !== null) {
    ctx.strokeStyle = midline;
    ctx.lineWidth = dpr;
    ctx.setLineDash([2 * dpr, 2 * dpr]);
    ctx.beginPath();
    ctx.moveTo(dpr, h / 2);
    ctx.lineTo(w - dpr, h / 2);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  // The points' own units stretched over the box, a pixel in from its edges.
  const sx = (w - 2 * dpr) / width;
  const sy = (h - 2 * dpr) / height;
  ctx.lineWidth = 1.25 * dpr;
  ctx.lineJoin = 'round';
  for (const line of lines) {
    const p = line.points;
    if (p.length === 0) continue;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < p.length; i += 2) {
      const x = p[i] ?? NaN;
      const y = p[i + 1] ?? NaN;
      if (Number.isNaN(x)) {
        pen = false;
        continue;
      }
      const px = dpr + x * sx;
      const py = dpr + y * sy;
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.strokeStyle = line.color;
    ctx.stroke();
  }
}
