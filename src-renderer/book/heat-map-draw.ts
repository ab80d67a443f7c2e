// Paints a HeatMapModel on a 2D canvas: the cells, the prints as circles sized by contracts, the
// book events as marks, the row labels, a time axis, and the NBBO with its spread as a strip
// underneath. Sizes are CSS pixels; the caller scales for the device pixel ratio. The cells
// (16 venues a side x 300 snapshots is ~10,000 of them, against a 4 ms frame budget) and the book
// events (a busy book has hundreds in the window) are kept on a layer of their own laid out in
// market time: a new snapshot draws one column on it and the frame copies the window out, so
// only a new set of rows, a new colour scale, a resize or a scrub past what the layer holds draws
// them all again.
import type { BookEventKind } from '../../shared/domain/book-events.ts';
import type { Direction } from '../../shared/domain/flow.ts';
import { formatPrice, formatTimeEt } from '../../shared/format/format.ts';
import type { HeatEvent, HeatMapModel, NbboPoint } from './heat-map-model.ts';

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

/** The plot's background, under the cells (held on the cell layer, which is copied opaque). */
const PLOT_BACKGROUND = '#0d1117';

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

/** The size at full colour: the largest cell rounded up to a power of two, so it seldom changes. */
export function colourScale(maxSize: number): number {
  return maxSize > 0 ? 2 ** Math.ceil(Math.log2(maxSize)) : 1;
}

function shadeOf(size: number, scale: number): number {
  return Math.min(SHADES - 1, Math.floor(Math.sqrt(size / scale) * SHADES));
}

/** Draws the model's frames, keeping the cell layer between them. */
export class HeatMapPainter {
  private readonly layer: HTMLCanvasElement;
  private key = '';
  /** Market time at the layer's x = 0, and its ms per device pixel. */
  private t0 = 0;
  private msPerPx = 1;
  /** The span of market time drawn on the layer; the last column's right edge may still grow. */
  private drawnFrom = 0;
  private lastColumn: number | null = null;
  /** Ids of the events on the layer. */
  private readonly drawnEvents = new Set<string>();
  /** Full redraws of the layer, for the tests and the bench. */
  rebuilds = 0;

  private readonly gutter: HTMLCanvasElement;
  private gutterKey = '';

  constructor(createCanvas: () => HTMLCanvasElement) {
    this.layer = createCanvas();
    this.gutter = createCanvas();
  }

  paint(ctx: CanvasRenderingContext2D, size: HeatCanvasSize, dpr: number, model: HeatMapModel, rowLabel: (index: number) => string): void {
    const plot = heatPlot(size, model.rows.length);
    const span = Math.max(1, model.to - model.from);
    const xOf = (t: number): number => plot.left + ((t - model.from) / span) * plot.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawCells(plot, dpr, model);
    const plotW = Math.max(1, Math.round(plot.width * dpr));
    // The plot is the layer's copy, opaque (the layer holds the plot's background): only what is
    // around it is cleared, a pixel into it, rather than the whole canvas cleared and filled
    // before the copy covered it again (each a pass over every pixel, rastered in the commit).
    const right = plot.left + plotW / dpr;
    const bottom = plot.top + this.layer.height / dpr;
    ctx.clearRect(0, 0, size.width, plot.top + 1);
    ctx.clearRect(0, 0, plot.left + 1, size.height);
    ctx.clearRect(right - 1, 0, size.width - right + 1, size.height);
    ctx.clearRect(0, bottom - 1, size.width, size.height - bottom + 1);
    // From a whole device pixel of the layer, one to one: a fractional start resampled the whole
    // plot (a filtered copy of every pixel, rastered in the compositor's commit of each frame);
    // the columns on the layer sit on whole pixels anyway.
    const smoothing = ctx.imageSmoothingEnabled;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.layer, Math.round((model.from - this.t0) / this.msPerPx), 0, plotW, this.layer.height, plot.left, plot.top, plotW / dpr, this.layer.height / dpr);
    ctx.imageSmoothingEnabled = smoothing;
    this.drawGutter(ctx, plot, dpr, model, rowLabel);
    drawOverlay(ctx, size, plot, model, xOf);
  }

  /**
   * The row labels, kept as an image while the rows and the size stay: a frame copies them
   * instead of laying out a label per row again (text is the dearest thing a canvas draws).
   */
  private drawGutter(ctx: CanvasRenderingContext2D, plot: HeatPlot, dpr: number, model: HeatMapModel, rowLabel: (index: number) => string): void {
    const width = Math.max(1, Math.round(plot.left * dpr));
    const height = Math.max(1, Math.round((plot.top + plot.height) * dpr));
    const labels = model.rows.map((_, i) => rowLabel(i));
    const key = `${model.rows.map((r) => r.key).join(',')}|${labels.join(',')}|${plot.height}|${dpr}`;
    if (key !== this.gutterKey) {
      this.gutterKey = key;
      if (this.gutter.width !== width || this.gutter.height !== height) {
        this.gutter.width = width;
        this.gutter.height = height;
      }
      const g = this.gutter.getContext('2d');
      if (!g) return;
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.clearRect(0, 0, plot.left, plot.top + plot.height);
      drawRowLabels(g, plot, model, labels);
    }
    ctx.drawImage(this.gutter, 0, 0, width, height, 0, 0, plot.left, plot.top + plot.height);
  }

  private drawCells(plot: HeatPlot, dpr: number, model: HeatMapModel): void {
    const span = Math.max(1, model.to - model.from);
    const plotW = Math.max(1, Math.round(plot.width * dpr));
    const height = Math.max(1, Math.round(plot.height * dpr));
    const scale = colourScale(model.maxSize);
    const key = `${model.layout}|${model.rows.map((r) => r.key).join(',')}|${scale}|${plotW}x${height}|${span}`;
    const msPerPx = span / plotW;
    const width = plotW * 2;
    const fits = this.key === key && model.from >= this.drawnFrom && model.to <= this.t0 + width * msPerPx;
    const ctx = this.layer.getContext('2d');
    if (!ctx) return;
    let first = 0;
    if (!fits) {
      this.rebuilds++;
      this.key = key;
      this.msPerPx = msPerPx;
      this.t0 = model.from;
      this.drawnFrom = model.from;
      this.lastColumn = null;
      this.drawnEvents.clear();
      if (this.layer.width !== width || this.layer.height !== height) {
        this.layer.width = width;
        this.layer.height = height;
      }
      ctx.fillStyle = PLOT_BACKGROUND;
      ctx.fillRect(0, 0, width, height);
    } else if (this.lastColumn !== null) {
      // Only what is new, starting again at the column whose right edge may have moved.
      // From the end: the new columns are the last few of a thousand.
      first = model.columns.length;
      while (first > 0 && (model.columns[first - 1]?.time ?? 0) >= this.lastColumn) first--;
      // Rounded as the columns are placed, so the stretch drawn again meets the one kept.
      const x = Math.round((Math.max(this.lastColumn, model.from) - this.t0) / msPerPx);
      if (first < model.columns.length) {
        ctx.fillStyle = PLOT_BACKGROUND;
        ctx.fillRect(x, 0, width - x, height);
      }
    }
    const rh = height / Math.max(1, model.rows.length);
    const gap = rh > 6 * dpr ? dpr : 0;
    const xOf = (t: number): number => (t - this.t0) / msPerPx;
    const columns = model.columns.slice(first);
    for (const [side, palette] of [['bid', BID_SHADES], ['ask', ASK_SHADES]] as const) {
      // One path per shade: a fill per colour, not per cell.
      const paths: (Path2D | null)[] = new Array<Path2D | null>(SHADES).fill(null);
      for (const column of columns) {
        const x0 = Math.round(xOf(column.time));
        const w = Math.max(1, Math.round(xOf(column.until)) - x0);
        for (const cell of column.cells) {
          if (cell.side !== side) continue;
          const path = (paths[shadeOf(cell.size, scale)] ??= new Path2D());
          path.rect(x0, Math.round(cell.row * rh), w, Math.round(rh) - gap);
        }
      }
      paths.forEach((path, shade) => {
        if (!path) return;
        ctx.fillStyle = palette[shade] ?? '';
        ctx.fill(path);
      });
    }
    // Events sit on the layer too: the new ones (a pull is told a moment after its snapshot), and
    // those a cleared stretch cut through, drawn again whole.
    const cleared = first < model.columns.length && this.lastColumn !== null;
    const redrawFrom = cleared ? (this.lastColumn ?? 0) - (eventRadius(rh / dpr) + 2) * dpr * msPerPx : Infinity;
    const events = model.events.filter((event) => !this.drawnEvents.has(event.id) || event.time >= redrawFrom);
    for (const event of events) this.drawnEvents.add(event.id);
    if (events.length > 0) drawEvents(ctx, events, xOf, rh, dpr);
    const last = model.columns.at(-1);
    if (last) this.lastColumn = Math.max(this.lastColumn ?? last.time, last.time);
  }
}

/**
 * Book events on the layer, in its device pixels: a diamond on the row (touch: a tick across the
 * band); one path per kind, as a busy book can hold a thousand of them in the window.
 */
function drawEvents(ctx: CanvasRenderingContext2D, events: readonly HeatEvent[], xOf: (t: number) => number, rh: number, dpr: number): void {
  ctx.strokeStyle = '#0b0e13';
  ctx.lineWidth = dpr;
  const r = eventRadius(rh / dpr) * dpr;
  for (const kind of ['touch', 'pull', 'stack', 'refill'] as const) {
    const path = new Path2D();
    let any = false;
    for (const event of events) {
      if (event.kind !== kind) continue;
      any = true;
      const x = xOf(event.time);
      const y = event.y * rh;
      if (kind === 'touch') {
        path.rect(x - 0.75 * dpr, y - Math.max(4 * dpr, rh / 2), 1.5 * dpr, Math.max(8 * dpr, rh));
        continue;
      }
      path.moveTo(x, y - r);
      path.lineTo(x + r, y);
      path.lineTo(x, y + r);
      path.lineTo(x - r, y);
      path.closePath();
    }
    if (!any) continue;
    ctx.fillStyle = EVENT_COLORS[kind];
    ctx.fill(path);
    if (kind !== 'touch') ctx.stroke(path);
  }
}

/** An event diamond's half width in CSS pixels, for rows `rowHeight` tall. */
function eventRadius(rowHeight: number): number {
  return Math.max(3.5, Math.min(6, rowHeight / 2));
}

/** Each row's label in the gutter left of the plot: every row when they fit, else every few. */
function drawRowLabels(ctx: CanvasRenderingContext2D, plot: HeatPlot, model: HeatMapModel, labels: readonly string[]): void {
  const rh = plot.rowHeight;
  ctx.font = '10px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  const every = Math.max(1, Math.ceil(11 / Math.max(rh, 0.1)));
  model.rows.forEach((row, i) => {
    if (i % every !== 0) return;
    ctx.fillStyle = row.side === 'bid' ? '#7fcfae' : row.side === 'ask' ? '#ef9aa1' : '#8b95a5';
    ctx.fillText(labels[i] ?? '', plot.left - 5, plot.top + (i + 0.5) * rh);
  });
}

function drawOverlay(ctx: CanvasRenderingContext2D, size: HeatCanvasSize, plot: HeatPlot, model: HeatMapModel, xOf: (t: number) => number): void {
  const rh = plot.rowHeight;
  // The line between the bid and ask bands of the venue layout.
  if (model.layout === 'venues' && model.bidRows > 0 && model.bidRows < model.rows.length) {
    ctx.fillStyle = '#5b6575';
    ctx.fillRect(plot.left, plot.top + model.bidRows * rh - 0.5, plot.width, 1);
  }

  // Prints: circles by contracts, coloured by direction; a busted one hollow.
  for (const direction of ['UNKNOWN', 'SELL', 'BUY'] as const) {
    const solid = new Path2D();
    const hollow = new Path2D();
    let solids = 0;
    let hollows = 0;
    for (const print of model.prints) {
      if (print.direction !== direction) continue;
      const x = xOf(print.time);
      const y = plot.top + print.y * rh;
      const radius = printRadius(print.size);
      const path = print.cancelled ? hollow : solid;
      path.moveTo(x + radius, y);
      path.arc(x, y, radius, 0, Math.PI * 2);
      if (print.cancelled) hollows++;
      else solids++;
    }
    if (solids > 0) {
      ctx.fillStyle = PRINT_COLORS[direction];
      ctx.globalAlpha = 0.85;
      ctx.fill(solid);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = '#0b0e13';
      ctx.lineWidth = 1;
      ctx.stroke(solid);
    }
    if (hollows > 0) {
      ctx.strokeStyle = PRINT_COLORS[direction];
      ctx.lineWidth = 1.5;
      ctx.stroke(hollow);
    }
  }

  drawTimeAxis(ctx, plot, model.from, model.to, xOf);
  drawNbbo(ctx, { left: plot.left, top: plot.top + plot.height + AXIS, width: plot.width, height: Math.min(NBBO_STRIP, size.height - plot.top - plot.height - AXIS) - 4 }, model, xOf);
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
