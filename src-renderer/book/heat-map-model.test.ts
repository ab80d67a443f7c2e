import { describe, expect, it } from 'vitest';
import { columnsInWindow, heatMapModel, MAX_PRICE_ROWS } from './heat-map-model.ts';
import { bookEvent, level, print, T0, timeline, touchColumn } from './timeline.testkit.ts';

const s = 1000;

describe('heatMapModel, venue layout', () => {
  const columns = [
    touchColumn(T0, [1.2, { CBOE: 50, ISEX: 10 }], [1.25, { PHLX: 30, MIAX: 5 }]),
    touchColumn(T0 + s, [1.2, { CBOE: 40, ISEX: 10, AMEX: 5 }], [1.25, { PHLX: 30 }]),
    touchColumn(T0 + 2 * s, [1.2, { CBOE: 45, ISEX: 12 }], [1.25, { PHLX: 20, MIAX: 8 }]),
  ];

  it('has a row per venue at the touch, bids above asks, each band in code order', () => {
    const model = heatMapModel(timeline(columns), { layout: 'venues', from: T0, to: T0 + 3 * s });
    expect(model.rows.map((r) => r.key)).toEqual(['bid:AMEX', 'bid:CBOE', 'bid:ISEX', 'ask:MIAX', 'ask:PHLX']);
    expect(model.bidRows).toBe(3);
    expect(model.maxSize).toBe(50);
  });

  it('puts each venue size in its row, each column running to the next snapshot', () => {
    const model = heatMapModel(timeline(columns), { layout: 'venues', from: T0, to: T0 + 3 * s });
    expect(model.columns.map((c) => [c.time, c.until])).toEqual([
      [T0, T0 + s],
      [T0 + s, T0 + 2 * s],
      [T0 + 2 * s, T0 + 3 * s],
    ]);
    const second = model.columns[1]?.cells.map((c) => [model.rows[c.row]?.key, c.size, c.side]);
    expect(second).toEqual([
      ['bid:CBOE', 40, 'bid'],
      ['bid:ISEX', 10, 'bid'],
      ['bid:AMEX', 5, 'bid'],
      ['ask:PHLX', 30, 'ask'],
    ]);
  });

  it('keeps the snapshot still showing at the left edge and nothing after the right edge', () => {
    const model = heatMapModel(timeline(columns), { layout: 'venues', from: T0 + 1.5 * s, to: T0 + 2.5 * s });
    expect(model.columns.map((c) => [c.time, c.until])).toEqual([
      [T0 + 1.5 * s, T0 + 2 * s],
      [T0 + 2 * s, T0 + 2.5 * s],
    ]);
    expect(columnsInWindow(columns, T0 + 5 * s, T0 + 6 * s).map((c) => c.time)).toEqual([T0 + 2 * s]);
    expect(columnsInWindow(columns, T0 - 5 * s, T0 - s)).toEqual([]);
  });

  it('keeps its rows while the window scrolls and the same venues are in it', () => {
    const rows = (from: number) => heatMapModel(timeline(columns), { layout: 'venues', from, to: from + s }).rows.map((r) => r.key);
    expect(rows(T0 + 0.5 * s)).toEqual(rows(T0));
    // AMEX quoted only in the second snapshot: its row goes when that snapshot leaves the window.
    expect(rows(T0 + 2 * s)).toEqual(['bid:CBOE', 'bid:ISEX', 'ask:MIAX', 'ask:PHLX']);
    // The same cells for a column whichever window it is drawn in, while the rows are the same.
    const wide = heatMapModel(timeline(columns), { layout: 'venues', from: T0, to: T0 + 3 * s });
    const late = heatMapModel(timeline(columns), { layout: 'venues', from: T0 + 0.5 * s, to: T0 + 3 * s });
    expect(late.columns.map((c) => c.cells)).toEqual(wide.columns.map((c) => c.cells));
  });

  it('places prints in the band of the side they took, inside the spread on the middle line', () => {
    const prints = [print('a', T0 + 500, 1.2, 10, { side: 'BID', direction: 'SELL' }), print('b', T0 + 1500, 1.25, 20), print('c', T0 + 1600, 1.22, 3, { side: 'MID', direction: 'UNKNOWN' }), print('old', T0 - 1, 1.2, 5)];
    const model = heatMapModel(timeline(columns, prints), { layout: 'venues', from: T0, to: T0 + 3 * s });
    expect(model.prints.map((p) => [p.flowId, p.y, p.direction])).toEqual([
      ['a', 2.5, 'SELL'],
      ['b', 3.5, 'BUY'],
      ['c', 3, 'UNKNOWN'],
    ]);
  });

  it('marks events on their venue row, side-wide ones at the touch of their side', () => {
    const events = [bookEvent({ kind: 'refill', side: 'bid', venue: 'CBOE', time: T0 + s, size: 10 }), bookEvent({ kind: 'touch', side: 'ask', time: T0 + 2 * s })];
    const model = heatMapModel(timeline(columns, [], events), { layout: 'venues', from: T0, to: T0 + 3 * s });
    expect(model.events.map((e) => [e.kind, e.y])).toEqual([
      ['refill', 1.5],
      ['touch', 3.5],
    ]);
  });

  it('places the same events again when the rows change (a venue left the window)', () => {
    const events = [bookEvent({ kind: 'refill', side: 'bid', venue: 'CBOE', time: T0 + 2.5 * s, size: 10 })];
    const held = timeline(columns, [], events);
    const y = (from: number) => heatMapModel(held, { layout: 'venues', from, to: T0 + 3 * s }).events.map((e) => e.y);
    expect(y(T0)).toEqual([1.5]);
    // AMEX's row is gone: CBOE is the first row now.
    expect(y(T0 + 2 * s)).toEqual([0.5]);
    expect(y(T0)).toEqual([1.5]);
  });

  it('carries the NBBO and spread of every snapshot drawn', () => {
    const model = heatMapModel(timeline(columns), { layout: 'venues', from: T0, to: T0 + 3 * s });
    expect(model.nbbo).toEqual(columns.map((c) => ({ time: c.time, bid: 1.2, ask: 1.25, spread: 0.05 })));
  });
});

describe('heatMapModel, level layout', () => {
  const deep = [
    { time: T0, bids: [level(1.2, { CBOE: 10 }), level(1.19, { ISEX: 30 })], asks: [level(1.23, { PHLX: 5 }), level(1.25, { MIAX: 7 })] },
    { time: T0 + s, bids: [level(1.23, { CBOE: 4 }), level(1.2, { ISEX: 9 })], asks: [level(1.25, { MIAX: 7 })] },
  ];

  it('has a row per price, highest first; a price is bid or ask as each snapshot had it', () => {
    const model = heatMapModel(timeline(deep), { layout: 'levels', from: T0, to: T0 + 2 * s });
    expect(model.rows.map((r) => r.price)).toEqual([1.25, 1.23, 1.2, 1.19]);
    const at = (i: number) => model.columns[i]?.cells.map((c) => [model.rows[c.row]?.price, c.size, c.side]);
    expect(at(0)).toEqual([
      [1.2, 10, 'bid'],
      [1.19, 30, 'bid'],
      [1.23, 5, 'ask'],
      [1.25, 7, 'ask'],
    ]);
    expect(at(1)).toContainEqual([1.23, 4, 'bid']);
  });

  it('places a print on its price row, or between the rows around it', () => {
    const model = heatMapModel(timeline(deep, [print('x', T0 + 10, 1.23, 5), print('y', T0 + 20, 1.215, 5)]), { layout: 'levels', from: T0, to: T0 + 2 * s });
    expect(model.prints.map((p) => p.y)).toEqual([1.5, 2]);
  });

  it('keeps the price rows nearest the last mid when the window holds too many', () => {
    const wide = Array.from({ length: 80 }, (_, i) => ({ time: T0 + i * s, bids: [level(1 + i * 0.01, { CBOE: 1 })], asks: [level(1.01 + i * 0.01, { CBOE: 1 })] }));
    const model = heatMapModel(timeline(wide), { layout: 'levels', from: T0, to: T0 + 80 * s });
    expect(model.rows).toHaveLength(MAX_PRICE_ROWS);
    expect(model.rows[0]?.price).toBe(1.8);
  });
});
