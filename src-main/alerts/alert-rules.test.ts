import { describe, expect, it } from 'vitest';
import type { BookEvent } from '../../shared/domain/book-events.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { Book } from '../../shared/domain/market.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { AlertEngine, BOOK_EVENT_COOLDOWN_MS, MAX_FIRED } from './alert-rules.ts';

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

  describe('book events', () => {
    const SPY = 'SPY   261218C00600000';
    const event = (over: Partial<BookEvent> = {}): BookEvent => ({
      id: `${SPY}|1000|refill|ask|CBOE`, symbol: SPY, kind: 'refill', rule: 'REFILL_AFTER_PRINT', side: 'ask', venue: 'CBOE', price: 1.25, size: 120, time: 1000,
      reason: 'CBOE ask back to 120 of 120 within 800 ms of a 120-lot print at 1.25', ...over,
    });
    const bookRule = (over: Partial<AlertRule> = {}) => rule({ id: 'book', kind: 'BOOK_EVENT', sound: 'book', ...over });

    it('name the venue, size and price of the event', () => {
      const [alert] = engine([bookRule()]).onBookEvent(event());
      expect(alert).toMatchObject({ ruleId: 'book', ruleKind: 'BOOK_EVENT', symbol: SPY, flowId: null, time: 1000 });
      expect(alert?.title).toBe("Refill: SPY Dec 18 '26 600C CBOE ask 120 @ 1.25");
      expect(alert?.body).toBe('REFILL_AFTER_PRINT · CBOE ask back to 120 of 120 within 800 ms of a 120-lot print at 1.25');
      const [touch] = engine([bookRule()]).onBookEvent(event({ kind: 'touch', rule: 'TOUCH_MOVED', venue: null, side: 'bid', price: 1.3, size: 40 }));
      expect(touch?.title).toBe("Touch moved: SPY Dec 18 '26 600C bid 40 @ 1.30");
    });

    it('fire only on the kinds, sides, underlyings and smallest size the rule names', () => {
      const e = engine([bookRule({ bookEvents: ['pull'], sides: ['bid'], symbols: ['SPY'], threshold: 50 })]);
      expect(e.onBookEvent(event())).toEqual([]);
      expect(e.onBookEvent(event({ kind: 'pull', side: 'ask' }))).toEqual([]);
      expect(e.onBookEvent(event({ kind: 'pull', side: 'bid', size: 49 }))).toEqual([]);
      expect(e.onBookEvent(event({ kind: 'pull', side: 'bid', symbol: 'QQQ   261218C00500000' }))).toEqual([]);
      expect(e.onBookEvent(event({ kind: 'pull', side: 'bid', size: 50 }))).toHaveLength(1);
      // No kind or side named: every one; a disabled rule or another kind of rule: none.
      expect(engine([bookRule()]).onBookEvent(event({ kind: 'stack', venue: null }))).toHaveLength(1);
      expect(engine([bookRule({ enabled: false })]).onBookEvent(event())).toEqual([]);
      expect(engine([rule({ kind: 'WHALE' })]).onBookEvent(event())).toEqual([]);
    });

    it('on open books only when asked', () => {
      const rules = [bookRule({ watchedOnly: true })];
      let watched = new Set<string>();
      const e = new AlertEngine({ sessionId: '1', rules: () => rules, watchlist: () => new Set(), watched: () => watched });
      expect(e.onBookEvent(event())).toEqual([]);
      watched = new Set([SPY]);
      expect(e.onBookEvent(event({ time: 2000 }))).toHaveLength(1);
    });

    it('once per contract, kind and side within the cooldown, and survive a checkpoint', () => {
      const e = engine([bookRule()]);
      expect(e.onBookEvent(event())).toHaveLength(1);
      const checkpoint = e.snapshot();
      expect(e.onBookEvent(event({ time: 1000 + BOOK_EVENT_COOLDOWN_MS - 1, venue: 'PHLX' }))).toEqual([]);
      expect(e.onBookEvent(event({ time: 1500, side: 'bid' }))).toHaveLength(1);
      expect(e.onBookEvent(event({ time: 1000 + BOOK_EVENT_COOLDOWN_MS }))).toHaveLength(1);
      e.restore(checkpoint);
      expect(e.onBookEvent(event({ time: 1500, side: 'bid' }))).toHaveLength(1);
      expect(e.onBookEvent(event({ time: 2000 }))).toEqual([]);
    });
  });
});
