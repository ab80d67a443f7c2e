// The marks drawn over the heat map's cells: the contract's prints (circles sized by contracts,
// coloured by direction) and the book events (diamonds, a tick for a touch move), in the cell
// layer's device pixels. heat-map-draw.ts places them on its tiles.
import type { BookEventKind } from '../../shared/domain/book-events.ts';
import type { Direction } from '../../shared/domain/flow.ts';
import type { HeatEvent, HeatPrint } from './heat-map-model.ts';
import type { Ctx2D } from './canvas-surface.ts';

export const PRINT_COLORS: Readonly<Record<Direction, string>> = { BUY: '#52e0a6', SELL: '#ff7a85', UNKNOWN: '#a3acb9' };
export const EVENT_COLORS: Readonly<Record<BookEventKind, string>> = { refill: '#4fc1c9', pull: '#e3a44b', stack: '#c49bff', touch: '#eef2f7' };

/** A print's radius in CSS pixels: grows with the square root of its contracts. */
export function printRadius(size: number): number {
  return Math.min(14, 2.5 + Math.sqrt(Math.max(0, size)) * 0.9);
}

/**
 * Book events on the layer, in its device pixels: a diamond on the row (touch: a tick across the
 * band); one path per kind, as a busy book can hold a thousand of them in the window.
 */
export function drawEvents(ctx: Ctx2D, events: readonly HeatEvent[], xOf: (t: number) => number, rh: number, dpr: number): void {
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
export function eventRadius(rowHeight: number): number {
  return Math.max(3.5, Math.min(6, rowHeight / 2));
}

/** Prints on the layer, in its device pixels: circles by contracts, coloured by direction; a busted one hollow. */
export function drawPrints(ctx: Ctx2D, prints: readonly HeatPrint[], xOf: (t: number) => number, rh: number, dpr: number): void {
  for (const direction of ['UNKNOWN', 'SELL', 'BUY'] as const) {
    const solid = new Path2D();
    const hollow = new Path2D();
    let solids = 0;
    let hollows = 0;
    for (const print of prints) {
      if (print.direction !== direction) continue;
      const x = xOf(print.time);
      const y = print.y * rh;
      const radius = printRadius(print.size) * dpr;
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
      ctx.lineWidth = dpr;
      ctx.stroke(solid);
    }
    if (hollows > 0) {
      ctx.strokeStyle = PRINT_COLORS[direction];
      ctx.lineWidth = 1.5 * dpr;
      ctx.stroke(hollow);
    }
  }
}
