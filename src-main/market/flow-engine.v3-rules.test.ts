// The flow engine on hand-built Level 1 sequences fed through the real parse stage: the
// version 3 rules (and the version 2 ones they replaced).
import { beforeEach, describe, expect, it } from 'vitest';
import { V2_FLOW_RULES } from './flow-engine.ts';
import { CALL, engine, flows, latest, PUT, send, setup, snapshot, T0 } from './flow-engine.testkit.ts';

beforeEach(() => setup());

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
