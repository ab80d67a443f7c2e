import { describe, expect, it } from 'vitest';
import type { Book } from '../../shared/domain/market.ts';
import { etMsSinceMidnight } from '../../shared/time/eastern.ts';
import { bookView, touchKey } from './book-view.ts';
import { ladderColumns, ladderHit, ladderLayout, LEVEL_H, openLevels, toggleKey, VENUE_H } from './ladder-draw.ts';

const T = Date.UTC(2024, 10, 29, 15, 30, 0);
const venue = (name: string, size: number) => ({ venue: name, size, quoteTimeEtMs: etMsSinceMidnight(T - 500) });

function book(levels: number): Book {
  const side = (sign: number) =>
    Array.from({ length: levels }, (_, i) => ({ price: Math.round((1.25 + sign * (0.02 + i * 0.01)) * 100) / 100, size: 10 * (i + 1), venueCount: 2, venues: [venue('CBOE', 4 * (i + 1)), venue('PHLX', 6 * (i + 1))] }));
  return { symbol: 'SPY   241129C00450000', time: T, receivedAt: T, bids: side(-1), asks: side(1) };
}
const options = { levels: 10, spreadAlertPercent: 10, imbalanceLevels: 5, multiplier: 100 };

describe('ladderLayout', () => {
  it('stacks each side from the top, an opened level followed by its venues and their head', () => {
    const view = bookView(book(3), options);
    const layout = ladderLayout(view.bids, view.asks, new Set([view.bids[0]?.key ?? '']));
    // The opened touch: its line, then its venues' head and two venues, padded 2 and 6.
    const opened = LEVEL_H + 2 + 3 * VENUE_H + 6;
    expect(layout.bid.map((p) => p.y)).toEqual([0, opened, opened + LEVEL_H]);
    expect(layout.ask.map((p) => p.y)).toEqual([0, LEVEL_H, 2 * LEVEL_H]);
    expect(layout.height).toBe(3 * LEVEL_H + 2 + 3 * VENUE_H + 6);
    expect(layout.bid[0]).toMatchObject({ top: true, open: true });
  });

  it('hits the level under the pointer by side, on its line or in its venues', () => {
    const view = bookView(book(3), options);
    const layout = ladderLayout(view.bids, view.asks, new Set([view.bids[0]?.key ?? '']));
    expect(ladderHit(layout, 800, 100, 5)).toMatchObject({ side: 'bid', onLine: true, place: { row: { price: 1.23 } } });
    expect(ladderHit(layout, 800, 100, LEVEL_H + 10)).toMatchObject({ side: 'bid', onLine: false });
    expect(ladderHit(layout, 800, 500, LEVEL_H + 10)).toMatchObject({ side: 'ask', onLine: true, place: { row: { price: 1.28 } } });
    expect(ladderHit(layout, 800, 500, 10 * LEVEL_H)).toBeNull();
  });
});

describe('ladderColumns', () => {
  it('mirrors the ask side so both prices meet at the spread', () => {
    const bid = ladderColumns('bid', 0, 400, false);
    const ask = ladderColumns('ask', 402, 400, false);
    expect(bid.price[1]).toBe(400 - 12);
    expect(ask.price[0]).toBe(402 + 12);
    expect(bid.venues[0]).toBe(12);
    expect(ask.venues[1]).toBe(802 - 12);
  });
});

describe('openLevels and toggleKey', () => {
  it('opens a one-level touch by itself, and a click flips it by side, not price', () => {
    const view = bookView(book(1), options);
    expect([...openLevels(view, new Set())]).toEqual([view.bids[0]?.key, view.asks[0]?.key]);
    const layout = ladderLayout(view.bids, view.asks, openLevels(view, new Set()));
    const key = toggleKey(view, layout.ask[0] ?? expect.fail('no ask'));
    expect(key).toBe(touchKey('ask'));
    expect([...openLevels(view, new Set([key]))]).toEqual([view.bids[0]?.key]);
  });

  it('keeps a deeper book folded until a level is clicked, by its price', () => {
    const view = bookView(book(3), options);
    expect(openLevels(view, new Set()).size).toBe(0);
    const layout = ladderLayout(view.bids, view.asks, new Set());
    const key = toggleKey(view, layout.bid[1] ?? expect.fail('no bid'));
    expect(key).toBe(view.bids[1]?.key);
    expect([...openLevels(view, new Set([key]))]).toEqual([key]);
  });
});
