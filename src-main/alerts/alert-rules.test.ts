import { describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import type { Book } from '../../shared/domain/market.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { AlertEngine, MAX_FIRED } from './alert-rules.ts';

const rule = (over: Partial<AlertRule>): AlertRule => ({ id: 'r', kind: 'WHALE', enabled: true, symbols: [], threshold: null, kinds: [], sound: 'whale', ...over });

function flow(over: Partial<Flow> = {}): Flow {
  return {
    id: '1-1', sessionId: '1', time: 1000, lastTime: 1000, symbol: 'SPY   261218C00600000', underlying: 'SPY', expiry: '2026-12-18', strike: 600, right: 'C',
    size: 800, price: 1.25, premium: 100_000, side: 'ASK', direction: 'BUY', sentiment: 'BULLISH', kind: 'SWEEP', whale: true, moneyness: 'ATM',
    otmPercent: 0, dte: 24, bid: 1.2, ask: 1.25, underlyingPrice: 600, openInterest: 500, dayVolume: 1800, iv: 22, delta: 0.5, conflated: false,
    prints: 2, confidence: 0.83, sideRule: 'QUOTE', kindConfidence: 0.85, openingLikely: true, unusual: false, repeater: false, spreadLeg: false,
    delayed: false, version: 1, evidence: { prints: [], reasons: [], kindRule: 'PRICE_WALK' }, ...over,
  };
}

const engine = (rules: AlertRule[], watchlist: string[] = []) =>
  new AlertEngine({ sessionId: '1', rules: () => rules, watchlist: () => new Set(watchlist) });

describe('alert rules', () => {
  it('fire a whale alert once per flow, however often the flow grows', () => {
    const e = engine([rule({ id: 'whale' })]);
    const [alert] = e.onFlow(flow());
    expect(alert).toMatchObject({ ruleId: 'whale', ruleKind: 'WHALE', flowId: '1-1', symbol: 'SPY   261218C00600000', time: 1000 });
    expect(alert?.title).toBe("Whale: SPY Dec 18 '26 600C $100K");
    expect(alert?.body).toContain('SWEEP · BUY at ASK · 800 @ 1.25');
    expect(e.onFlow(flow({ version: 2, size: 900, premium: 112_500 }))).toEqual([]);
    expect(e.onFlow(flow({ id: '1-2' }))).toHaveLength(1);
  });

  it('remember a bounded number of fired flows, forgetting the oldest first, all day long', () => {
    const e = engine([rule({ id: 'whale' })]);
    const minute = 60_000;
    // A whole day of whales, one every 100 ms: far more than the cap.
    for (let i = 0; i < MAX_FIRED * 3; i++) e.onFlow(flow({ id: `1-${i}`, lastTime: i * 100 }));
    const fired = e.snapshot().fired;
    expect(fired.size).toBeLessThanOrEqual(MAX_FIRED);
    // What is kept is the newest: a flow that may still grow does not alert twice.
    const newest = MAX_FIRED * 3 - 1;
    expect(fired.has(`whale|1-${newest}`)).toBe(true);
    expect(e.onFlow(flow({ id: `1-${newest}`, lastTime: newest * 100, version: 2 }))).toEqual([]);
    // Within ten minutes of the newest nothing is forgotten (6,000 flows at this rate).
    for (let i = newest; i > newest - (10 * minute) / 100; i--) expect(fired.has(`whale|1-${i}`), String(i)).toBe(true);
  });

  it('fire when a flow grows into the rule, not before', () => {
    const e = engine([rule({ id: 'whale' })]);
    expect(e.onFlow(flow({ whale: false, premium: 60_000 }))).toEqual([]);
    expect(e.onFlow(flow({ version: 2 }))).toHaveLength(1);
  });

  it('never alert on delayed data, or on a disabled rule', () => {
    expect(engine([rule({})]).onFlow(flow({ delayed: true }))).toEqual([]);
    expect(engine([rule({ enabled: false })]).onFlow(flow())).toEqual([]);
  });

  it('premium over X, limited to its symbols and kinds', () => {
    const e = engine([rule({ id: 'big-tsla', kind: 'PREMIUM_OVER', threshold: 50_000, symbols: ['TSLA'], kinds: ['BLOCK', 'SWEEP'] })]);
    expect(e.onFlow(flow())).toEqual([]);
    expect(e.onFlow(flow({ id: '1-3', underlying: 'TSLA', premium: 49_999 }))).toEqual([]);
    expect(e.onFlow(flow({ id: '1-4', underlying: 'TSLA', kind: 'SINGLE' }))).toEqual([]);
    expect(e.onFlow(flow({ id: '1-5', underlying: 'TSLA', premium: 50_000, kind: 'BLOCK' }))).toHaveLength(1);
  });

  it('sweeps on watchlist names, from the watchlist when the rule names none', () => {
    const e = engine([rule({ id: 'sweeps', kind: 'WATCHLIST_SWEEP' })], ['NVDA']);
    expect(e.onFlow(flow())).toEqual([]);
    expect(e.onFlow(flow({ id: '1-6', underlying: 'NVDA', kind: 'SPLIT' }))).toEqual([]);
    expect(e.onFlow(flow({ id: '1-7', underlying: 'NVDA' }))).toHaveLength(1);
  });

  it('wide spreads on a book, at most once a minute per contract, and survive a checkpoint', () => {
    const e = engine([rule({ id: 'wide', kind: 'SPREAD_WIDE', threshold: 10 })]);
    const book = (time: number, bid: number, ask: number): Book => ({
      symbol: 'SPY   261218C00600000', time, receivedAt: time,
      bids: [{ price: bid, size: 5, venueCount: 1, venues: [{ venue: 'CBOE', size: 5, quoteTimeEtMs: 0 }] }],
      asks: [{ price: ask, size: 5, venueCount: 1, venues: [{ venue: 'CBOE', size: 5, quoteTimeEtMs: 0 }] }],
    });
    expect(e.onBook(book(0, 1.0, 1.05))).toEqual([]);
    const [alert] = e.onBook(book(1000, 1.0, 1.3));
    expect(alert).toMatchObject({ ruleKind: 'SPREAD_WIDE', flowId: null });
    expect(alert?.body).toBe('bid 1.00 / ask 1.30, over 10% of mid');
    const checkpoint = e.snapshot();
    expect(e.onBook(book(30_000, 1.0, 1.3))).toEqual([]);
    expect(e.onBook(book(61_000, 1.0, 1.3))).toHaveLength(1);
    e.restore(checkpoint);
    expect(e.onBook(book(30_000, 1.0, 1.3))).toEqual([]);
  });
});
