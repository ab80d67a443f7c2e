import { describe, expect, it } from 'vitest';
import { T0, quoteTime } from '../../shared/analytics/book-timeline.testkit.ts';
import type { BookEvent, BookTimeline } from '../../shared/domain/book-events.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { Book, BookLevel } from '../../shared/domain/market.ts';
import type { Alert, AlertRule } from '../../shared/domain/session.ts';
import { DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';
import type { MarketDataEvents } from '../schwab/frame-processor.ts';
import { Emitter } from '../util/emitter.ts';
import { BookTimelines } from './book-timelines.ts';
import { MarketPipeline } from './pipeline.ts';

const SYMBOL = 'SPY   261218C00600000';

function side(price: number, venues: readonly (readonly [string, number])[], at: number): BookLevel[] {
  const live = venues.filter(([, size]) => size > 0);
  if (live.length === 0) return [];
  return [{ price, size: live.reduce((sum, [, size]) => sum + size, 0), venueCount: live.length, venues: live.map(([venue, size]) => ({ venue, size, quoteTimeEtMs: quoteTime(at) })) }];
}

/** A one-level book at T0 + `ms`: bid 1.20 and ask 1.25 split by venue. */
function book(ms: number, bids: readonly (readonly [string, number])[], asks: readonly (readonly [string, number])[], symbol = SYMBOL): Book {
  const time = T0 + ms;
  return { symbol, time, receivedAt: time, bids: side(1.2, bids, time), asks: side(1.25, asks, time) };
}

function flow(id: string, ms: number, size: number, price = 1.25, symbol = SYMBOL): Flow {
  return {
    id, sessionId: '1', time: T0 + ms, lastTime: T0 + ms, symbol, underlying: 'SPY', expiry: '2026-12-18', strike: 600, right: 'C',
    size, price, premium: size * price * 100, side: 'ASK', direction: 'BUY', sentiment: 'BULLISH', kind: 'SWEEP', whale: false, moneyness: 'ATM',
    otmPercent: 0, dte: 24, bid: 1.2, ask: 1.25, underlyingPrice: 600, openInterest: 500, dayVolume: 1800, iv: 22, delta: 0.5, conflated: false,
    prints: 1, confidence: 0.83, sideRule: 'QUOTE', kindConfidence: 0.85, openingLikely: true, unusual: false, repeater: false, spreadLeg: false,
    delayed: false, cancelled: false, version: 1, evidence: { prints: [], reasons: [], kindRule: 'PRICE_WALK' },
  };
}

/** CBOE's 100 on the bid leaves with no print; the other venues stay. */
const PULL_BOOKS = [
  book(0, [['CBOE', 100], ['PHLX', 20]], [['ISEX', 30]]),
  book(1000, [['PHLX', 20]], [['ISEX', 30]]),
  book(2000, [['PHLX', 20]], [['ISEX', 30]]),
  book(3000, [['PHLX', 20]], [['ISEX', 30]]),
];

describe('book timelines of a session', () => {
  it('keeps a column per book frame, the prints of its flows, and the events between frames', () => {
    const timelines = new BookTimelines();
    const steps = PULL_BOOKS.map((b) => timelines.onBook(b));
    expect(steps.map((s) => s.delta.columns.map((c) => c.time))).toEqual(PULL_BOOKS.map((b) => [b.time]));
    const events = steps.flatMap((s) => s.events);
    expect(events.filter((e) => e.kind === 'pull')).toEqual([expect.objectContaining({ symbol: SYMBOL, side: 'bid', venue: 'CBOE', size: 100, price: 1.2 })]);
    // The events travel with the column that decided them.
    for (const s of steps) expect(s.delta.events).toEqual(s.events);

    const printed = timelines.onFlow(flow('1-1', 2500, 10));
    expect(printed?.delta.prints).toEqual([expect.objectContaining({ flowId: '1-1', size: 10, price: 1.25 })]);
    // A flow that grows replaces its print.
    timelines.onFlow({ ...flow('1-1', 2500, 25), version: 2 });
    const whole = timelines.timeline(SYMBOL);
    expect(whole.columns).toHaveLength(4);
    expect(whole.prints).toEqual([expect.objectContaining({ flowId: '1-1', size: 25 })]);
    expect(whole.events).toEqual(events);
  });

  it('keeps no prints for a contract without a book, and an empty history for it', () => {
    const timelines = new BookTimelines();
    expect(timelines.onFlow(flow('1-1', 0, 10, 1.25, 'QQQ   261218C00500000'))).toBeNull();
    expect(timelines.timeline('QQQ   261218C00500000')).toEqual({ symbol: 'QQQ   261218C00500000', columns: [], prints: [], events: [] });
    expect(timelines.size).toBe(0);
  });

  it('keeps the span of market time per contract, and at most so many contracts, the stalest going first', () => {
    const timelines = new BookTimelines({ spanMs: 10_000, maxContracts: 2 });
    for (let s = 0; s <= 30; s++) timelines.onBook(book(s * 1000, [['CBOE', 10]], [['ISEX', 10]]));
    const times = timelines.timeline(SYMBOL).columns.map((c) => c.time - T0);
    expect(times[0]).toBe(20_000);
    expect(times.at(-1)).toBe(30_000);
    const other = (n: number) => `SPY   261218C0060${n}000`;
    timelines.onBook(book(31_000, [['CBOE', 10]], [], other(1)));
    timelines.onBook(book(31_500, [['CBOE', 10]], [], SYMBOL));
    timelines.onBook(book(32_000, [['CBOE', 10]], [], other(2)));
    expect(timelines.size).toBe(2);
    expect(timelines.timeline(other(1)).columns).toEqual([]);
    expect(timelines.timeline(SYMBOL).columns.length).toBeGreaterThan(0);
    timelines.clear();
    expect(timelines.size).toBe(0);
  });
});

describe('the market pipeline and book events', () => {
  function pipeline(rules: AlertRule[], watched: string[] = []) {
    const source = new Emitter<MarketDataEvents>();
    const errors: unknown[] = [];
    const p = new MarketPipeline({
      sessionId: '1',
      settings: { ...DEFAULT_FLOW_SETTINGS },
      alertRules: () => rules,
      watched: () => new Set(watched),
      onListenerError: (_event, error) => errors.push(error),
    });
    p.attach(source);
    const seen = { events: [] as BookEvent[], deltas: [] as BookTimeline[], alerts: [] as Alert[], errors };
    p.events.on('bookEvent', (e) => seen.events.push(e));
    p.events.on('timeline', (d) => seen.deltas.push(d));
    p.events.on('alert', (a) => seen.alerts.push(a));
    return { source, pipeline: p, seen };
  }

  const pullRule: AlertRule = { id: 'pulls', kind: 'BOOK_EVENT', enabled: true, symbols: [], threshold: 50, kinds: [], sound: 'book', bookEvents: ['pull'], sides: ['bid'], watchedOnly: true };

  it('emits each book event, a timeline delta per frame, and alerts on a BOOK_EVENT rule for a watched contract', () => {
    const { source, pipeline: p, seen } = pipeline([pullRule], [SYMBOL]);
    for (const b of PULL_BOOKS) source.emit('book', b);
    expect(seen.deltas).toHaveLength(PULL_BOOKS.length);
    const pull = seen.events.find((e) => e.kind === 'pull');
    expect(pull).toMatchObject({ venue: 'CBOE', size: 100, side: 'bid' });
    expect(seen.alerts).toEqual([expect.objectContaining({ ruleId: 'pulls', ruleKind: 'BOOK_EVENT', symbol: SYMBOL, flowId: null, time: pull?.time })]);
    expect(seen.alerts[0]?.title).toBe("Pull: SPY Dec 18 '26 600C CBOE bid 100 @ 1.20");
    expect(p.timelines.timeline(SYMBOL).events).toEqual(seen.events);
  });

  it('does not alert for a contract nobody watches when the rule asks for open books only', () => {
    const { source, seen } = pipeline([pullRule], []);
    for (const b of PULL_BOOKS) source.emit('book', b);
    expect(seen.events.some((e) => e.kind === 'pull')).toBe(true);
    expect(seen.alerts).toEqual([]);
  });

  it('reports a book the history refuses and goes on with the next one', () => {
    const { source, pipeline: p, seen } = pipeline([]);
    const books: Book[] = [];
    source.on('book', (b) => books.push(b));
    source.emit('book', { ...book(0, [['CBOE', 10]], []), time: Number.NaN });
    source.emit('book', book(1000, [['CBOE', 10]], []));
    expect(books).toHaveLength(2);
    expect(seen.errors).toHaveLength(1);
    expect(String(seen.errors[0])).toMatch(/time/i);
    expect(p.timelines.timeline(SYMBOL).columns.map((c) => c.time)).toEqual([T0 + 1000]);
  });
});
