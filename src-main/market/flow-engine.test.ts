import { beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from '../../shared/domain/settings.ts';
import { FrameProcessor } from '../schwab/frame-processor.ts';
import { FlowEngine, V2_FLOW_RULES, type FlowRules } from './flow-engine.ts';

// Hand-built Level 1 sequences, fed through the real parse stage into the engine.
const CALL = 'SPY   261218C00600000';
const PUT = 'SPY   261218P00590000';
const T0 = Date.UTC(2026, 10, 24, 15, 0, 0); // 10:00 ET

let processor: FrameProcessor;
let engine: FlowEngine;
let latest: Map<string, Flow>;
let events: { id: string; version: number; isNew: boolean }[];

function setup(settings: Partial<FlowSettings> = {}, rules: Partial<FlowRules> = {}, maxHeldFlows?: number) {
  processor = new FrameProcessor();
  engine = new FlowEngine({ sessionId: 's1', settings: { ...DEFAULT_FLOW_SETTINGS, ...settings }, rules, ...(maxHeldFlows ? { maxHeldFlows } : {}) });
  latest = new Map();
  events = [];
  processor.events.on('optionQuote', (u) => engine.onOptionQuote(u));
  processor.events.on('equityQuote', (u) => engine.onEquityQuote(u));
  processor.events.on('book', (b) => engine.onBook(b));
  engine.on('flow', ({ flow, isNew }) => {
    latest.set(flow.id, flow);
    events.push({ id: flow.id, version: flow.version, isNew });
  });
}

function send(items: Record<string, unknown>[], receivedAt = T0, service = 'LEVELONE_OPTIONS') {
  processor.process(JSON.stringify({ data: [{ service, timestamp: receivedAt, command: 'SUBS', content: items }] }), receivedAt);
}

/** A snapshot: bid 1.20 x 10, ask 1.25 x 10, last 1.22, volume 1000, OI 5000, spot 600. */
function snapshot(key = CALL, extra: Record<string, unknown> = {}) {
  send([{ key, delayed: false, assetMainType: 'OPTION', '2': 1.2, '3': 1.25, '4': 1.22, '8': 1000, '9': 5000, '10': 22.5, '13': 100, '16': 10, '17': 10, '18': 1, '22': 'SPY', '28': 0.45, '35': 600, '38': T0 - 5000, '39': T0 - 60_000, ...extra }], T0 - 5000);
}

const flows = () => [...latest.values()];

beforeEach(() => setup());

describe('prints from Level 1 (shared/analytics/FLOW-RULES.md §1)', () => {
  it('makes no print from the first snapshot, however big its volume', () => {
    snapshot();
    expect(flows()).toEqual([]);
    expect(engine.counts().baselines).toBe(1);
  });

  it('makes a print only when total volume rises; size is the rise, price the merged last', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1004, '18': 4, '39': T0 + 100 }], T0 + 150);
    const [flow] = flows();
    expect(flow).toMatchObject({ size: 4, price: 1.25, premium: 500, time: T0 + 100, symbol: CALL, underlying: 'SPY', strike: 600, right: 'C', expiry: '2026-12-18' });
    expect(flow?.evidence.prints[0]).toMatchObject({ volumeBefore: 1000, volumeAfter: 1004, lastSize: 4 });
  });

  it('counts a same-price print whose update omits the last price (absent means unchanged)', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1002, '18': 2, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '8': 1005, '18': 3, '39': T0 + 5000 }], T0 + 5050);
    const all = flows();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ size: 3, price: 1.25, time: T0 + 5000 });
  });

  it('ignores a changed last price, size or trade time when volume did not rise', () => {
    snapshot();
    send([{ key: CALL, '4': 1.3, '18': 7, '39': T0 + 100 }], T0 + 150);
    expect(flows()).toEqual([]);
  });

  it('keeps one conflated flow when volume rose more than the last size', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1017, '18': 3, '39': T0 + 100 }], T0 + 150);
    const [flow] = flows();
    expect(flow).toMatchObject({ size: 17, conflated: true, prints: 1 });
    expect(flow?.evidence.prints[0]?.lastSize).toBe(3);
  });

  it('re-baselines silently when volume falls (daily reset or busted trade)', () => {
    snapshot();
    send([{ key: CALL, '8': 10, '4': 1.25, '39': T0 + 100 }], T0 + 150);
    expect(flows()).toEqual([]);
    send([{ key: CALL, '8': 15, '18': 5, '39': T0 + 200 }], T0 + 250);
    expect(flows()[0]?.size).toBe(5);
    expect(engine.counts().volumeResets).toBe(1);
  });

  it('never turns the volume traded during an outage into a flow after a reconnect', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1003, '18': 3, '39': T0 + 100 }], T0 + 150);
    processor.process(JSON.stringify({ response: [{ service: 'ADMIN', command: 'LOGIN', requestid: '0', SchwabClientCorrelId: 'c', timestamp: 1, content: { code: 0, msg: '' } }] }), T0 + 60_000);
    // The first message after the new login carries 50,000 contracts traded while we were away.
    send([{ key: CALL, '2': 1.4, '3': 1.45, '4': 1.42, '8': 51_003, '18': 1, '39': T0 + 59_000 }], T0 + 60_100);
    expect(flows()).toHaveLength(1);
    send([{ key: CALL, '4': 1.45, '8': 51_005, '18': 2, '39': T0 + 61_000 }], T0 + 61_050);
    expect(flows()).toHaveLength(2);
    expect(flows()[1]?.size).toBe(2);
  });

  it('uses the frame receive time when the update has no trade time', () => {
    send([{ key: CALL, delayed: false, assetMainType: 'OPTION', '2': 1.2, '3': 1.25, '4': 1.22, '8': 1000, '16': 10, '17': 10 }], T0);
    send([{ key: CALL, '4': 1.25, '8': 1001 }], T0 + 777);
    expect(flows()[0]?.time).toBe(T0 + 777);
  });

  it('marks flows from delayed data as delayed', () => {
    snapshot(CALL, { delayed: true });
    send([{ key: CALL, '4': 1.25, '8': 1400, '18': 400, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ delayed: true, whale: false });
  });
});

describe('side from the quote before the trade (shared/analytics/FLOW-RULES.md §2)', () => {
  it('judges by the quote in force before the trade, not the one carried by the same update', () => {
    snapshot();
    // The print at 1.25 lifted the offer; the same update shows the quote moved up to 1.25/1.30.
    send([{ key: CALL, '2': 1.25, '3': 1.3, '4': 1.25, '8': 1010, '18': 10, '38': T0 + 101, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ side: 'ASK', direction: 'BUY', sentiment: 'BULLISH', bid: 1.2, ask: 1.25, sideRule: 'QUOTE' });
  });

  it('reads each side of the quote rule, with puts bought as bearish', () => {
    const cases: [number, string, string][] = [
      [1.3, 'ABOVE_ASK', 'BUY'],
      [1.25, 'ASK', 'BUY'],
      [1.2, 'BID', 'SELL'],
      [1.15, 'BELOW_BID', 'SELL'],
    ];
    cases.forEach(([price, side, direction], i) => {
      setup();
      snapshot(PUT);
      send([{ key: PUT, '4': price, '8': 1001, '18': 1, '39': T0 + 100 + i }], T0 + 150);
      expect(flows()[0]).toMatchObject({ side, direction, sentiment: direction === 'BUY' ? 'BEARISH' : 'BULLISH' });
    });
  });

  it('leans a print inside the spread by the midpoint, then depth, then tick, recording the rule', () => {
    snapshot(CALL, { '16': 50, '17': 5 });
    send([{ key: CALL, '4': 1.24, '8': 1001, '18': 1, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ side: 'MID', direction: 'BUY', sideRule: 'MIDPOINT' });
    setup();
    snapshot(CALL, { '3': 1.3, '16': 5, '17': 50 });
    send([{ key: CALL, '4': 1.25, '8': 1001, '18': 1, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ side: 'MID', direction: 'BUY', sideRule: 'DEPTH' });
    setup();
    snapshot(CALL, { '3': 1.3, '4': 1.21 });
    send([{ key: CALL, '4': 1.25, '8': 1001, '18': 1, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ side: 'MID', direction: 'BUY', sideRule: 'TICK' });
  });
});

describe('kinds (shared/analytics/FLOW-RULES.md §3)', () => {
  it('calls an aggressive cluster that walks up the book a SWEEP, growing in place under one id', () => {
    snapshot();
    send([{ key: CALL, '2': 1.25, '3': 1.3, '4': 1.25, '8': 1010, '16': 8, '17': 6, '18': 10, '38': T0 + 101, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '2': 1.3, '3': 1.35, '4': 1.3, '8': 1016, '18': 6, '38': T0 + 351, '39': T0 + 350 }], T0 + 400);
    expect(flows()).toHaveLength(1);
    const [flow] = flows();
    expect(flow).toMatchObject({ kind: 'SWEEP', size: 16, prints: 2, version: 2, direction: 'BUY' });
    expect(flow?.price).toBeCloseTo((1.25 * 10 + 1.3 * 6) / 16, 4);
    expect(flow?.evidence.kindRule).toMatch(/^PRICE_WALK/);
    expect(events).toEqual([
      { id: flow?.id, version: 1, isNew: true },
      { id: flow?.id, version: 2, isNew: false },
    ]);
  });

  it('calls an aggressive print that takes more than the displayed size a SWEEP', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1040, '18': 12, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ kind: 'SWEEP', conflated: true });
    expect(flows()[0]?.evidence.kindRule).toMatch(/^TOOK_DISPLAYED: took 40 > 10/);
  });

  it('calls a sweep from OPTIONS_BOOK when two venues leave the touch', () => {
    const level = (price: number, venues: [string, number][]) => ({ '0': price, '1': venues.reduce((n, [, s]) => n + s, 0), '2': venues.length, '3': venues.map(([v, s]) => ({ '0': v, '1': s, '2': 36_000_000 })) });
    snapshot();
    send([{ key: CALL, '1': T0, '2': [level(1.2, [['CBOE', 10]])], '3': [level(1.25, [['CBOE', 4], ['PHLX', 3], ['ISEX', 3]])] }], T0, 'OPTIONS_BOOK');
    // The quote showed 10; the book's touch had 10 on three venues, and the trade took all of it
    // in several prints (volume rose 10, the last print was 3).
    send([{ key: CALL, '4': 1.25, '8': 1010, '18': 3, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]?.kind).toBe('SPLIT');
    send([{ key: CALL, '1': T0 + 900, '2': [level(1.2, [['CBOE', 10]])], '3': [level(1.3, [['ISEX', 3]])] }], T0 + 900, 'OPTIONS_BOOK');
    expect(flows()[0]).toMatchObject({ kind: 'SWEEP', version: 2 });
    expect(flows()[0]?.evidence.kindRule).toMatch(/^BOOK_VENUES: 3 venues depleted/);
  });

  it('does not take venues a trade could not have emptied for a sweep', () => {
    const level = (price: number, venues: [string, number][]) => ({ '0': price, '1': venues.reduce((n, [, s]) => n + s, 0), '2': venues.length, '3': venues.map(([v, s]) => ({ '0': v, '1': s, '2': 36_000_000 })) });
    snapshot();
    send([{ key: CALL, '1': T0, '2': [level(1.2, [['CBOE', 10]])], '3': [level(1.25, [['CBOE', 4], ['PHLX', 3], ['ISEX', 3]])] }], T0, 'OPTIONS_BOOK');
    send([{ key: CALL, '4': 1.25, '8': 1002, '18': 2, '39': T0 + 100 }], T0 + 150);
    // Venues re-posted on their own: the touch level moved, but a 2-lot could not have eaten 10.
    send([{ key: CALL, '1': T0 + 900, '2': [level(1.2, [['CBOE', 10]])], '3': [level(1.3, [['ISEX', 3]])] }], T0 + 900, 'OPTIONS_BOOK');
    expect(flows()[0]).toMatchObject({ kind: 'SINGLE', version: 1 });
  });

  it('calls two prints at one price within the window a SPLIT, and a gap beyond it two flows', () => {
    snapshot(CALL, { '16': 50, '17': 50 });
    send([{ key: CALL, '4': 1.23, '8': 1020, '18': 20, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '8': 1040, '18': 20, '39': T0 + 700 }], T0 + 750);
    expect(flows()).toHaveLength(1);
    expect(flows()[0]).toMatchObject({ kind: 'SPLIT', size: 40, prints: 2 });
    send([{ key: CALL, '8': 1050, '18': 10, '39': T0 + 2000 }], T0 + 2050);
    expect(flows()).toHaveLength(2);
  });

  it('calls a single large print at mid that left the book alone a BLOCK', () => {
    snapshot(CALL, { '16': 50, '17': 60 });
    send([{ key: CALL, '4': 1.23, '8': 1250, '18': 250, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ kind: 'BLOCK', side: 'MID', size: 250, premium: 30_750 });
  });

  it('calls many small conflated prints a SPLIT, not a BLOCK', () => {
    snapshot(CALL, { '16': 500, '17': 600 });
    send([{ key: CALL, '4': 1.23, '8': 1150, '18': 2, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ kind: 'SPLIT', conflated: true });
    expect(flows()[0]?.evidence.kindRule).toMatch(/^CONFLATED/);
  });

  it('calls a small print SINGLE', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1003, '18': 3, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ kind: 'SINGLE', whale: false });
  });
});

describe('flags and derived fields (shared/analytics/FLOW-RULES.md §4)', () => {
  it('flags a whale at the premium threshold and computes moneyness, DTE and opening-likely', () => {
    snapshot(CALL, { '9': 500, '17': 1000 });
    send([{ key: CALL, '4': 1.25, '8': 1800, '18': 800, '39': T0 + 100 }], T0 + 150);
    const [flow] = flows();
    expect(flow).toMatchObject({ premium: 100_000, whale: true, moneyness: 'ATM', otmPercent: 0, openingLikely: true, dte: 24, iv: 22.5, delta: 0.45 });
    setup({ whaleMinPremium: 100_001 });
    snapshot(CALL, { '9': 500, '17': 1000 });
    send([{ key: CALL, '4': 1.25, '8': 1800, '18': 800, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]?.whale).toBe(false);
  });

  it('takes the spot from the latest equity quote when field 35 is missing', () => {
    send([{ key: 'SPY', assetMainType: 'EQUITY', '3': 560 }], T0 - 1, 'LEVELONE_EQUITIES');
    send([{ key: CALL, delayed: false, assetMainType: 'OPTION', '2': 1.2, '3': 1.25, '4': 1.22, '8': 1000, '16': 10, '17': 10, '22': 'SPY' }], T0);
    send([{ key: CALL, '4': 1.25, '8': 1001, '18': 1, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ underlyingPrice: 560, moneyness: 'OTM' });
    expect(flows()[0]?.otmPercent).toBeCloseTo((600 / 560 - 1) * 100, 2);
  });

  it('flags unusual volume (volume / OI >= 1.25 with volume > 500 and OI > 100)', () => {
    snapshot(CALL, { '9': 400, '8': 499 });
    send([{ key: CALL, '4': 1.25, '8': 501, '18': 2, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]?.unusual).toBe(true);
    setup();
    snapshot(CALL, { '9': 401, '8': 499 });
    send([{ key: CALL, '4': 1.25, '8': 501, '18': 2, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]?.unusual).toBe(false);
  });

  it('flags a repeater on the third hit at one price within 60 s', () => {
    snapshot();
    for (let i = 0; i < 3; i++) send([{ key: CALL, '4': 1.25, '8': 1001 + i, '18': 1, '39': T0 + 10_000 * (i + 1) }], T0 + 10_000 * (i + 1));
    expect(flows().map((f) => f.repeater)).toEqual([false, false, true]);
    send([{ key: CALL, '4': 1.25, '8': 1010, '18': 1, '39': T0 + 200_000 }], T0 + 200_000);
    expect(flows()[3]?.repeater).toBe(false);
  });

  it('marks prints on two contracts of one underlying within 100 ms outside their quotes as possible spread legs', () => {
    snapshot(CALL);
    snapshot(PUT);
    send([{ key: CALL, '4': 1.3, '8': 1010, '18': 10, '39': T0 + 100 }], T0 + 150);
    const before = flows()[0]!.confidence;
    send([{ key: PUT, '4': 1.1, '8': 1010, '18': 10, '39': T0 + 160 }], T0 + 200);
    const [call, put] = flows();
    // Version 2 is the strategy the two make (a put sold below a call bought: FLOW-RULES.md §8), 3 the leg mark.
    expect(call).toMatchObject({ spreadLeg: true, version: 3, strategy: { type: 'RISK_REVERSAL' } });
    expect(put).toMatchObject({ spreadLeg: true });
    expect(call!.confidence).toBeCloseTo(before / 2, 3);
  });

  it('numbers the versions of a spread leg that grows after its mark one after another', () => {
    snapshot(CALL);
    snapshot(PUT);
    send([{ key: CALL, '4': 1.3, '8': 1010, '18': 10, '39': T0 + 100 }], T0 + 150);
    send([{ key: PUT, '4': 1.1, '8': 1010, '18': 10, '39': T0 + 160 }], T0 + 200);
    send([{ key: CALL, '4': 1.3, '8': 1015, '18': 5, '39': T0 + 300 }], T0 + 350);
    const id = flows()[0]!.id;
    const versions = events.filter((e) => e.id === id).map((e) => e.version);
    expect(versions).toEqual([1, 2, 3, 4]);
    expect(latest.get(id)).toMatchObject({ spreadLeg: true, prints: 2, size: 15, strategy: { type: 'RISK_REVERSAL' } });
  });

  it('keeps evidence: the prints, the quote used and the rules that decided', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1005, '18': 5, '39': T0 + 100 }], T0 + 150);
    const evidence = flows()[0]!.evidence;
    expect(evidence.prints[0]?.quote).toEqual({ time: T0 - 5000, bid: 1.2, ask: 1.25, bidSize: 10, askSize: 10 });
    expect(evidence.reasons[0]).toBe('5 @ 1.25: price 1.25 = ask 1.25');
    expect(evidence.kindRule).toBe('DEFAULT: one print');
  });

  it('feeds rolling statistics, replacing a flow as it grows', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1010, '18': 10, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '4': 1.3, '8': 1016, '18': 6, '39': T0 + 350 }], T0 + 400);
    const totals = engine.stats.rolling(T0 + 1000);
    expect(totals.count).toBe(1);
    expect(totals.contracts).toBe(16);
    expect(totals.calls.premium).toBeCloseTo(1250 + 780, 6);
    expect(engine.stats.rolling(T0 + 1000, 'SPY').bullish.contracts).toBe(16);
  });
});

describe('version 3 rules (shared/analytics/FLOW-RULES.md, measured by npm run eval)', () => {
  it('judges a print by the quote of its own update when that quote was timed before the trade', () => {
    snapshot();
    // The quote moved to 1.30/1.35 at +200; the print at 1.30 came at +600, in the same update.
    send([{ key: CALL, '2': 1.3, '3': 1.35, '4': 1.3, '8': 1005, '18': 5, '38': T0 + 200, '39': T0 + 600 }], T0 + 900);
    expect(flows()[0]).toMatchObject({ side: 'BID', direction: 'SELL', bid: 1.3, ask: 1.35 });
    expect(flows()[0]?.evidence.reasons[0]).toContain('the quote came with this print, quoted 400 ms before the trade');
    // Version 2 judged it against the quote before the update: above the old ask, a buy.
    setup({}, V2_FLOW_RULES);
    snapshot();
    send([{ key: CALL, '2': 1.3, '3': 1.35, '4': 1.3, '8': 1005, '18': 5, '38': T0 + 200, '39': T0 + 600 }], T0 + 900);
    expect(flows()[0]).toMatchObject({ side: 'ABOVE_ASK', direction: 'BUY' });
  });

  it('does not date a moved quote by an old quote time the update did not carry', () => {
    snapshot();
    send([{ key: CALL, '2': 1.3, '3': 1.35, '4': 1.3, '8': 1005, '18': 5, '39': T0 + 600 }], T0 + 900);
    expect(flows()[0]).toMatchObject({ side: 'ABOVE_ASK', direction: 'BUY', bid: 1.2 });
  });

  it('reads a print of exactly the bid size at the bid as a resting buy order filled, unless it continues an order', () => {
    snapshot(CALL, { '16': 30, '17': 40 });
    send([{ key: CALL, '4': 1.2, '8': 1030, '18': 30, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ side: 'BID', direction: 'BUY', sideRule: 'TRADE_SIZE', sentiment: 'BULLISH' });
    // A sell order printing at the bid, then taking the rest shown: the order's, not a fill of a resting order.
    setup();
    snapshot(CALL, { '16': 30, '17': 40 });
    send([{ key: CALL, '4': 1.2, '8': 1010, '18': 10, '16': 20, '38': T0 + 101, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '4': 1.2, '8': 1030, '18': 20, '39': T0 + 400 }], T0 + 450);
    expect(flows()).toHaveLength(1);
    expect(flows()[0]).toMatchObject({ direction: 'SELL', sideRule: 'QUOTE', size: 30 });
  });

  it('gives no side when no rule is confident (a locked market), and counts it nowhere', () => {
    snapshot(CALL, { '2': 1.25, '3': 1.25 });
    send([{ key: CALL, '4': 1.25, '8': 1003, '18': 3, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ direction: 'UNKNOWN', sideRule: 'NONE', sentiment: 'NEUTRAL', confidence: 0 });
    const totals = engine.stats.rolling(T0 + 1000);
    expect(totals.buy.count + totals.sell.count + totals.bullish.count + totals.bearish.count).toBe(0);
  });

  it('measures the feed: on a contract updated every 250 ms, same-price prints 600 ms apart are two orders', () => {
    // Updates on the feed's cadence; the two prints go out with the updates after their trades.
    const feed = (every: number) => {
      snapshot(CALL, { '16': 50, '17': 50 });
      for (let i = 1; i <= 6; i++) send([{ key: CALL, '10': 22 + i / 100 }], T0 + i * every);
      const t = T0 + 6 * every + 10;
      const after = (time: number) => T0 + Math.ceil((time - T0 + 1) / every) * every;
      send([{ key: CALL, '4': 1.23, '8': 1020, '18': 20, '39': t }], after(t));
      send([{ key: CALL, '8': 1040, '18': 20, '39': t + 600 }], after(t + 600));
    };
    feed(250);
    expect(flows()).toHaveLength(2);
    expect(flows()[0]?.evidence.kindRule).toMatch(/^DEFAULT/);
    setup();
    feed(1000);
    expect(flows()).toHaveLength(1);
    expect(flows()[0]).toMatchObject({ kind: 'SPLIT', prints: 2 });
    expect(flows()[0]?.evidence.reasons[1]).toContain('joined 600 ms after the last print (window 1000 ms)');
  });

  it('calls a conflated update a block only when its large last print is most of it', () => {
    snapshot(CALL, { '16': 50, '17': 60 });
    send([{ key: CALL, '4': 1.23, '8': 1300, '18': 150, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ kind: 'SPLIT', conflated: true });
    expect(flows()[0]?.evidence.kindRule).toContain('CONFLATED_BLOCK');
    setup();
    snapshot(CALL, { '16': 50, '17': 60 });
    send([{ key: CALL, '4': 1.23, '8': 1160, '18': 150, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ kind: 'BLOCK', conflated: true });
  });

  it('pairs spread legs printed at mid by trade time and size ratio (LEG_TIME_SIZE), not a 1-lot coincidence', () => {
    snapshot(CALL);
    snapshot(PUT);
    send([{ key: CALL, '4': 1.22, '8': 1010, '18': 10, '39': T0 + 100 }], T0 + 150);
    send([{ key: PUT, '4': 1.23, '8': 1020, '18': 20, '39': T0 + 103 }], T0 + 950);
    const [call, put] = flows();
    expect(call).toMatchObject({ spreadLeg: true, side: 'MID' });
    expect(put).toMatchObject({ spreadLeg: true });
    expect(call?.evidence.reasons.at(-1)).toBe('possible spread leg (LEG_TIME_SIZE): SPY 261218P00590000 printed 3 ms apart, sizes 10:20');
    expect(put?.evidence.reasons.at(-1)).toBe('possible spread leg (LEG_TIME_SIZE): SPY 261218C00600000 printed 3 ms apart, sizes 20:10');
    for (const [gap, a, b] of [[40, 10, 20], [3, 10, 13], [3, 2, 2]] as const) {
      setup();
      snapshot(CALL);
      snapshot(PUT);
      send([{ key: CALL, '4': 1.22, '8': 1000 + a, '18': a, '39': T0 + 100 }], T0 + 150);
      send([{ key: PUT, '4': 1.23, '8': 1000 + b, '18': b, '39': T0 + 100 + gap }], T0 + 950);
      expect(flows().some((f) => f.spreadLeg), `${gap} ms, ${a}:${b}`).toBe(false);
    }
  });

  it('cancels a flow when day volume later falls by its size (a bust), with the evidence', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1007, '18': 7, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '4': 1.3, '8': 1010, '18': 3, '39': T0 + 5000 }], T0 + 5050);
    const id = flows()[0]!.id;
    send([{ key: CALL, '8': 1003 }], T0 + 20_000);
    expect(latest.get(id)).toMatchObject({ cancelled: true, version: 2, size: 7 });
    expect(latest.get(id)?.evidence.reasons.at(-1)).toContain('BUST: day volume fell by 7 (1010 to 1003)');
    expect(flows()[1]?.cancelled).toBe(false);
    expect(engine.counts().busts).toBe(1);
    // Prints go on from the new volume; a fall that matches no flow cancels nothing.
    send([{ key: CALL, '4': 1.3, '8': 1005, '18': 2, '39': T0 + 21_000 }], T0 + 21_050);
    expect(flows()).toHaveLength(3);
    send([{ key: CALL, '8': 1001 }], T0 + 22_000);
    expect(flows().filter((f) => f.cancelled)).toHaveLength(1);
  });

  it('still cancels a flow that already left memory', () => {
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1007, '18': 7, '39': T0 + 100 }], T0 + 150);
    const id = flows()[0]!.id;
    engine.forgetBefore(T0 + 60_000);
    expect(engine.flow(id)).toBeUndefined();
    send([{ key: CALL, '8': 1000 }], T0 + 300_000);
    expect(latest.get(id)).toMatchObject({ cancelled: true, version: 2 });
  });

  it('with the version 2 rules, re-baselines silently on a fall and keeps every guess', () => {
    setup({}, V2_FLOW_RULES);
    snapshot();
    send([{ key: CALL, '4': 1.25, '8': 1007, '18': 7, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL, '8': 1000 }], T0 + 20_000);
    expect(flows()[0]?.cancelled).toBe(false);
    setup({}, V2_FLOW_RULES);
    snapshot(CALL, { '2': 1.25, '3': 1.25 });
    send([{ key: CALL, '4': 1.25, '8': 1003, '18': 3, '39': T0 + 100 }], T0 + 150);
    expect(flows()[0]).toMatchObject({ direction: 'BUY', confidence: 0.5 });
  });
});

describe('bounded memory', () => {
  const OTHER = 'SPY   261218C00610000';

  it('holds at most maxHeldFlows flows, the oldest leaving first, and a flow let go of still grows as itself', () => {
    setup({}, {}, 2);
    for (const key of [CALL, PUT, OTHER]) snapshot(key);
    send([{ key: CALL, '4': 1.25, '8': 1004, '18': 4, '39': T0 + 100 }], T0 + 150);
    send([{ key: PUT, '4': 1.25, '8': 1003, '18': 3, '39': T0 + 110 }], T0 + 160);
    send([{ key: OTHER, '4': 1.25, '8': 1002, '18': 2, '39': T0 + 120 }], T0 + 170);
    const [call, put, other] = events.map((e) => e.id);
    expect([...engine.held()].map((f) => f.id)).toEqual([put, other]);
    expect(engine.flow(call as string)).toBeUndefined();
    // The call's cluster is still open: its next print is its second version, not a new flow.
    send([{ key: CALL, '4': 1.25, '8': 1010, '18': 6, '39': T0 + 300 }], T0 + 350);
    expect(events.at(-1)).toEqual({ id: call, version: 2, isNew: false });
    expect(latest.get(call as string)).toMatchObject({ size: 10, prints: 2 });
    expect(engine.counts().flows).toBe(3);
    expect([...engine.held()]).toHaveLength(2);
  });
});
