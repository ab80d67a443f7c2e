// The flow engine on hand-built Level 1 sequences fed through the real parse stage: flags,
// derived fields and its bounded memory.
import { beforeEach, describe, expect, it } from 'vitest';
import { CALL, engine, events, flows, latest, PUT, send, setup, snapshot, T0 } from './flow-engine.testkit.ts';

beforeEach(() => setup());

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
