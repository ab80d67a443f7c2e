// Book timelines for the book window's unit tests: columns written as the venues at the touch,
// prints and events with only the fields a test cares about.
import type { BookEvent, BookTimeline, TimelineColumn, TimelineLevel, TimelinePrint, VenueSize } from '../../shared/domain/book-events.ts';

/** 10:00:00 ET on a winter day, in epoch ms. */
export const T0 = Date.UTC(2026, 0, 15, 15, 0, 0);

/** A level from its venues; its size is theirs summed, as Schwab sends it. */
export function level(price: number, venues: Record<string, number>, quoteTimeEtMs = 36_000_000): TimelineLevel {
  const list: VenueSize[] = Object.entries(venues)
    .sort((a, b) => b[1] - a[1])
    .map(([venue, size]) => [venue, size, quoteTimeEtMs] as const);
  return { price, size: list.reduce((sum, [, size]) => sum + size, 0), venues: list };
}

/** A one-level column: the touch on each side, split by venue. */
export function touchColumn(time: number, bid: [number, Record<string, number>], ask: [number, Record<string, number>]): TimelineColumn {
  return { time, bids: [level(bid[0], bid[1])], asks: [level(ask[0], ask[1])] };
}

export function print(flowId: string, time: number, price: number, size: number, more: Partial<TimelinePrint> = {}): TimelinePrint {
  return { flowId, time, price, size, side: 'ASK', direction: 'BUY', cancelled: false, ...more };
}

export function bookEvent(more: Partial<BookEvent> & Pick<BookEvent, 'kind' | 'side' | 'time'>): BookEvent {
  return {
    id: `${more.kind}:${more.side}:${more.venue ?? '-'}:${more.time}`,
    symbol: 'SPY   260116C00600000',
    rule: more.kind === 'refill' ? 'REFILL_AFTER_PRINT' : more.kind === 'pull' ? 'PULL_NO_PRINT' : more.kind === 'stack' ? 'STACK_ONE_SIDE' : 'TOUCH_MOVED',
    venue: null,
    price: 1,
    size: 0,
    reason: 'test',
    ...more,
  };
}

export function timeline(columns: TimelineColumn[], prints: TimelinePrint[] = [], events: BookEvent[] = []): BookTimeline {
  return { symbol: 'SPY   260116C00600000', columns, prints, events };
}
