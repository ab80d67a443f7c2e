// One side of the venue montage as drawn on its canvas: what each row shows (montageFrame, the
// "rendered model" the tests and the accessible table read), where each column sits, what is under
// the pointer (montageHit, for the hover text), and the painting itself. The montage changes with
// every snapshot (ages, times on the touch, marks fading): as DOM rows it was styled, laid out and
// composited afresh about 20 times a second; on a canvas of a fixed size it is one repaint.
import type { MontageRow } from '../../shared/analytics/venue-montage.ts';
import { venueTitle } from '../../shared/analytics/venue-names.ts';
import type { BookSideName } from '../../shared/domain/book-events.ts';
import { formatPrice, formatSize } from '../../shared/format/format.ts';
import { formatAge, markOpacity, STALE_QUOTE_MS } from './book-view.ts';
import type { Palette } from './canvas-kit.ts';
import { fitText, font, setFont, textWidth } from './canvas-kit.ts';
import type { Ctx2D } from './canvas-surface.ts';

export const MONTAGE_HEAD_H = 24;
export const MONTAGE_COLS_H = 17;
export const MONTAGE_ROW_H = 19;
/** Rows the canvas holds: Schwab's live book has up to 16 venues a side. */
export const MONTAGE_ROWS = 16;
export const MONTAGE_HEIGHT = MONTAGE_HEAD_H + MONTAGE_COLS_H + MONTAGE_ROWS * MONTAGE_ROW_H + 4;

const MARK_WORDS: Readonly<Record<NonNullable<MontageRow['mark']>, string>> = { joined: 'new', grew: '▲', shrank: '▼', left: 'left' };

/** One row as shown. */
export interface MontageLine {
  venue: string;
  name: string;
  size: number;
  gone: boolean;
  sizeText: string;
  /** Width of the share bar, 0..1 of the largest share. */
  bar: number;
  pct: string;
  age: string;
  stale: boolean;
  /** Time on the touch; `≥` when on it in every snapshot read. */
  since: string;
  mark: MontageRow['mark'];
  markOpacity: number;
}

export interface MontageFrame {
  side: BookSideName;
  price: number | null;
  /** Sum of the present venues' sizes. */
  total: number;
  count: number;
  lines: MontageLine[];
}

export function montageFrame(side: BookSideName, rows: readonly MontageRow[], now: number | null, since: number | null, price: number | null): MontageFrame {
  let total = 0;
  let count = 0;
  let top = 0.0001;
  for (const r of rows) {
    if (r.size <= 0) continue;
    total += r.size;
    count++;
    top = Math.max(top, r.share);
  }
  const lines = rows.map((row): MontageLine => {
    const gone = row.mark === 'left';
    const onTouch = now === null || gone ? null : Math.max(0, now - row.atTouchSince);
    const atLeast = since !== null && row.atTouchSince <= since;
    return {
      venue: row.venue,
      name: row.name,
      size: row.size,
      gone,
      sizeText: gone ? '—' : formatSize(row.size),
      bar: Math.round((row.share / top) * 1000) / 1000,
      pct: gone ? '' : `${Math.round(row.share * 100)}%`,
      age: gone ? '' : formatAge(row.ageMs),
      stale: row.ageMs !== null && row.ageMs >= STALE_QUOTE_MS,
      since: onTouch === null ? '' : `${atLeast ? '≥' : ''}${formatAge(onTouch)}`,
      mark: row.mark,
      markOpacity: markOpacity(row.markAt, now),
    };
  });
  return { side, price, total, count, lines };
}

export type MontageColumn = 'name' | 'size' | 'share' | 'age' | 'since' | 'mark';

/** Left and right edges (CSS px) of each column for a canvas `width` wide. */
export function montageColumns(width: number): Record<MontageColumn, [number, number]> {
  const pad = 10;
  const gap = 5;
  // On touch holds `≥4m 59s`; the share bar takes what is left.
  const fixed = 40 + 40 + 44 + 50 + 30 + 5 * gap;
  const share = Math.max(48, width - 2 * pad - fixed);
  const out = {} as Record<MontageColumn, [number, number]>;
  let x = pad;
  for (const [name, w] of [['name', 40], ['size', 40], ['share', share], ['age', 44], ['since', 50], ['mark', 30]] as const) {
    out[name] = [x, x + w];
    x += w + gap;
  }
  return out;
}

/** Top of row `index` (CSS px). */
export const montageRowTop = (index: number): number => MONTAGE_HEAD_H + MONTAGE_COLS_H + index * MONTAGE_ROW_H;

export interface MontageHit {
  index: number;
  line: MontageLine;
  column: MontageColumn;
}

/** The row and column under a point of the canvas, if a row is there. */
export function montageHit(frame: MontageFrame, width: number, x: number, y: number): MontageHit | null {
  const index = Math.floor((y - montageRowTop(0)) / MONTAGE_ROW_H);
  const line = frame.lines[index];
  if (index < 0 || index >= MONTAGE_ROWS || !line) return null;
  const columns = montageColumns(width);
  let column: MontageColumn = 'name';
  for (const [name, [left]] of Object.entries(columns) as [MontageColumn, [number, number]][]) if (x >= left - 2) column = name;
  return { index, line, column };
}

/** The hover text of a hit: the venue's exchange and Schwab's code, and what the column means. */
export function hoverText({ line, column }: MontageHit): string {
  const venue = venueTitle(line.venue);
  switch (column) {
    case 'age':
      return `${venue} · quote age at the time shown: ${line.age || '—'}`;
    case 'since':
      return `${venue} · time on the touch without a gap: ${line.since || '—'}`;
    case 'mark':
      return line.mark ? `${venue} · ${line.mark} in the last few seconds` : venue;
    default:
      return line.gone ? `${venue} · left the touch` : `${venue} · ${line.sizeText} contracts, ${line.pct} of the level`;
  }
}

const MARK_STYLE: Readonly<Record<NonNullable<MontageRow['mark']>, { fill: string | null; text: (p: Palette) => string }>> = {
  joined: { fill: 'rgba(90,160,230,0.25)', text: () => '#9cc8f2' },
  grew: { fill: null, text: (p) => p.bull },
  shrank: { fill: null, text: (p) => p.bear },
  left: { fill: 'rgba(227,164,75,0.2)', text: (p) => p.warn },
};

/** What a montage canvas shows, so the next paint can redraw only the rows that changed. */
export interface PaintedMontage {
  frame: MontageFrame;
  hover: number | null;
  width: number;
  dpr: number;
}

const sameLine = (a: MontageLine | undefined, b: MontageLine | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.venue === b.venue &&
    a.name === b.name &&
    a.gone === b.gone &&
    a.sizeText === b.sizeText &&
    a.bar === b.bar &&
    a.pct === b.pct &&
    a.age === b.age &&
    a.stale === b.stale &&
    a.since === b.since &&
    a.mark === b.mark &&
    a.markOpacity === b.markOpacity);

const headOf = (frame: MontageFrame): string => `${frame.side}|${frame.price}|${frame.total}|${frame.count}`;

/**
 * Paints one side; `hover` is the row under the pointer, highlighted. Given what the canvas shows
 * (`before`, at the same size), only the head and the rows that differ are painted again: at 20
 * snapshots a second most venues keep their size, and their ages change once a second.
 */
export function paintMontage(ctx: Ctx2D, frame: MontageFrame, width: number, dpr: number, p: Palette, hover: number | null, before: PaintedMontage | null = null): 'whole' | 'partial' {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.textBaseline = 'middle';
  const partial = before !== null && before.width === width && before.dpr === dpr && before.frame.lines.length > 0 && frame.lines.length > 0;
  if (!partial) ctx.clearRect(0, 0, width, MONTAGE_HEIGHT);
  if (!partial || headOf(before.frame) !== headOf(frame)) {
    if (partial) ctx.clearRect(0, 0, width, MONTAGE_HEAD_H);
    paintHead(ctx, frame, width, p);
  }
  const cols = montageColumns(width);
  if (!partial) paintColumnHeads(ctx, cols, width, p);

  if (frame.lines.length === 0) {
    ctx.textAlign = 'left';
    setFont(ctx, font(400, 12, p.font));
    ctx.fillStyle = p.dim;
    ctx.fillText('No venues at the touch.', 12, montageRowTop(0) + MONTAGE_ROW_H / 2 + 2);
    return 'whole';
  }
  const rows = Math.min(MONTAGE_ROWS, Math.max(frame.lines.length, partial ? before.frame.lines.length : 0));
  for (let i = 0; i < rows; i++) {
    const line = frame.lines[i];
    const was = partial ? before.frame.lines[i] : undefined;
    const sameHover = partial && (before.hover === i) === (hover === i);
    if (sameHover && sameLine(was, line)) continue;
    if (sameHover && line && was && !line.gone && !was.gone && line.venue === was.venue && hover !== i) {
      // The same venue with another size or age: only its cells that changed.
      paintCells(ctx, frame.side, line, was, i, cols, p);
      continue;
    }
    if (partial) ctx.clearRect(0, montageRowTop(i), width, MONTAGE_ROW_H);
    if (line) paintRow(ctx, frame.side, line, i, cols, width, p, hover === i);
  }
  ctx.globalAlpha = 1;
  return partial ? 'partial' : 'whole';
}

/** The columns of a row whose text or bar differs from what the canvas shows, cleared and painted. */
function paintCells(ctx: Ctx2D, side: BookSideName, line: MontageLine, was: MontageLine, i: number, cols: Record<MontageColumn, [number, number]>, p: Palette): void {
  const top = montageRowTop(i);
  const y = top + MONTAGE_ROW_H / 2;
  // Half the gap between columns either side: a glyph may reach a pixel past its column.
  const clear = ([l, r]: [number, number]): void => ctx.clearRect(l - 2, top, r - l + 4, MONTAGE_ROW_H);
  setFont(ctx, font(400, 12, p.font));
  ctx.textAlign = 'right';
  if (line.sizeText !== was.sizeText) {
    clear(cols.size);
    ctx.fillStyle = p.text;
    ctx.fillText(line.sizeText, cols.size[1], y);
  }
  if (line.bar !== was.bar || line.pct !== was.pct) {
    clear(cols.share);
    paintShare(ctx, side, line, cols, y, p);
  }
  if (line.age !== was.age || line.stale !== was.stale) {
    clear(cols.age);
    setFont(ctx, font(400, 12, p.font));
    ctx.textAlign = 'right';
    ctx.fillStyle = line.stale ? p.warn : p.text;
    ctx.fillText(line.age, cols.age[1], y);
  }
  if (line.since !== was.since) {
    clear(cols.since);
    setFont(ctx, font(400, 12, p.font));
    ctx.textAlign = 'right';
    ctx.fillStyle = p.dim;
    ctx.fillText(line.since, cols.since[1], y);
  }
  if (line.mark !== was.mark || line.markOpacity !== was.markOpacity) {
    clear(cols.mark);
    if (line.mark) paintMark(ctx, line, cols.mark[0], y, p);
  }
  if (line.name !== was.name) {
    clear(cols.name);
    ctx.textAlign = 'left';
    setFont(ctx, font(400, 12, p.mono));
    ctx.fillStyle = p.strong;
    ctx.fillText(fitText(ctx, line.name, cols.name[1] - cols.name[0] + 4), cols.name[0], y);
  }
}

/** The share: a bar scaled to the largest venue, and the percent. */
function paintShare(ctx: Ctx2D, side: BookSideName, line: MontageLine, cols: Record<MontageColumn, [number, number]>, y: number, p: Palette): void {
  const [sl, sr] = cols.share;
  const barRight = sr - 31;
  ctx.fillStyle = p.raise;
  ctx.fillRect(sl, y - 3.5, Math.max(0, barRight - sl), 7);
  if (!line.gone && line.bar > 0) {
    ctx.fillStyle = side === 'bid' ? 'rgba(63,182,139,0.7)' : 'rgba(229,100,110,0.7)';
    ctx.fillRect(sl, y - 3.5, Math.max(0, barRight - sl) * line.bar, 7);
  }
  setFont(ctx, font(400, 11, p.font));
  ctx.textAlign = 'right';
  ctx.fillStyle = p.dim;
  ctx.fillText(line.pct, sr, y);
}

/** The head: side, price, total and venue count. */
function paintHead(ctx: Ctx2D, frame: MontageFrame, width: number, p: Palette): void {
  const bid = frame.side === 'bid';
  let x = 12;
  const hy = 13;
  ctx.textAlign = 'left';
  setFont(ctx, font(400, 12, p.font));
  ctx.fillStyle = bid ? p.bull : p.bear;
  const side = bid ? 'Bid' : 'Ask';
  ctx.fillText(side, x, hy);
  x += textWidth(ctx, side) + 8;
  setFont(ctx, font(600, 15, p.mono));
  ctx.fillStyle = p.strong;
  const price = frame.price === null ? '—' : formatPrice(frame.price);
  ctx.fillText(price, x, hy);
  x += textWidth(ctx, price) + 8;
  setFont(ctx, font(400, 12, p.font));
  ctx.fillStyle = p.dim;
  ctx.fillText(fitText(ctx, `× ${formatSize(frame.total)} · ${frame.count} venue${frame.count === 1 ? '' : 's'}`, width - x - 6), x, hy);
}

function paintColumnHeads(ctx: Ctx2D, cols: Record<MontageColumn, [number, number]>, width: number, p: Palette): void {
  const cy = MONTAGE_HEAD_H + MONTAGE_COLS_H / 2;
  setFont(ctx, font(400, 10, p.font));
  ctx.fillStyle = p.dim;
  const head = (text: string, [l, r]: [number, number], right: boolean): void => {
    ctx.textAlign = right ? 'right' : 'left';
    ctx.fillText(text, right ? r : l, cy);
  };
  head('Venue', cols.name, false);
  head('Size', cols.size, true);
  head('Share', cols.share, false);
  head('Age', cols.age, true);
  head('On touch', cols.since, true);
  ctx.fillStyle = p.line;
  ctx.fillRect(0, MONTAGE_HEAD_H + MONTAGE_COLS_H - 1, width, 1);
}

function paintRow(ctx: Ctx2D, side: BookSideName, line: MontageLine, i: number, cols: Record<MontageColumn, [number, number]>, width: number, p: Palette, hovered: boolean): void {
  const top = montageRowTop(i);
  const y = top + MONTAGE_ROW_H / 2;
  if (hovered) {
    ctx.fillStyle = p.hover;
    ctx.fillRect(0, top, width, MONTAGE_ROW_H);
  }
  // Venue, struck through once it left.
  ctx.textAlign = 'left';
  setFont(ctx, font(400, 12, p.mono));
  ctx.fillStyle = line.gone ? p.faint : p.strong;
  const name = fitText(ctx, line.name, cols.name[1] - cols.name[0] + 4);
  ctx.fillText(name, cols.name[0], y);
  if (line.gone) ctx.fillRect(cols.name[0], Math.round(y), textWidth(ctx, name), 1);
  setFont(ctx, font(400, 12, p.font));
  ctx.textAlign = 'right';
  ctx.fillStyle = line.gone ? p.faint : p.text;
  ctx.fillText(line.sizeText, cols.size[1], y);
  paintShare(ctx, side, line, cols, y, p);
  setFont(ctx, font(400, 12, p.font));
  ctx.fillStyle = line.stale ? p.warn : line.gone ? p.faint : p.text;
  ctx.fillText(line.age, cols.age[1], y);
  ctx.fillStyle = p.dim;
  ctx.fillText(line.since, cols.since[1], y);
  if (line.mark) paintMark(ctx, line, cols.mark[0], y, p);
}

function paintMark(ctx: Ctx2D, line: MontageLine, left: number, y: number, p: Palette): void {
  const mark = line.mark;
  if (!mark) return;
  const style = MARK_STYLE[mark];
  const word = MARK_WORDS[mark];
  ctx.globalAlpha = line.markOpacity;
  setFont(ctx, font(400, 10, p.font));
  ctx.textAlign = 'left';
  const w = textWidth(ctx, word) + 6;
  if (style.fill) {
    ctx.fillStyle = style.fill;
    ctx.fillRect(left, y - 7, w, 14);
  }
  ctx.fillStyle = style.text(p);
  ctx.fillText(word, left + 3, y);
  ctx.globalAlpha = 1;
}
