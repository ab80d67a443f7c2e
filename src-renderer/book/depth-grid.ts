// The depth chart's data. lightweight-charts spaces points evenly on its horizontal scale
// whatever their values, so a price axis that reads true needs one point per price step: the
// book's levels are laid on a grid of whole cents (or a coarser step for a wide book), bids to
// the left of the spread and asks to the right, whitespace where a side has nothing. A live
// options book has one level a side: it is drawn as two blocks as wide as the spread between
// them, so the chart reads "this much at the bid, this much at the ask" at any tick size.
import type { BookLevel } from '../../shared/domain/market.ts';
import { cumulativeDepth } from '../../shared/analytics/book.ts';

type Level = Pick<BookLevel, 'price' | 'size'>;

/** A chart point: `value` absent is whitespace. */
export interface DepthPoint {
  time: number;
  value?: number;
}

export interface DepthGrid {
  bids: DepthPoint[];
  asks: DepthPoint[];
  /** Grid step in dollars. */
  step: number;
}

const STEPS_CENTS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10_000];
export const MAX_POINTS = 1200;

const cents = (price: number): number => Math.round(price * 100);

/** Best first on each side, as in Book. Empty arrays when neither side has a level. */
export function depthGrid(bids: readonly Level[], asks: readonly Level[], maxPoints = MAX_POINTS): DepthGrid {
  const prices = [...bids, ...asks].map((l) => cents(l.price));
  if (prices.length === 0) return { bids: [], asks: [], step: 0.01 };
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  // A margin on each side (15% of the range, at least 3 steps) so the outermost level reads as
  // a block, not a line at the chart's edge. A one-level book is two blocks and a gap: each
  // block is as wide as the spread, never a sliver beside it.
  const single = bids.length <= 1 && asks.length <= 1;
  const margin = single ? hi - lo : (hi - lo) * 0.15;
  const step = STEPS_CENTS.find((s) => (hi - lo + 2 * margin) / s + 8 <= maxPoints) ?? (STEPS_CENTS.at(-1) as number);
  const pad = Math.max(3, Math.ceil(margin / step)) * step;
  const first = Math.floor(lo / step) * step - pad;
  const last = Math.ceil(hi / step) * step + pad;
  const bidDepth = cumulativeDepth(bids).map((p) => ({ at: cents(p.price), cumulative: p.cumulative }));
  const askDepth = cumulativeDepth(asks).map((p) => ({ at: cents(p.price), cumulative: p.cumulative }));
  const bestBid = bidDepth[0]?.at ?? -Infinity;
  const bestAsk = askDepth[0]?.at ?? Infinity;
  const bidPoints: DepthPoint[] = [];
  const askPoints: DepthPoint[] = [];
  // Bids run best (highest) first: the total to show at g is that of the deepest level still
  // priced at or above g; walking the grid upwards, that index only falls.
  let b = bidDepth.length - 1;
  let a = -1;
  for (let g = Math.max(first, 0); g <= last; g += step) {
    const time = g / 100;
    while (b >= 0 && (bidDepth[b] as { at: number }).at < g) b--;
    const bid = g <= bestBid ? bidDepth[b] : undefined;
    bidPoints.push(bid ? { time, value: bid.cumulative } : { time });
    while (a + 1 < askDepth.length && (askDepth[a + 1] as { at: number }).at <= g) a++;
    const ask = g >= bestAsk ? askDepth[a] : undefined;
    askPoints.push(ask ? { time, value: ask.cumulative } : { time });
  }
  return { bids: bidPoints, asks: askPoints, step: step / 100 };
}

/** A string equal for two grids exactly when they draw the same curves. */
export function gridSignature(grid: DepthGrid): string {
  const side = (points: readonly DepthPoint[]): string => points.map((p) => `${p.time}:${p.value ?? ''}`).join(',');
  return `${grid.step}|${side(grid.bids)}|${side(grid.asks)}`;
}
