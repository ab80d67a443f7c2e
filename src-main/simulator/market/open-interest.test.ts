// Open interest over the simulated night: each order opens or closes positions (its truth), a
// close never takes more than is open, and the next day's open interest is the day's plus what
// opened less what closed.
import { describe, expect, it } from 'vitest';
import { createSimulatedMarket } from './simulated-market.ts';
import { OPENING_SHARE } from './order-execution.ts';

const START = Date.UTC(2026, 10, 24, 15, 0, 0);

describe('the simulator\'s open interest', () => {
  it('opens about OPENING_SHARE of orders, the same ones for a seed, and moves the next day by them', () => {
    const run = () => {
      const market = createSimulatedMarket({ seed: 3, start: START, intensity: 5 });
      market.advanceTo(START + 120_000);
      return market;
    };
    const market = run();
    const truth = market.truth().filter((o) => o.complete);
    expect(truth.length).toBeGreaterThan(500);
    const opened = truth.filter((o) => o.positionEffect === 'OPEN').length / truth.length;
    expect(Math.abs(opened - OPENING_SHARE)).toBeLessThan(0.06);
    expect(run().truth().map((o) => o.positionEffect)).toEqual(market.truth().map((o) => o.positionEffect));
    const next = market.nextDayOpenInterest?.() ?? {};
    expect(Object.keys(next).length).toBeGreaterThan(10);
    for (const [symbol, oi] of Object.entries(next)) {
      const net = market.truth().filter((o) => o.symbol === symbol && o.bustedAt === undefined).reduce((n, o) => n + (o.positionEffect === 'OPEN' ? o.size : -o.size), 0);
      expect(oi, symbol).toBe((market.optionQuote(symbol)?.openInterest ?? NaN) + net);
    }
  });

  it('never closes more than is open: with no open interest at all, every order opens', () => {
    const probe = createSimulatedMarket({ seed: 4, start: START, intensity: 5 });
    probe.advanceTo(START + 60_000);
    const symbols = [...new Set(probe.truth().map((o) => o.symbol))];
    const market = createSimulatedMarket({ seed: 4, start: START, intensity: 5, openInterest: Object.fromEntries(symbols.map((s) => [s, 0])) });
    market.advanceTo(START + 60_000);
    const onEmpty = market.truth().filter((o) => symbols.includes(o.symbol));
    expect(onEmpty.length).toBeGreaterThan(100);
    for (const symbol of symbols.slice(0, 20)) expect(market.optionQuote(symbol)?.openInterest).toBe(0);
    // The first order on a contract with nothing open must open; later ones may close what opened.
    const first = new Map<string, string>();
    for (const o of onEmpty) if (!first.has(o.symbol)) first.set(o.symbol, o.positionEffect);
    expect([...first.values()].every((e) => e === 'OPEN')).toBe(true);
    for (const symbol of symbols) {
      const net = onEmpty.filter((o) => o.symbol === symbol && o.bustedAt === undefined).reduce((n, o) => n + (o.positionEffect === 'OPEN' ? o.size : -o.size), 0);
      expect(net, symbol).toBeGreaterThanOrEqual(0);
    }
  });
});
