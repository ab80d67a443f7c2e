import { describe, expect, it } from 'vitest';
import { etToEpoch } from '../../../shared/time/eastern.ts';
import { seededRandom } from '../../util/random.ts';
import type { SimulatorMarket, SimulatorMarketOptions } from './market.ts';
import { createSimulatedMarket } from './simulated-market.ts';

const START = etToEpoch(2026, 3, 17, 10, 0, 0, 0);
const make = (over: Partial<SimulatorMarketOptions> = {}) =>
  createSimulatedMarket({ seed: 99, start: START, intensity: 2, bookLevels: 10, ...over });

/** An at-the-money symbol on the next listed expiry, from the market's own chain. */
function atm(m: SimulatorMarket, underlying: string, right: 'CALL' | 'PUT' = 'CALL', offset = 0): string {
  const chain = m.chain(underlying, { strikeCount: 1 + 2 * Math.abs(offset), contractType: right });
  const first = Object.values((right === 'CALL' ? chain?.callExpDateMap : chain?.putExpDateMap) ?? {})[0] ?? {};
  const list = Object.values(first).flat();
  return list[Math.abs(offset) + offset]?.symbol ?? '';
}

function snapshot(m: SimulatorMarket, symbols: readonly string[]) {
  return {
    now: m.now(),
    truth: m.truth(),
    quotes: symbols.map((s) => m.optionQuote(s)),
    books: symbols.map((s) => m.optionBook(s)),
    equities: m.underlyings.map((u) => m.equityQuote(u)),
    bars: m.underlyings.map((u) => m.barsAfter(u, 0)),
  };
}

describe('determinism', () => {
  it('gives the same market for the same seed and calls, and another for another seed', () => {
    const a = make();
    const b = make();
    const c = make({ seed: 100 });
    for (const m of [a, b, c]) m.advanceTo(START + 120_000);
    const symbols = [...new Set(a.truth().map((o) => o.symbol))].slice(0, 30);
    expect(snapshot(a, symbols)).toEqual(snapshot(b, symbols));
    expect(c.truth().map((o) => o.symbol)).not.toEqual(a.truth().map((o) => o.symbol));
  });

  it('ends in the same state whether advanced in one step or many small ones read in between', () => {
    const once = make({ intensity: 5 });
    const stepped = make({ intensity: 5 });
    const watched = [atm(once, 'SPY'), atm(once, 'TSLA', 'PUT'), atm(once, 'IWM', 'CALL', 3)];
    once.watch(watched);
    stepped.watch(watched);
    const end = START + 90_000;
    const random = seededRandom(5);
    for (let t = START; t < end; t += 1 + Math.floor(random() * 700)) {
      stepped.advanceTo(t);
      // Reads, including lazily created contracts, must not change what happens next.
      for (const s of watched) stepped.optionBook(s, 3);
      stepped.optionQuote(stepped.truth().at(-1)?.symbol ?? watched[0] ?? '');
      stepped.optionQuote('NVDA  260417C00150000');
    }
    stepped.advanceTo(end);
    once.advanceTo(end);
    const symbols = [...new Set([...watched, ...once.truth().map((o) => o.symbol)])];
    expect(snapshot(stepped, symbols)).toEqual(snapshot(once, symbols));
  });
});

describe('symbols', () => {
  it('serves any well-formed padded symbol on a simulated underlying, priced from its own terms', () => {
    const m = make({ intensity: 0 });
    const odd = m.optionQuote('AAPL  261218P00123456');
    expect(odd).toMatchObject({ strike: 123.456, right: 'P', underlying: 'AAPL', securityStatus: 'Normal' });
    expect(odd?.ask as number).toBeGreaterThan(0);
    const deep = m.optionQuote('META  270115C00001000');
    expect(deep?.delta as number).toBeGreaterThan(0.95);
    expect(m.optionBook('META  270115C00001000', 2)?.asks.length).toBe(2);
  });

  it('gives null for malformed symbols, other spellings and unknown underlyings', () => {
    const m = make({ intensity: 0 });
    for (const bad of ['', 'SPY', 'SPY   261399C00600000', 'SPY241129C00450000', 'SPY_112924C450', 'GOOG  260320C00200000', 'SPY   260320X00600000']) {
      expect(m.optionQuote(bad), bad).toBeNull();
      expect(m.optionBook(bad), bad).toBeNull();
    }
    expect(m.equityQuote('GOOG')).toBeNull();
    expect(m.barsAfter('GOOG', 0)).toEqual([]);
  });

  it('serves an expired contract as closed and never trades it', () => {
    const m = make({ intensity: 20 });
    const expired = 'SPY   260316C00680000';
    m.watch([expired]);
    m.advanceTo(START + 30_000);
    expect(m.optionQuote(expired)).toMatchObject({ securityStatus: 'Closed', bid: 0, ask: 0 });
    expect(m.truth().some((o) => o.symbol === expired)).toBe(false);
  });
});

describe('books', () => {
  it('keeps every book consistent with itself and with the quote', () => {
    const m = make({ bookLevels: 8 });
    const checked = new Set<string>();
    for (let step = 1; step <= 12; step++) {
      m.advanceTo(START + step * 5_000);
      const symbols = [...new Set(m.truth().slice(-40).map((o) => o.symbol))];
      for (const symbol of symbols) {
        checked.add(symbol);
        const q = m.optionQuote(symbol);
        for (const levels of [undefined, 3, 1, 80]) {
          const book = m.optionBook(symbol, levels);
          if (!book || !q) throw new Error(`no book for ${symbol}`);
          expect(book.bids.length).toBeLessThanOrEqual(Math.min(levels ?? 8, 8));
          expect(book.asks.length).toBeLessThanOrEqual(Math.min(levels ?? 8, 8));
          expect(book.asks.length).toBeGreaterThan(0);
          expect(book.asks[0]?.price).toBe(q.ask);
          expect(book.asks[0]?.size).toBe(q.askSize);
          expect(book.bids[0]?.price ?? 0).toBe(q.bid);
          expect(book.bids[0]?.size ?? 0).toBe(q.bidSize);
          if (book.bids[0]) expect(book.bids[0].price).toBeLessThan(book.asks[0]?.price as number);
          for (const [side, list] of [['bid', book.bids], ['ask', book.asks]] as const) {
            list.forEach((level, i) => {
              if (i > 0) expect(side === 'bid' ? level.price < (list[i - 1]?.price as number) : level.price > (list[i - 1]?.price as number)).toBe(true);
              expect(level.price).toBeGreaterThan(0);
              expect(level.size).toBe(level.venues.reduce((s, v) => s + v.size, 0));
              expect(level.venueCount).toBe(level.venues.length);
              level.venues.forEach((v, j) => {
                if (j > 0) expect(v.size).toBeLessThanOrEqual(level.venues[j - 1]?.size as number);
                expect(v.size).toBeGreaterThan(0);
                expect(v.quoteTimeEtMs).toBeGreaterThanOrEqual(0);
                expect(v.quoteTimeEtMs).toBeLessThan(86_400_000);
              });
            });
          }
        }
      }
    }
    expect(checked.size).toBeGreaterThan(50);
  });
});

describe('the live book shape (the default)', () => {
  const LIVE_CODES = new Set(['S', 'PACX', 'MEMX', 'MIAX', 'AMEX', 'BATS', 'PHLX', 'BOSX', 'EDGX', 'ISEX', 'XBXO', 'MERC', 'CBOE', 'NYSE', 'GMNI', 'NSDQ']);
  const live = (intensity = 2) => createSimulatedMarket({ seed: 99, start: START, intensity });
  const msOfDay = (t: number) => t - etToEpoch(2026, 3, 17, 0, 0, 0, 0);

  it('sends one level a side: the NBBO split up by up to 16 venues with live codes and their own quote times', () => {
    const m = live();
    const liquid = atm(m, 'SPY');
    const contracts = [liquid, atm(m, 'NVDA', 'PUT'), atm(m, 'AMZN', 'CALL', 6), atm(m, 'META', 'PUT', -8)];
    m.watch(contracts);
    const touchVenues = new Map<string, number[]>();
    for (let step = 1; step <= 60; step++) {
      const t = START + step * 1_000;
      m.advanceTo(t);
      for (const symbol of contracts) {
        const book = m.optionBook(symbol);
        const q = m.optionQuote(symbol);
        if (!book || !q) throw new Error(`no book for ${symbol}`);
        // Asking for more than the market sends changes nothing: one level is all there is.
        expect(m.optionBook(symbol, 10)).toEqual(book);
        expect(book.bids).toHaveLength(1);
        expect(book.asks).toHaveLength(1);
        expect(book.bids[0]).toMatchObject({ price: q.bid, size: q.bidSize });
        expect(book.asks[0]).toMatchObject({ price: q.ask, size: q.askSize });
        for (const level of [book.bids[0], book.asks[0]]) {
          if (!level) continue;
          expect(level.venueCount).toBe(level.venues.length);
          expect(level.venueCount).toBeLessThanOrEqual(16);
          expect(new Set(level.venues.map((v) => v.venue)).size).toBe(level.venueCount);
          const times = level.venues.map((v) => v.quoteTimeEtMs);
          for (const v of level.venues) {
            expect(LIVE_CODES.has(v.venue), v.venue).toBe(true);
            // Each venue's own last change: never after the snapshot, never a minute old.
            expect(v.quoteTimeEtMs).toBeLessThanOrEqual(msOfDay(t));
            expect(v.quoteTimeEtMs).toBeGreaterThan(msOfDay(t) - 60_000);
          }
          if (level.venueCount > 2) expect(new Set(times).size).toBeGreaterThan(1);
          touchVenues.set(symbol, [...(touchVenues.get(symbol) ?? []), level.venueCount]);
        }
      }
    }
    // A liquid contract shows more venues at the touch than a far, quiet one.
    const mean = (xs: number[] = []) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    expect(mean(touchVenues.get(liquid))).toBeGreaterThan(12);
    expect(mean(touchVenues.get(liquid))).toBeGreaterThan(mean(touchVenues.get(contracts[3] ?? '')));
  });

  it('changes venue sizes one at a time, and moves the touch with the underlying', () => {
    const m = live(0);
    const symbol = atm(m, 'SPY');
    const state = () => {
      const book = m.optionBook(symbol);
      const venues = new Map<string, string>();
      for (const [side, levels] of [['bid', book?.bids ?? []], ['ask', book?.asks ?? []]] as const) {
        for (const v of levels[0]?.venues ?? []) venues.set(`${side}:${v.venue}`, `${v.size}@${v.quoteTimeEtMs}`);
      }
      return { bid: book?.bids[0]?.price, ask: book?.asks[0]?.price, venues };
    };
    let previous = state();
    let sizeChanges = 0;
    let touchMoves = 0;
    for (let t = START + 1; t <= START + 20_000; t++) {
      m.advanceTo(t);
      const now = state();
      if (now.bid !== previous.bid || now.ask !== previous.ask) touchMoves++;
      const changed = new Set<string>();
      for (const key of new Set([...previous.venues.keys(), ...now.venues.keys()])) {
        if (previous.venues.get(key) !== now.venues.get(key)) changed.add(key.slice(key.indexOf(':') + 1));
      }
      // Between trades (none here), at most one venue changes at a time.
      expect(changed.size, `at +${t - START} ms`).toBeLessThanOrEqual(1);
      if (changed.size === 1) sizeChanges++;
      previous = now;
    }
    expect(sizeChanges).toBeGreaterThan(100);
    expect(touchMoves).toBeGreaterThan(3);
  });

  it('moves the touch when a sweep takes it out', () => {
    const run = () => {
      const m = live(20);
      m.watch([atm(m, 'SPY'), atm(m, 'QQQ'), atm(m, 'NVDA', 'PUT')]);
      return m;
    };
    const first = run();
    first.advanceTo(START + 120_000);
    const sweeps = first.truth().filter((o) => o.style === 'sweep' && o.complete && o.end < START + 119_000);
    expect(sweeps.length).toBeGreaterThan(10);
    // The same market again (deterministic), read right after each sweep's last print.
    const again = run();
    let moved = 0;
    for (const sweep of sweeps) {
      again.advanceTo(sweep.end);
      const book = again.optionBook(sweep.symbol);
      const touch = sweep.direction === 'BUY' ? book?.asks[0]?.price : book?.bids[0]?.price;
      const before = sweep.direction === 'BUY' ? sweep.quoteBefore.ask : sweep.quoteBefore.bid;
      if (touch !== undefined && (sweep.direction === 'BUY' ? touch > before : touch < before)) moved++;
    }
    expect(moved / sweeps.length).toBeGreaterThan(0.8);
  });
});

describe('trades in Level 1 state', () => {
  it('adds up prints between 1 s reads: volume delta = sum of sizes, last and lastSize = final print', () => {
    const m = make({ intensity: 4 });
    const watched = [atm(m, 'SPY'), atm(m, 'SPY', 'PUT'), atm(m, 'QQQ'), atm(m, 'NVDA', 'PUT'), atm(m, 'TSLA')];
    m.watch(watched);
    const previous = new Map(watched.map((s) => [s, m.optionQuote(s)]));
    let windows = 0;
    let conflated = 0;
    for (let t = START + 1000; t <= START + 300_000; t += 1000) {
      m.advanceTo(t);
      for (const symbol of watched) {
        const q = m.optionQuote(symbol);
        const before = previous.get(symbol);
        if (!q || !before) throw new Error('missing quote');
        const prints = m.truth().filter((o) => o.symbol === symbol).flatMap((o) => o.prints).filter((p) => p.time > t - 1000 && p.time <= t);
        const dV = (q.volume as number) - (before.volume as number);
        expect(dV).toBe(prints.reduce((s, p) => s + p.size, 0));
        const last = prints.at(-1);
        if (last) {
          windows++;
          expect(q.last).toBe(last.price);
          expect(q.lastSize).toBe(last.size);
          expect(q.tradeTime).toBe(last.time);
          if (dV > (q.lastSize as number)) conflated++;
        } else {
          expect(q.last).toBe(before.last);
          expect(q.tradeTime).toBe(before.tradeTime);
        }
        previous.set(symbol, q);
      }
    }
    // Watched contracts trade often, and several prints often fall into one second.
    expect(windows).toBeGreaterThan(40);
    expect(conflated).toBeGreaterThan(5);
  });

  it('gives watched contracts, even far from the money, a share of the flow until unwatched', () => {
    const m = make({ intensity: 1 });
    const far = ['AMZN  260619C00300000', 'IWM   260417P00200000', 'META  260515C00800000'];
    m.watch(far);
    m.watch(far);
    m.advanceTo(START + 300_000);
    for (const symbol of far) expect(m.truth().filter((o) => o.symbol === symbol).length, symbol).toBeGreaterThan(2);
    m.unwatch(far);
    const seen = m.truth().length;
    m.advanceTo(START + 600_000);
    expect(m.truth().slice(seen).filter((o) => far.includes(o.symbol) && o.style !== 'repeater').length).toBe(0);
  });
});

describe('equities and bars', () => {
  it('streams a quote per underlying and completes one bar per minute with increasing seq', () => {
    const m = make({ intensity: 0 });
    expect(m.underlyings).toEqual(['SPY', 'QQQ', 'IWM', 'AAPL', 'NVDA', 'TSLA', 'AMZN', 'META']);
    m.advanceTo(START + 5 * 60_000 + 50);
    for (const u of m.underlyings) {
      const q = m.equityQuote(u);
      expect(q?.bid as number).toBeLessThan(q?.ask as number);
      const bars = m.barsAfter(u, 0);
      expect(bars.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(bars.map((b) => b.minuteIndex)).toEqual([180, 181, 182, 183, 184]);
      expect(m.barsAfter(u, 3).map((b) => b.seq)).toEqual([4, 5]);
    }
  });

  it('honours a custom underlying list', () => {
    const m = make({ underlyings: ['spy', 'GOOG', 'SPY'] });
    expect(m.underlyings).toEqual(['SPY', 'GOOG']);
    expect(m.optionQuote('GOOG  260417C00200000')?.underlying).toBe('GOOG');
    expect(m.optionQuote('QQQ   260417C00600000')).toBeNull();
  });
});

describe('load', () => {
  // How fast it runs is the bench's to say (the max-intensity session every figure records);
  // a wall-clock bound here failed on a loaded machine, not on slower code.
  it('generates a load-test minute (intensity 100): thousands of orders, each with its truth', () => {
    const m = make({ intensity: 100 });
    m.advanceTo(START + 60_000);
    expect(m.truth().length).toBeGreaterThan(15_000);
  });
});
