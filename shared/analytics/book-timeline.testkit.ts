// Builders for book timeline tests: columns, levels and prints in a few characters, on a December
// trading day (New York standard time, where a venue's quote time reads as New York time).
import type { TimelineColumn, TimelineLevel, TimelinePrint, VenueSize } from '../domain/book-events.ts';
import type { Direction, Side } from '../domain/flow.ts';
import { etMsSinceMidnight, etToEpoch } from '../time/eastern.ts';

/** 2025-12-12 10:31:00.000 New York time. */
export const T0 = etToEpoch(2025, 12, 12, 10, 31, 0);

/** A venue quote time (ms since New York midnight) for an epoch time. */
export const quoteTime = (epochMs: number): number => etMsSinceMidnight(epochMs);

/** A level from [venue, size, quote time epoch?] entries; quote times default to `T0`. */
export function level(price: number, venues: readonly (readonly [string, number, number?])[]): TimelineLevel {
  const sizes: VenueSize[] = venues.map(([venue, size, at]) => [venue, size, quoteTime(at ?? T0)] as const);
  sizes.sort((a, b) => b[1] - a[1]);
  return { price, size: sizes.reduce((sum, v) => sum + v[1], 0), venues: sizes };
}

export function column(time: number, bids: readonly TimelineLevel[], asks: readonly TimelineLevel[]): TimelineColumn {
  return { time, bids: bids.filter((l) => l.venues.length > 0), asks: asks.filter((l) => l.venues.length > 0) };
}

export function print(
  flowId: string,
  time: number,
  price: number,
  size: number,
  direction: Direction = 'BUY',
  side: Side = direction === 'SELL' ? 'BID' : 'ASK',
): TimelinePrint {
  return { flowId, time, price, size, side, direction, cancelled: false };
}

/** A small seeded generator (mulberry32): the same seed gives the same walk on every machine. */
export { seededRandom } from '../random/seeded-random.ts';
