// The book truth the evaluation scores against: kept only when asked, and naming the scripted
// refill and pull with their venue, price and sizes.
import { describe, expect, it } from 'vitest';
import { createSimulatedMarket } from './simulated-market.ts';
import { REFILL_DELAY_MS } from './book-script.ts';

const START = Date.UTC(2026, 10, 24, 15, 0, 0);
const SYMBOL = 'SPY   261127C00700000';

describe('book truth', () => {
  it('is empty unless the market was made with bookTruth', () => {
    const market = createSimulatedMarket({ seed: 3, start: START, intensity: 1 });
    market.watch([SYMBOL]);
    market.advanceTo(START + 60_000);
    expect(market.bookTruth?.()).toEqual([]);
  });

  it('records a scripted refill and pull, and the market’s own pulls and refills', () => {
    const market = createSimulatedMarket({ seed: 3, start: START, intensity: 1, bookTruth: true });
    market.watch([SYMBOL]);
    market.advanceTo(START + 30_000);
    const refill = market.scriptBook?.({ kind: 'refill', symbol: SYMBOL, side: 'bid' });
    if (!refill?.ok) throw new Error('refill refused');
    market.advanceTo(START + 30_000 + REFILL_DELAY_MS + 100);
    const pull = market.scriptBook?.({ kind: 'pull', symbol: SYMBOL, side: 'ask' });
    if (!pull?.ok) throw new Error('pull refused');
    market.advanceTo(START + 90_000);
    const scripted = (market.bookTruth?.() ?? []).filter((e) => e.scripted);
    expect(scripted).toEqual([
      { kind: 'refill', symbol: SYMBOL, side: 'bid', venue: refill.venue, price: refill.price, time: refill.time + REFILL_DELAY_MS, sizeBefore: refill.size, sizeAfter: refill.size, taken: refill.size, takenAt: refill.time, scripted: true },
      { kind: 'pull', symbol: SYMBOL, side: 'ask', venue: pull.venue, price: pull.price, time: pull.time, sizeBefore: pull.size, sizeAfter: 0, scripted: true },
    ]);
    const own = (market.bookTruth?.() ?? []).filter((e) => !e.scripted && e.symbol === SYMBOL);
    expect(own.some((e) => e.kind === 'pull')).toBe(true);
  });
});
