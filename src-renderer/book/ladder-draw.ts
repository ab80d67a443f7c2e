// The bid and ask ladders as drawn on one canvas: where each level and each opened level's venues
// sit (ladderLayout, the "rendered model" the tests and the accessible list read), what is under
// the pointer (ladderHit), and the painting of the rows in view. Price at the inner edge so both
// ladders meet at the spread, the size with a depth bar growing from the spread outwards, the
// running total and the venue count; an opened level lists its venues with each quote's age.
// 100 levels as DOM rows were laid out and painted again with nearly every snapshot.
import { formatPrice, formatSize } from '../../shared/format/format.ts';
import type { BookSide, BookView, LadderRow } from './book-view.ts';
import { formatAge, STALE_QUOTE_MS, touchKey } from './book-view.ts';
import type { Palette } from './canvas-kit.ts';
import { fitText, font, setFont } from './canvas-kit.ts';
import type { Ctx2D } from './canvas-surface.ts';

export const LEVEL_H = 24;
export const VENUE_H = 19;
/** The venue list's padding above and below its rows. */
const VENUES_PAD_TOP = 2;
const VENUES_PAD_BOTTOM = 6;

export interface LevelPlace {
  row: LadderRow;
  /** The touch (first) level of its side. */
  top: boolean;
  open: boolean;
  /** Top of the level's line, CSS px from the top of the ladders. */
  y: number;
  /** Bottom of its venues when open, else of its line. */
  bottom: number;
}

export interface LadderLayout {
  bid: LevelPlace[];
  ask: LevelPlace[];
  height: number;
}

/** Where every level sits, each side from the top, an opened level followed by its venues. */
export function ladderLayout(bids: readonly LadderRow[], asks: readonly LadderRow[], open: ReadonlySet<string>): LadderLayout {
  const place = (rows: readonly LadderRow[]): { places: LevelPlace[]; height: number } => {
    let y = 0;
    const places = rows.map((row, i) => {
      const isOpen = open.has(row.key);
      const top = y;
      y += LEVEL_H;
      if (isOpen) y += VENUES_PAD_TOP + VENUE_H * (row.venues.length + 1) + VENUES_PAD_BOTTOM;
      return { row, top: i === 0, open: isOpen, y: top, bottom: y };
    });
    return { places, height: y };
  };
  const bid = place(bids);
  const ask = place(asks);
  return { bid: bid.places, ask: ask.places, height: Math.max(bid.height, ask.height) };
}

/** Which levels show their venues: the toggles, with a one-level book's touch open by default. */
export function openLevels(view: BookView, toggled: ReadonlySet<string>): Set<string> {
  const single = view.depth.bid <= 1 && view.depth.ask <= 1;
  const open = new Set<string>();
  for (const rows of [view.bids, view.asks]) {
    rows.forEach((row, index) => {
      const touch = single && index === 0;
      if (touch !== toggled.has(touch ? touchKey(row.side) : row.key)) open.add(row.key);
    });
  }
  return open;
}

/** What a click on a level flips: a one-level book's touch by its side, any other by its key. */
export function toggleKey(view: BookView, place: LevelPlace): string {
  const single = view.depth.bid <= 1 && view.depth.ask <= 1;
  return single && place.top ? touchKey(place.row.side) : place.row.key;
}

/** The level (its line or its venues) at a point of the canvas, `y` in ladder coordinates. */
export function ladderHit(layout: LadderLayout, width: number, x: number, y: number): { side: BookSide; place: LevelPlace; onLine: boolean } | null {
  const side: BookSide = x < width / 2 ? 'bid' : 'ask';
  const place = layout[side].find((p) => y >= p.y && y < p.bottom);
  return place ? { side, place, onLine: y < place.y + LEVEL_H } : null;
}

interface Columns {
  venues: [number, number];
  total: [number, number];
  size: [number, number];
  price: [number, number];
}

/** The four columns of a side `w` wide starting at `x0`; the ask side mirrors the bid side. */
export function ladderColumns(side: BookSide, x0: number, w: number, narrow: boolean): Columns {
  const pad = narrow ? 8 : 12;
  const gap = narrow ? 6 : 8;
  const venues = narrow ? 48 : 70;
  const price = narrow ? 64 : 96;
  const flex = Math.max(20, (w - 2 * pad - venues - price - 3 * gap) / 2);
  const widths = side === 'bid' ? [venues, flex, flex, price] : [price, flex, flex, venues];
  const edges: [number, number][] = [];
  let x = x0 + pad;
  for (const cw of widths) {
    edges.push([x, x + cw]);
    x += cw + gap;
  }
  const [a, b, c, d] = edges as [[number, number], [number, number], [number, number], [number, number]];
  return side === 'bid' ? { venues: a, total: b, size: c, price: d } : { price: a, size: b, total: c, venues: d };
}

export interface LadderPaint {
  layout: LadderLayout;
  width: number;
  /** The part of the ladders in view: scrolled by `scroll`, `height` tall. */
  scroll: number;
  height: number;
  /** Key of the level under the pointer or with the keyboard's focus. */
  hover: string | null;
  focus: string | null;
  /** The narrow columns of a window 1200 px wide or less (the heads' media query in book-ladders.css). */
  narrow: boolean;
}

/** Paints the levels in view. */
export function paintLadders(ctx: Ctx2D, paint: LadderPaint, dpr: number, p: Palette): void {
  const { layout, width, scroll, height } = paint;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  const half = (width - 2) / 2;
  const narrow = paint.narrow;
  for (const side of ['bid', 'ask'] as const) {
    const x0 = side === 'bid' ? 0 : half + 2;
    const cols = ladderColumns(side, x0, half, narrow);
    for (const place of layout[side]) {
      if (place.bottom < scroll || place.y > scroll + height) continue;
      paintLevel(ctx, place, side, x0, half, cols, place.y - scroll, paint, p, narrow);
    }
  }
}

function paintLevel(ctx: Ctx2D, place: LevelPlace, side: BookSide, x0: number, w: number, cols: Columns, y: number, paint: LadderPaint, p: Palette, narrow: boolean): void {
  const { row } = place;
  const bid = side === 'bid';
  if (place.open || paint.hover === row.key) {
    ctx.fillStyle = p.hover;
    ctx.fillRect(x0, y, w, LEVEL_H);
  }
  // The depth bar, from the price column outwards, never under the prices.
  const trackLeft = bid ? x0 : cols.size[0];
  const trackRight = bid ? cols.size[1] : x0 + w;
  const bar = (trackRight - trackLeft) * Math.max(row.share, 0.015);
  ctx.fillStyle = bid ? 'rgba(63,182,139,0.17)' : 'rgba(229,100,110,0.17)';
  ctx.fillRect(bid ? trackRight - bar : trackLeft, y + 3, bar, LEVEL_H - 7);
  ctx.fillStyle = 'rgba(30,37,48,0.6)';
  ctx.fillRect(x0, y + LEVEL_H - 1, w, 1);
  const mid = y + LEVEL_H / 2;
  const text = (value: string, [l, r]: [number, number], right: boolean): void => {
    ctx.textAlign = right ? 'right' : 'left';
    ctx.fillText(fitText(ctx, value, r - l + 4), right ? r : l, mid);
  };
  setFont(ctx, font(600, place.top ? 14 : 13, p.mono));
  ctx.fillStyle = bid ? p.bull : p.bear;
  text(formatPrice(row.price), cols.price, bid);
  setFont(ctx, font(place.top ? 600 : 400, 12, p.font));
  ctx.fillStyle = place.top ? p.strong : p.text;
  text(formatSize(row.size), cols.size, bid);
  setFont(ctx, font(400, 12, p.font));
  ctx.fillStyle = p.dim;
  text(formatSize(row.cumulative), cols.total, bid);
  const caret = place.open ? '▾' : '▸';
  text(bid ? `${caret} ${row.venueCount}` : `${row.venueCount} ${caret}`, cols.venues, !bid);
  if (paint.focus === row.key) {
    ctx.strokeStyle = p.accent;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 1.5, y + 1.5, w - 3, LEVEL_H - 3);
  }
  if (place.open) paintVenues(ctx, row, side, x0, w, y + LEVEL_H, p, narrow);
}

function paintVenues(ctx: Ctx2D, row: LadderRow, side: BookSide, x0: number, w: number, y: number, p: Palette, narrow: boolean): void {
  const h = VENUES_PAD_TOP + VENUE_H * (row.venues.length + 1) + VENUES_PAD_BOTTOM;
  ctx.fillStyle = '#0e1218';
  ctx.fillRect(x0, y, w, h);
  ctx.fillStyle = p.line;
  ctx.fillRect(x0, y + h - 1, w, 1);
  const pad = narrow ? 8 : 12;
  const inset = 22;
  const left = x0 + pad + (side === 'bid' ? inset : 0);
  const right = x0 + w - pad - (side === 'ask' ? inset : 0);
  const name: [number, number] = [left, left + 64];
  const size: [number, number] = [name[1] + 8, name[1] + 60];
  const age: [number, number] = [right - 72, right];
  const share: [number, number] = [size[1] + 8 + 12, age[0] - 8];
  const topShare = Math.max(0.0001, ...row.venues.map((v) => v.share));
  const line = (i: number): number => y + VENUES_PAD_TOP + VENUE_H * i + VENUE_H / 2;
  setFont(ctx, font(400, 10, p.font));
  ctx.fillStyle = p.faint;
  ctx.textAlign = 'left';
  ctx.fillText('VENUE', name[0], line(0));
  ctx.textAlign = 'right';
  ctx.fillText('SIZE', size[1], line(0));
  ctx.textAlign = 'left';
  ctx.fillText('SHARE OF THE LEVEL', share[0], line(0));
  ctx.textAlign = 'right';
  ctx.fillText('QUOTE AGE', age[1], line(0));
  row.venues.forEach((v, i) => {
    const cy = line(i + 1);
    ctx.textAlign = 'left';
    setFont(ctx, font(400, 11, p.mono));
    ctx.fillStyle = p.text;
    ctx.fillText(v.venue, name[0], cy);
    setFont(ctx, font(400, 11.5, p.font));
    ctx.textAlign = 'right';
    ctx.fillText(formatSize(v.size), size[1], cy);
    const barW = Math.max(0, Math.min(200, share[1] - share[0] - 40));
    ctx.fillStyle = p.line;
    ctx.fillRect(share[0], cy - 2.5, barW, 5);
    ctx.fillStyle = side === 'bid' ? 'rgba(63,182,139,0.55)' : 'rgba(229,100,110,0.55)';
    ctx.fillRect(share[0], cy - 2.5, barW * (v.share / topShare), 5);
    setFont(ctx, font(400, 10.5, p.font));
    ctx.fillStyle = p.dim;
    ctx.textAlign = 'left';
    ctx.fillText(`${Math.round(v.share * 100)}%`, share[0] + barW + 8, cy);
    setFont(ctx, font(400, 11.5, p.font));
    ctx.textAlign = 'right';
    ctx.fillStyle = v.ageMs !== null && v.ageMs >= STALE_QUOTE_MS ? p.warn : p.dim;
    ctx.fillText(formatAge(v.ageMs), age[1], cy);
  });
}
