// Paints a HeatMapModel on a 2D canvas: the cells batched by colour (one fill per shade, not one
// per cell: 16 venues x 300 snapshots is ~5,000 cells and the frame budget is 4 ms), the prints
// as circles sized by contracts, the book events as marks, the row labels, a time axis, and the
// NBBO with its spread as a strip underneath. Sizes are CSS pixels; the caller scales for the
// device pixel ratio.
import type { BookEventKind } from '../../shared/domain/book-events.ts';
import type { Direction } from '../../shared/domain/flow.ts';
import { formatPrice, formatTimeEt } from '../../shared/format/format.ts';
import type { HeatMapModel } from './heat-map-model.ts';

export const HEAT_GUTTER = 46;
export const NBBO_STRIP = 44;
const AXIS = 16;
const SHADES = 10;

const BULL = [63, 182, 139] as const;
const BEAR = [229, 100, 110] as const;
const shades = (rgb: readonly number[]): string[] => Array.from({ length: SHADES }, (_, i) => `rgba(${rgb.join(',')},${(0.14 + (0.86 * (i + 1)) / SHADES).toFixed(3)})`);
const BID_SHADES = shades(BULL);
const ASK_SHADES = shades(BEAR);

export const PRINT_COLORS: Readonly<Record<Direction, string>> = { BUY: '#52e0a6', SELL: '#ff7a85', UNKNOWN: '#a3acb9' };
export const EVENT_COLORS: Readonly<Record<BookEventKind, string>> = { refill: '#4fc1c9', pull: '#e3a44b', stack: '#c49bff', touch: '#eef2f7' };

export interface HeatCanvasSize {
  width: number;
  height: number;
}

export interface HeatPlot {
  left: number;
  top: number;
  width: number;
  height: number;
  rowHeight: number;
}

/** Where the heat area is inside the canvas, for drawing and for mapping a drag to time. */
export function heatPlot(size: HeatCanvasSize, rows: number): HeatPlot {
  const left = HEAT_GUTTER;
  const top = 4;
  const width = Math.max(10, size.width - left - 6);
  const height = Math.max(10, size.height - top - AXIS - NBBO_STRIP);
  return { left, top, width, height, rowHeight: rows > 0 ? height / rows : height };
}

/** A print's radius in CSS pixels: grows with the square root of its contracts. */
export function printRadius(size: number): number {
  return Math.min(14, 2.5 + Math.sqrt(Math.max(0, size)) * 0.9);
}

export function drawHeatMap(ctx: CanvasRenderingContext2D, size: HeatCanvasSize, model: HeatMapModel, rowLabel: (index: number) => string): void {
  const plot = heatPlot(size, model.rows.length);
  const span = Math.max(1, model.to - model.from);
  const xOf = (t: number): number => plot.left + ((t - model.from) / span) * plot.width;
  ctx.clearRect(0, 0, size.width, size.height);
  ctx.fillStyle = '#0d1117';
  ctx.fillRect(plot.left, plot.top, plot.width, plot.height);

  // Cells, one path per shade and side.
  const max = model.maxSize;
  const rh = plot.rowHeight;
  const gap = rh > 6 ? 1 : 0;
  for (const [side, palette] of [['bid', BID_SHADES], ['ask', ASK_SHADES]] as const) {
    const paths: (Path2D | null)[] = new Array<Path2D | null>(SHADES).fill(null);
    for (const column of model.columns) {
      const x0 = xOf(column.time);
      const w = Math.max(1, xOf(column.until) - x0);
      for (const cell of column.cells) {
        if (cell.side !== side) continue;
        const shade = Math.min(SHADES - 1, Math.floor(Math.sqrt(cell.size / (max || 1)) * SHADES));
        const path = (paths[shade] ??= new Path2D());
        path.rect(x0, plot.top + cell.row * rh, w, rh - gap);
      }
    }
    paths.forEach((path, shade) => {
      if (!path) return;
      ctx.fillStyle = palette[shade] ?? '';
      ctx.fill(path);
    });
  }

  // The line between the bid and ask bands of the venue layout.
  if (model.layout === 'venues' && model.bidRows > 0 && model.bidRows < model.rows.length) {
    ctx.fillStyle = '#5b6575';
    ctx.fillRect(plot.left, plot.top + model.bidRows * rh - 0.5, plot.width, 1);
  }

  // Row labels: every row when they fit, else every few.
  ctx.font = '10px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  const every = Math.max(1, Math.ceil(11 / Math.max(rh, 0.1)));
  model.rows.forEach((row, i) => {
    if (i % every !== 0) return;
    ctx.fillStyle = row.side === 'bid' ? '#7fcfae' : row.side === 'ask' ? '#ef9aa1' : '#8b95a5';
    ctx.fillText(rowLabel(i), plot.left - 5, plot.top + (i + 0.5) * rh);
  });

  // Book events: a diamond on the row (touch: a tick across the band).
  for (const event of model.events) {
    const x = xOf(event.time);
    const y = plot.top + event.y * rh;
    ctx.fillStyle = EVENT_COLORS[event.kind];
    ctx.strokeStyle = '#0b0e13';
    ctx.lineWidth = 1;
    if (event.kind === 'touch') {
      ctx.fillRect(x - 0.75, y - Math.max(4, rh / 2), 1.5, Math.max(8, rh));
      continue;
    }
    const r = Math.max(3.5, Math.min(6, rh / 2));
    ctx.beginPath();
    ctx.moveTo(x, y - r);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r);
    ctx.lineTo(x - r, y);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }

  // Prints: circles by contracts, coloured by direction; a busted one hollow.
  for (const print of model.prints) {
    const x = xOf(print.time);
    const y = plot.top + print.y * rh;
    const r = printRadius(print.size);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    if (print.cancelled) {
      ctx.strokeStyle = PRINT_COLORS[print.direction];
      ctx.lineWidth = 1.5;
      ctx.stroke();
    } else {
      ctx.fillStyle = PRINT_COLORS[print.direction];
      ctx.globalAlpha = 0.85;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = '#0b0e13';
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  }

  drawTimeAxis(ctx, plot, model.from, model.to, xOf);
  drawNbbo(ctx, { left: plot.left, top: plot.top + plot.height + AXIS, width: plot.width, height: NBBO_STRIP - 4 }, model, xOf);
}

function drawTimeAxis(ctx: CanvasRenderingContext2D, plot: HeatPlot, from: number, to: number, xOf: (t: number) => number): void {
  const span = to - from;
  const step = span > 180_000 ? 60_000 : span > 90_000 ? 30_000 : 15_000;
  ctx.fillStyle = '#7d8796';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.font = '10px system-ui, sans-serif';
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const x = xOf(t);
    ctx.fillRect(x, plot.top + plot.height, 1, 3);
    if (x > plot.left + 24 && x < plot.left + plot.width - 24) ctx.fillText(formatTimeEt(t), x, plot.top + plot.height + 3);
  }
}

function drawNbbo(ctx: CanvasRenderingContext2D, area: { left: number; top: number; width: number; height: number }, model: HeatMapModel, xOf: (t: number) => number): void {
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
  // The spread: a band from bid to ask over each snapshot's time.
  ctx.fillStyle = 'rgba(139,149,165,0.22)';
  model.nbbo.forEach((p, i) => {
    if (p.bid === null || p.ask === null) return;
    const x0 = Math.max(area.left, xOf(p.time));
    const x1 = xOf(model.nbbo[i + 1]?.time ?? model.to);
    ctx.fillRect(x0, yOf(p.ask), Math.max(1, x1 - x0), yOf(p.bid) - yOf(p.ask));
  });
  for (const [key, color] of [['bid', '#3fb68b'], ['ask', '#e5646e']] as const) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    let started = false;
    model.nbbo.forEach((p, i) => {
      const price = p[key];
      if (price === null) return;
      const x0 = Math.max(area.left, xOf(p.time));
      const x1 = xOf(model.nbbo[i + 1]?.time ?? model.to);
      const y = yOf(price);
      if (!started) ctx.moveTo(x0, y);
      else ctx.lineTo(x0, y);
      ctx.lineTo(x1, y);
      started = true;
    });
    ctx.stroke();
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = '#8b95a5';
  ctx.fillText(formatPrice(hi), area.left + 3, area.top + 7);
  ctx.fillText(formatPrice(lo), area.left + 3, area.top + area.height - 7);
}
