// The flow engine on hand-built Level 1 sequences fed through the real parse stage: kinds.
import { beforeEach, describe, expect, it } from 'vitest';
import { CALL, events, flows, send, setup, snapshot, T0 } from './flow-engine.testkit.ts';

beforeEach(() => setup());

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
