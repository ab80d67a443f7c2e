import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Flow } from '../domain/flow.ts';
import { decodeFlowBatch, encodeFlowBatch, FLOW_ROW_KEYS, toFlowRow, type FlowRow } from './flows.ts';

const flowRow: fc.Arbitrary<FlowRow> = fc.record({
  id: fc.string(),
  sessionId: fc.string(),
  time: fc.integer({ min: 0 }),
  lastTime: fc.integer({ min: 0 }),
  symbol: fc.string(),
  underlying: fc.string(),
  expiry: fc.string(),
  strike: fc.double({ noNaN: true }),
  right: fc.constantFrom('C' as const, 'P' as const),
  size: fc.nat(),
  price: fc.double({ noNaN: true }),
  premium: fc.double({ noNaN: true }),
  side: fc.constantFrom('ABOVE_ASK' as const, 'ASK' as const, 'MID' as const, 'BID' as const, 'BELOW_BID' as const),
  direction: fc.constantFrom('BUY' as const, 'SELL' as const, 'UNKNOWN' as const),
  sentiment: fc.constantFrom('BULLISH' as const, 'BEARISH' as const, 'NEUTRAL' as const),
  kind: fc.constantFrom('SWEEP' as const, 'BLOCK' as const, 'SPLIT' as const, 'SINGLE' as const),
  whale: fc.boolean(),
  moneyness: fc.constantFrom('ITM' as const, 'ATM' as const, 'OTM' as const, null),
  otmPercent: fc.option(fc.double({ noNaN: true })),
  dte: fc.integer(),
  bid: fc.option(fc.double({ noNaN: true })),
  ask: fc.option(fc.double({ noNaN: true })),
  underlyingPrice: fc.option(fc.double({ noNaN: true })),
  openInterest: fc.option(fc.nat()),
  dayVolume: fc.option(fc.nat()),
  iv: fc.option(fc.double({ noNaN: true })),
  delta: fc.option(fc.double({ noNaN: true })),
  conflated: fc.boolean(),
  prints: fc.nat(),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  sideRule: fc.constantFrom('QUOTE' as const, 'DEPTH' as const, 'TICK' as const, 'NONE' as const),
  kindConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
  openingLikely: fc.boolean(),
  unusual: fc.boolean(),
  repeater: fc.boolean(),
  spreadLeg: fc.boolean(),
  delayed: fc.boolean(),
  // Absent on flows stored before version 3; only ever true when present.
  cancelled: fc.constantFrom(true, undefined),
  version: fc.nat(),
});

describe('flow batch wire format', () => {
  it('round-trips through JSON in both row and column form', () => {
    fc.assert(
      fc.property(fc.array(flowRow, { maxLength: 150 }), fc.integer({ min: 1, max: 200 }), (rows, threshold) => {
        const wire = encodeFlowBatch(rows, threshold);
        expect(wire.format).toBe(rows.length < threshold ? 'rows' : 'columns');
        expect(decodeFlowBatch(JSON.parse(JSON.stringify(wire)))).toEqual(JSON.parse(JSON.stringify(rows)));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes a column without `cancelled` (an older writer) as not cancelled', () => {
    const wire = encodeFlowBatch([{ ...fc.sample(flowRow, 1)[0]!, cancelled: true }], 1);
    if (wire.format !== 'columns') throw new Error('expected columns');
    const { cancelled: _cancelled, ...older } = wire.columns;
    expect(decodeFlowBatch({ ...wire, columns: older as typeof wire.columns })[0]?.cancelled).toBeUndefined();
    expect(decodeFlowBatch(wire)[0]?.cancelled).toBe(true);
  });

  it('lists every field of a flow row exactly once', () => {
    expect(new Set(FLOW_ROW_KEYS).size).toBe(FLOW_ROW_KEYS.length);
  });

  it('drops only the evidence when a flow becomes a row', () => {
    const [row] = fc.sample(flowRow, 1);
    const flow: Flow = { ...(row as FlowRow), evidence: { prints: [], reasons: ['r'], kindRule: 'k' } };
    const converted = toFlowRow(flow);
    expect(converted).toEqual(row);
    expect('evidence' in converted).toBe(false);
  });
});
