// Paints a HeatMapModel on a 2D canvas: the cells, the prints as circles sized by contracts, the
// book events as marks, the row labels, a time axis, and the NBBO with its spread as a strip
// underneath. Sizes are CSS pixels; the caller scales for the device pixel ratio. The cells
// (16 venues a side x 300 snapshots is ~10,000 of them, against a 4 ms frame budget) and the book
// events and prints (a busy book has hundreds in the window) are kept on a layer of their own laid
// out in market time, in tiles the view slides past (HeatSurfaces): a new snapshot draws one
// column on it and moves the tiles, so only a new set of rows, a new colour scale, a resize, a
// busted print or a scrub past what the layer holds draws them all again.
import { formatTimeEt } from '../../shared/format/format.ts';
import { drawEvents, drawPrints, eventRadius, printRadius } from './heat-map-marks.ts';
import type { HeatMapModel } from './heat-map-model.ts';
import { drawNbbo } from './nbbo-strip-draw.ts';
import type { CanvasSurface, Ctx2D } from './canvas-surface.ts';

export const HEAT_GUTTER = 46;
export const NBBO_STRIP = 44;
const AXIS = 16;
const SHADES = 10;

const BULL = [63, 182, 139] as const;
const BEAR = [229, 100, 110] as const;
const shades = (rgb: readonly number[]): string[] => Array.from({ length: SHADES }, (_, i) => `rgba(${rgb.join(',')},${(0.14 + (0.86 * (i + 1)) / SHADES).toFixed(3)})`);
const BID_SHADES = shades(BULL);
const ASK_SHADES = shades(BEAR);


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

/** The plot's background, under the cells (held on the cell layer). */
const PLOT_BACKGROUND = '#0d1117';

/** Where the heat area is inside the canvas, for drawing and for mapping a drag to time. */
export function heatPlot(size: HeatCanvasSize, rows: number): HeatPlot {
  const left = HEAT_GUTTER;
  const top = 4;
  const width = Math.max(10, size.width - left - 6);
  const height = Math.max(10, size.height - top - AXIS - NBBO_STRIP);
  return { left, top, width, height, rowHeight: rows > 0 ? height / rows : height };
}

/** The size at full colour: the largest cell rounded up to a power of two, so it seldom changes. */
export function colourScale(maxSize: number): number {
  return maxSize > 0 ? 2 ** Math.ceil(Math.log2(maxSize)) : 1;
}

function shadeOf(size: number, scale: number): number {
  return Math.min(SHADES - 1, Math.floor(Math.sqrt(size / scale) * SHADES));
}

/** The time axis's and the NBBO strip's labels. */
const AXIS_FAMILY = 'system-ui, sans-serif';
const AXIS_FONT = `10px ${AXIS_FAMILY}`;

/** The width of one tile of the cell layer, device pixels. */
const TILE = 256;

/**
 * Where the painter draws. The plot is not painted into one canvas per frame: the cell layer is
 * a row of tiles (canvases side by side, laid out in market time) in a strip that the view's
 * scroll moves with a CSS transform, which the compositor applies without a repaint. A snapshot
 * then changes one tile (the newest column) and the NBBO strip under the plot, where one whole
 * canvas changed before: Chromium's software compositing copies every
 * changed canvas whole at its commit, and the copy of the plot was most of a frame's commit.
 */
export interface HeatSurfaces {
  /** Over the plot, clipping the strip (overflow hidden). */
  viewport: HTMLElement;
  /** The tiles' parent, moved sideways as the view scrolls. */
  strip: HTMLElement;
  /** Left of the plot: the row labels, drawn again only when the rows change. */
  gutter: CanvasSurface;
  /** Under the plot and its time axis: the NBBO strip, drawn each frame. */
  under: CanvasSurface;
  createCanvas: () => CanvasSurface;
}

type Placed = 'left' | 'top' | 'width' | 'height' | 'transform';

/**
 * What setStyle last wrote to each element: reading a property back from `el.style` serializes
 * it again, which cost more than the write it saved.
 */
const written = new WeakMap<HTMLElement, Partial<Record<Placed, string>>>();

/** Sets a style property unless setStyle already gave it `value` (a write of the same value still dirties style). */
function setStyle(el: HTMLElement, name: Placed, value: string): void {
  let held = written.get(el);
  if (!held) written.set(el, (held = {}));
  if (held[name] === value) return;
  held[name] = value;
  el.style[name] = value;
}

/** Draws the model's frames, keeping the cell layer between them. */
export class HeatMapPainter {
  private readonly tiles: CanvasSurface[] = [];
  /** The cells' height on the layer; the time axis is drawn under them, on the tiles too. */
  private layerHeight = 0;
  private axisHeight = 0;
  private key = '';
  /** Market time at the layer's x = 0, and its ms per device pixel. */
  private t0 = 0;
  private msPerPx = 1;
  /** The span of market time drawn on the layer; the last column's right edge may still grow. */
  private drawnFrom = 0;
  private lastColumn: number | null = null;
  /**
   * The layer's x (device pixels) up to which anything but the background was drawn: the newest
   * column's right edge, or a mark's reach past it. Right of it the layer is still background.
   */
  private drawnRight = 0;
  /** Ids of the events on the layer. */
  private readonly drawnEvents = new Set<string>();
  /** The prints on the layer, by flow id: whether each was drawn as busted. */
  private readonly drawnPrints = new Map<string, boolean>();
  /** Full redraws of the layer, for the tests and the bench. */
  rebuilds = 0;

  private gutterKey = '';

  private readonly surfaces: HeatSurfaces;

  constructor(surfaces: HeatSurfaces) {
    this.surfaces = surfaces;
  }

  paint(size: HeatCanvasSize, dpr: number, model: HeatMapModel, rowLabel: (index: number) => string): void {
    const plot = heatPlot(size, model.rows.length);
    const span = Math.max(1, model.to - model.from);
    const xOf = (t: number): number => plot.left + ((t - model.from) / span) * plot.width;
    this.drawCells(plot, dpr, model);
    const { viewport, strip } = this.surfaces;
    // The plot shows the layer from a whole device pixel, one to one (the columns sit on whole
    // pixels): the strip is moved by that many device pixels.
    const plotW = Math.max(1, Math.round(plot.width * dpr));
    setStyle(viewport, 'left', `${plot.left}px`);
    setStyle(viewport, 'top', `${plot.top}px`);
    setStyle(viewport, 'width', `${plotW / dpr}px`);
    setStyle(viewport, 'height', `${(this.layerHeight + this.axisHeight) / dpr}px`);
    setStyle(strip, 'transform', `translateX(${-Math.round((model.from - this.t0) / this.msPerPx) / dpr}px)`);
    this.drawGutter(plot, dpr, model, rowLabel);
    this.drawUnder(size, plot, dpr, model, xOf);
  }

  /** The row labels, drawn again only when the rows or the size change. */
  private drawGutter(plot: HeatPlot, dpr: number, model: HeatMapModel, rowLabel: (index: number) => string): void {
    const surface = this.surfaces.gutter;
    const width = Math.max(1, Math.round(plot.left * dpr));
    const height = Math.max(1, Math.round((plot.top + plot.height) * dpr));
    const labels = model.rows.map((_, i) => rowLabel(i));
    const key = `${model.rows.map((r) => r.key).join(',')}|${labels.join(',')}|${plot.height}|${dpr}`;
    if (key === this.gutterKey) return;
    this.gutterKey = key;
    surface.resize(width, height);
    setStyle(surface.element, 'width', `${width / dpr}px`);
    setStyle(surface.element, 'height', `${height / dpr}px`);
    const g = surface.ctx;
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, plot.left, plot.top + plot.height);
    drawRowLabels(g, plot, model, labels);
  }

  /** The NBBO strip, on the canvas under the plot's time axis. */
  private drawUnder(size: HeatCanvasSize, plot: HeatPlot, dpr: number, model: HeatMapModel, xOf: (t: number) => number): void {
    const surface = this.surfaces.under;
    const top = plot.top + plot.height + AXIS;
    const cssH = Math.max(1, size.height - top);
    const width = Math.max(1, Math.round(size.width * dpr));
    const height = Math.max(1, Math.round(cssH * dpr));
    surface.resize(width, height);
    setStyle(surface.element, 'top', `${top}px`);
    setStyle(surface.element, 'width', `${width / dpr}px`);
    setStyle(surface.element, 'height', `${height / dpr}px`);
    const ctx = surface.ctx;
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, -top * dpr);
    ctx.font = AXIS_FONT;
    drawNbbo(ctx, { left: plot.left, top, width: plot.width, height: Math.min(NBBO_STRIP, size.height - top) - 4 }, model, xOf);
  }

  /** The layer sized `width` x `height` device pixels (and the axis under it) in tiles, laid out in the strip. */
  private sizeLayer(width: number, cellsHeight: number, dpr: number): void {
    const axis = Math.round(AXIS * dpr);
    const height = cellsHeight + axis;
    const count = Math.ceil(width / TILE);
    while (this.tiles.length > count) this.tiles.pop()?.element.remove();
    while (this.tiles.length < count) {
      const tile = this.surfaces.createCanvas();
      tile.element.className = 'heat-tile';
      this.surfaces.strip.append(tile.element);
      this.tiles.push(tile);
    }
    this.tiles.forEach((tile, i) => {
      const w = Math.min(TILE, width - i * TILE);
      tile.resize(w, height);
      setStyle(tile.element, 'left', `${(i * TILE) / dpr}px`);
      setStyle(tile.element, 'width', `${w / dpr}px`);
      setStyle(tile.element, 'height', `${height / dpr}px`);
    });
    this.layerHeight = cellsHeight;
    this.axisHeight = axis;
  }

  /**
   * Calls `draw` with each tile from layer x `x0` to `x1` (device pixels), the tile's context
   * set up to draw in the layer's coordinates.
   */
  private onTiles(x0: number, x1: number, draw: (ctx: Ctx2D, index: number) => void): void {
    const first = Math.max(0, Math.floor(x0 / TILE));
    const last = Math.min(this.tiles.length - 1, Math.floor((x1 - 1) / TILE));
    for (let i = first; i <= last; i++) {
      const ctx = this.tiles[i]?.ctx;
      if (!ctx) continue;
      ctx.setTransform(1, 0, 0, 1, -i * TILE, 0);
      draw(ctx, i);
    }
  }

  /** The time axis under the cells, over the layer's whole span (a tick and its time). */
  private drawTimeAxis(span: number, dpr: number): void {
    const step = span > 180_000 ? 60_000 : span > 90_000 ? 30_000 : 15_000;
    const end = this.t0 + this.tiles.length * TILE * this.msPerPx;
    const y = this.layerHeight;
    for (let t = Math.ceil(this.t0 / step) * step; t <= end; t += step) {
      const x = Math.round((t - this.t0) / this.msPerPx);
      const label = formatTimeEt(t);
      this.onTiles(x - 40 * dpr, x + 40 * dpr, (ctx) => {
        ctx.fillStyle = '#7d8796';
        ctx.fillRect(x, y, Math.max(1, Math.round(dpr)), 3 * dpr);
        ctx.font = `${10 * dpr}px ${AXIS_FAMILY}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'top';
        ctx.fillText(label, x, y + 3 * dpr);
      });
    }
  }

  private drawCells(plot: HeatPlot, dpr: number, model: HeatMapModel): void {
    const span = Math.max(1, model.to - model.from);
    const plotW = Math.max(1, Math.round(plot.width * dpr));
    const height = Math.max(1, Math.round(plot.height * dpr));
    const scale = colourScale(model.maxSize);
    const key = `${model.layout}|${model.rows.map((r) => r.key).join(',')}|${scale}|${plotW}x${height}|${span}`;
    const msPerPx = span / plotW;
    const width = plotW * 2;
    // A print busted after it was drawn is drawn again hollow, on a layer drawn whole.
    const busted = model.prints.some((p) => this.drawnPrints.has(p.flowId) && this.drawnPrints.get(p.flowId) !== p.cancelled);
    const fits = !busted && this.key === key && model.from >= this.drawnFrom && model.to <= this.t0 + width * msPerPx;
    let first = 0;
    /** Where the layer was cleared to be drawn again (device x), or null. */
    let cut: number | null = null;
    if (!fits) {
      this.rebuilds++;
      this.key = key;
      this.msPerPx = msPerPx;
      this.t0 = model.from;
      this.drawnFrom = model.from;
      this.lastColumn = null;
      this.drawnRight = 0;
      this.drawnEvents.clear();
      this.drawnPrints.clear();
      this.sizeLayer(width, height, dpr);
      this.onTiles(0, width, (ctx) => {
        ctx.clearRect(0, height, width, this.axisHeight);
        ctx.fillStyle = PLOT_BACKGROUND;
        ctx.fillRect(0, 0, width, height);
      });
      // The axis's ticks stand at fixed market times: all the layer will show are drawn now.
      this.drawTimeAxis(span, dpr);
    } else if (this.lastColumn !== null) {
      // Only what is new, starting again at the column whose right edge may have moved.
      // From the end: the new columns are the last few of a thousand.
      first = model.columns.length;
      while (first > 0 && (model.columns[first - 1]?.time ?? 0) >= this.lastColumn) first--;
      // Rounded as the columns are placed, so the stretch drawn again meets the one kept.
      const x = Math.round((Math.max(this.lastColumn, model.from) - this.t0) / msPerPx);
      if (first < model.columns.length) {
        cut = x;
        // Cleared only as far as anything was drawn: the rest of the layer (up to a plot's width
        // ahead of the live edge) is background already, and each tile touched is copied and
        // handed to the compositor again.
        const end = Math.min(width, this.drawnRight);
        if (end > x)
          this.onTiles(x, end, (ctx) => {
            ctx.fillStyle = PLOT_BACKGROUND;
            ctx.fillRect(x, 0, end - x, height);
          });
      }
    }
    const rh = height / Math.max(1, model.rows.length);
    const gap = rh > 6 * dpr ? dpr : 0;
    const xOf = (t: number): number => (t - this.t0) / msPerPx;
    const columns = model.columns.slice(first);
    // One path per tile and shade: a fill per colour and tile, not per cell.
    for (const [side, palette] of [['bid', BID_SHADES], ['ask', ASK_SHADES]] as const) {
      const paths = new Map<number, (Path2D | null)[]>();
      for (const column of columns) {
        const x0 = Math.round(xOf(column.time));
        const w = Math.max(1, Math.round(xOf(column.until)) - x0);
        if (side === 'bid') this.drawnRight = Math.max(this.drawnRight, x0 + w);
        for (let tile = Math.floor(x0 / TILE); tile <= Math.floor((x0 + w - 1) / TILE); tile++) {
          let shadesOf = paths.get(tile);
          if (!shadesOf) paths.set(tile, (shadesOf = new Array<Path2D | null>(SHADES).fill(null)));
          for (const cell of column.cells) {
            if (cell.side !== side) continue;
            const path = (shadesOf[shadeOf(cell.size, scale)] ??= new Path2D());
            path.rect(x0, Math.round(cell.row * rh), w, Math.round(rh) - gap);
          }
        }
      }
      for (const [tile, shadesOf] of paths) {
        this.onTiles(tile * TILE, tile * TILE + 1, (ctx) => {
          shadesOf.forEach((path, shade) => {
            if (!path) return;
            ctx.fillStyle = palette[shade] ?? '';
            ctx.fill(path);
          });
        });
      }
    }
    // The line between the bid and ask bands of the venue layout, over what was drawn again.
    const drawnFromX = cut ?? (fits ? null : 0);
    if (drawnFromX !== null && model.layout === 'venues' && model.bidRows > 0 && model.bidRows < model.rows.length) {
      const y = Math.round(model.bidRows * rh - 0.5 * dpr);
      this.onTiles(drawnFromX, width, (ctx) => {
        ctx.fillStyle = '#5b6575';
        ctx.fillRect(drawnFromX, y, width - drawnFromX, Math.max(1, Math.round(dpr)));
      });
    }
    // Events and prints sit on the layer too: the new ones (a pull is told a moment after its
    // snapshot) drawn whole, and those the cleared stretch cut through drawn again inside it.
    const events = model.events.filter((event) => !this.drawnEvents.has(event.id));
    const prints = model.prints.filter((print) => !this.drawnPrints.has(print.flowId));
    if (cut !== null) {
      const at = cut;
      const eventR = (eventRadius(rh / dpr) + 2) * dpr;
      const cutEvents = model.events.filter((event) => this.drawnEvents.has(event.id) && xOf(event.time) + eventR >= at);
      const cutPrints = model.prints.filter((print) => this.drawnPrints.has(print.flowId) && xOf(print.time) + (printRadius(print.size) + 2) * dpr >= at);
      this.onTiles(at, width, (ctx) => {
        ctx.save();
        ctx.beginPath();
        ctx.rect(at, 0, width - at, height);
        ctx.clip();
        if (cutEvents.length > 0) drawEvents(ctx, cutEvents, xOf, rh, dpr);
        if (cutPrints.length > 0) drawPrints(ctx, cutPrints, xOf, rh, dpr);
        ctx.restore();
      });
    }
    for (const event of events) this.drawnEvents.add(event.id);
    for (const print of prints) this.drawnPrints.set(print.flowId, print.cancelled);
    if (events.length > 0 || prints.length > 0) {
      const xs = [...events.map((e) => xOf(e.time)), ...prints.map((p) => xOf(p.time))];
      const reach = 16 * dpr;
      this.drawnRight = Math.max(this.drawnRight, Math.ceil(Math.max(...xs) + reach));
      this.onTiles(Math.min(...xs) - reach, Math.max(...xs) + reach, (ctx) => {
        if (events.length > 0) drawEvents(ctx, events, xOf, rh, dpr);
        if (prints.length > 0) drawPrints(ctx, prints, xOf, rh, dpr);
      });
    }
    const last = model.columns.at(-1);
    if (last) this.lastColumn = Math.max(this.lastColumn ?? last.time, last.time);
  }
}

/** Each row's label in the gutter left of the plot: every row when they fit, else every few. */
function drawRowLabels(ctx: Ctx2D, plot: HeatPlot, model: HeatMapModel, labels: readonly string[]): void {
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
