// A sparkline on a canvas: the SVG path sparkPath (touch-series.ts) builds, stroked through
// Path2D. An SVG whose path changes 20 times a second is styled, laid out and painted again with
// the page each time; a canvas is only repainted. The stroke stays 1.25 CSS pixels whatever the
// cell's width: the path is scaled into the canvas's box, not the pen.

export interface SparkLine {
  path: string;
  color: string;
}

/**
 * Paints `lines` (paths built for `width` x `height`) over a canvas `box` CSS pixels in size;
 * `midline` adds a dashed line across the middle (the zero of the imbalance).
 */
export function paintSpark(el: HTMLCanvasElement, box: { width: number; height: number }, lines: readonly SparkLine[], width: number, height: number, midline: string | null): void {
  const ctx = el.getContext('2d');
  if (!ctx || box.width <= 0 || box.height <= 0) return;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(box.width * dpr);
  const h = Math.round(box.height * dpr);
  if (el.width !== w || el.height !== h) {
    el.width = w;
    el.height = h;
  }
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
  // The paths' own units stretched over the box, a pixel in from its edges.
  const fit = new DOMMatrix([(w - 2 * dpr) / width, 0, 0, (h - 2 * dpr) / height, dpr, dpr]);
  ctx.lineWidth = 1.25 * dpr;
  ctx.lineJoin = 'round';
  for (const line of lines) {
    if (!line.path) continue;
    const scaled = new Path2D();
    scaled.addPath(new Path2D(line.path), fit);
    ctx.strokeStyle = line.color;
    ctx.stroke(scaled);
  }
}
