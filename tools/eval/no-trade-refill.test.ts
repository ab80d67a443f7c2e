// With no trades at all (intensity 0), venue sizes still random-walk by re-posts: they drift, fade
// and come back one venue at a time. The book event detector must never call any of that a refill:
// a refill needs a print that took the size (FLOW-RULES.md §7). Books are read once a second, as the
// conflated stream sends them, for a few simulated minutes on busy and quiet contracts.
import { describe, expect, it } from 'vitest';
import { BookEventDetector } from '../../shared/analytics/book-events.ts';
import { toTimelineColumn } from '../../shared/analytics/book-timeline.ts';
import type { BookEvent } from '../../shared/domain/book-events.ts';
import { DEMO_START } from '../../src-main/market/demo-harness.testkit.ts';
import { createSimulatedMarket } from '../../src-main/simulator/market/simulated-market.ts';

const MINUTES = 5;

function contracts(market: ReturnType<typeof createSimulatedMarket>): string[] {
  const out: string[] = [];
  for (const root of ['SPY', 'AAPL', 'IWM']) {
    const chain = market.chain(root, { strikeCount: 4 });
    for (const map of [chain?.callExpDateMap, chain?.putExpDateMap]) {
      for (const strikes of Object.values(map ?? {})) {
        for (const list of Object.values(strikes)) out.push(...list.map((c) => c.symbol));
      }
    }
  }
  return out;
}

describe('book events on a market with no trades', () => {
  it(`finds no refill in ${MINUTES} minutes of re-posts only, though venue sizes move all the time`, () => {
    const market = createSimulatedMarket({ seed: 2026, start: DEMO_START, intensity: 0, bookLevels: 1 });
    const symbols = contracts(market).slice(0, 24);
    expect(symbols.length).toBe(24);
    const detectors = new Map(symbols.map((s) => [s, new BookEventDetector(s)]));
    const events: BookEvent[] = [];
    let sizeChanges = 0;
    const last = new Map<string, string>();
    for (let t = DEMO_START + 1_000; t <= DEMO_START + MINUTES * 60_000; t += 1_000) {
      market.advanceTo(t);
      for (const symbol of symbols) {
        const book = market.optionBook(symbol);
        if (!book) throw new Error(`no book for ${symbol}`);
        const sizes = JSON.stringify(book.bids[0]?.venues.map((v) => [v.venue, v.size]));
        if (last.has(symbol) && last.get(symbol) !== sizes) sizeChanges++;
        last.set(symbol, sizes);
        events.push(...(detectors.get(symbol) as BookEventDetector).onColumn(toTimelineColumn(book)));
      }
    }
    expect(market.truth()).toHaveLength(0);
    // The walk is real: the bid touch's venue sizes changed in a good share of the seconds.
    expect(sizeChanges).toBeGreaterThan(symbols.length * MINUTES * 60 * 0.2);
    expect(events.filter((e) => e.kind === 'pull').length).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === 'refill')).toEqual([]);
  });
});
