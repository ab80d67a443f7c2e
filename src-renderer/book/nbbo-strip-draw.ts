// The NBBO strip under the heat map: the bid and ask over the window's time and the spread as a
// band between them, drawn by runs of unchanged quotes.
import { formatPrice } from '../../shared/format/format.ts';
import type { HeatMapModel, NbboPoint } from './heat-map-model.ts';
import type { Ctx2D } from './canvas-surface.ts';

/** The strip's background, the bid and ask lines, and their range's labels, in CSS pixels. */
export function drawNbbo(ctx: Ctx2D, area: { left: number; top: number; width: number; height: number }, model: HeatMapModel, xOf: (t: number) => number): void {
  ctx.fillStyle = '#0d1117';
  ctx.fillRect(area.left, area.top, area.width, area.height);
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of model.nbbo) {
    if (p.bid !== null) lo = Math.min(lo, p.bid);
    if (p.ask !== null) hi = Math.max(hi, p.ask);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#7d8796';
  ctx.fillText('NBBO', area.left - 5, area.top + area.height / 2);
  if (!(hi > lo)) return;
  const pad = (hi - lo) * 0.12;
  const yOf = (price: number): number => area.top + 2 + (1 - (price - lo + pad) / (hi - lo + 2 * pad)) * (area.height - 4);
  // The NBBO moves far less often than the venues' sizes: a run of snapshots with the same bid
  // and ask is one stretch, so a frame draws a rect and two segments per change, not per snapshot.
  const runs = nbboRuns(model.nbbo, model.to);
  // The spread: a band from bid to ask over each stretch.
  ctx.fillStyle = 'rgba(139,149,165,0.22)';
  for (const run of runs) {
    if (run.bid === null || run.ask === null) continue;
    const x0 = Math.max(area.left, xOf(run.from));
    const x1 = xOf(run.until);
    ctx.fillRect(x0, yOf(run.ask), Math.max(1, x1 - x0), yOf(run.bid) - yOf(run.ask));
  }
  for (const [key, color] of [['bid', '#3fb68b'], ['ask', '#e5646e']] as const) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    let started = false;
    for (const run of runs) {
      const price = run[key];
      if (price === null) continue;
      const x0 = Math.max(area.left, xOf(run.from));
      const x1 = xOf(run.until);
      const y = yOf(price);
      if (!started) ctx.moveTo(x0, y);
      else ctx.lineTo(x0, y);
      ctx.lineTo(x1, y);
      started = true;
    }
    ctx.stroke();
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = '#8b95a5';
  ctx.fillText(formatPrice(hi), area.left + 3, area.top + 7);
  ctx.fillText(formatPrice(lo), area.left + 3, area.top + area.height - 7);
}

/** A stretch of snapshots quoting the same bid and ask, from the first's time to the next change. */
export interface NbboRun {
  from: number;
  until: number;
  bid: number | null;
  ask: number | null;
}

/** Consecutive NBBO points with the same bid and ask as one run; the last runs to `to`. */
export function nbboRuns(points: readonly NbboPoint[], to: number): NbboRun[] {
  const runs: NbboRun[] = [];
  let open: NbboRun | null = null;
  for (const p of points) {
    if (open && open.bid === p.bid && open.ask === p.ask) continue;
    if (open) open.until = p.time;
    open = { from: p.time, until: to, bid: p.bid, ask: p.ask };
    runs.push(open);
  }
  return runs;
}
