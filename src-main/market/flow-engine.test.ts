// The flow engine on hand-built Level 1 sequences fed through the real parse stage: prints and
// sides. Kinds, flags and the version 3 rules are in flow-engine.{kinds,flags,v3-rules}.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { CALL, engine, flows, processor, PUT, send, setup, snapshot, T0 } from './flow-engine.testkit.ts';

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
