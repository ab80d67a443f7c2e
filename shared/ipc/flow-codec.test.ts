import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES } from '../domain/flow.ts';
import { POSITION_EFFECTS } from '../domain/next-day.ts';
import { STRATEGY_TYPES, type StrategyLink } from '../domain/strategy.ts';
import { decodeFlows, decodeFlowsLazy } from './flow-codec-decode.ts';
import { encodeFlows } from './flow-codec-encode.ts';
import { FlowCodecError, layout, packedRowCount } from './flow-codec-layout.ts';
import { decodeFlowBatch, FLOW_ROW_KEYS, readFlowBatchLazily, type FlowRow } from './flows.ts';
import { flowRow } from './flow-rows.testkit.ts';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const real = fc.double({ noNaN: true, noDefaultInfinity: true });

const leg = fc.record({
  flowId: fc.string(),
  symbol: fc.string(),
  expiry: fc.string(),
  strike: real,
  right: fc.constantFrom('C' as const, 'P' as const),
  direction: fc.constantFrom(...DIRECTIONS),
  size: fc.nat(),
  ratio: fc.nat(),
  premium: real,
});
const strategy: fc.Arbitrary<StrategyLink> = fc.record({
  id: fc.string(),
  type: fc.constantFrom(...STRATEGY_TYPES),
  rule: fc.constant('STRATEGY_TIME_RATIO' as const),
  legs: fc.array(leg, { maxLength: 4 }),
  netPremium: maybe(real),
  netDelta: maybe(real),
  sentiment: fc.constantFrom('BULLISH' as const, 'BEARISH' as const, 'NEUTRAL' as const),
  reason: fc.string(),
});
const nextDay = fc.record({
  label: fc.constantFrom(...POSITION_EFFECTS),
  oiBefore: fc.nat(),
  oiAfter: fc.nat(),
  change: fc.integer(),
  flowSize: fc.nat(),
  dayTotal: fc.nat(),
  at: fc.nat(),
  source: fc.constantFrom('stream' as const, 'rest' as const),
  reason: fc.string(),
});

// Every field, the optional ones present or absent, strings with any code points (not lone surrogates: UTF-8 cannot carry them).
const row: fc.Arbitrary<FlowRow> = fc
  .record({
    id: fc.string({ unit: 'grapheme' }),
    sessionId: fc.string(),
    time: fc.nat(),
    lastTime: fc.nat(),
    symbol: fc.string({ unit: 'grapheme' }),
    underlying: fc.string(),
    expiry: fc.string(),
    strike: real,
    right: fc.constantFrom('C' as const, 'P' as const),
    size: fc.nat(),
    price: real,
    premium: real,
    side: fc.constantFrom(...SIDES),
    direction: fc.constantFrom(...DIRECTIONS),
    sentiment: fc.constantFrom('BULLISH' as const, 'BEARISH' as const, 'NEUTRAL' as const),
    kind: fc.constantFrom(...FLOW_KINDS),
    whale: fc.boolean(),
    moneyness: fc.constantFrom(...MONEYNESS, null),
    otmPercent: maybe(real),
    dte: fc.integer(),
    bid: maybe(real),
    ask: maybe(real),
    underlyingPrice: maybe(real),
    openInterest: maybe(fc.nat()),
    dayVolume: maybe(fc.nat()),
    iv: maybe(real),
    delta: maybe(real),
    conflated: fc.boolean(),
    prints: fc.nat(),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    sideRule: fc.constantFrom(...SIDE_RULES),
    kindConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
    openingLikely: fc.boolean(),
    unusual: fc.boolean(),
    repeater: fc.boolean(),
    spreadLeg: fc.boolean(),
    delayed: fc.boolean(),
    cancelled: fc.constantFrom(true, undefined),
    version: fc.nat(),
    strategy: fc.option(strategy, { nil: undefined }),
    institutional: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    nextDay: fc.option(nextDay, { nil: undefined }),
  })
  .map((r) => r as FlowRow);

/** What the row means, the way toEqual reads it (an undefined key is an absent one). */
const plain = (rows: readonly FlowRow[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

describe('binary flow batches', () => {
  it('round-trips every field, nested strategies and next-day checks included', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const bytes = encodeFlows(rows);
        expect(packedRowCount(bytes)).toBe(rows.length);
        expect(plain(decodeFlows(bytes))).toEqual(plain(rows));
      }),
      { numRuns: 300 },
    );
  });

  it('reads lazily the same rows, field by field and as JSON', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const bytes = encodeFlows(rows);
        const lazy = decodeFlowsLazy(bytes);
        const eager = decodeFlows(bytes);
        expect(lazy).toHaveLength(rows.length);
        lazy.forEach((r, i) => {
          const fields = Object.fromEntries(FLOW_ROW_KEYS.map((k) => [k, r[k]]).filter(([, v]) => v !== undefined));
          expect(fields).toEqual(plain([eager[i] as FlowRow])[0]);
        });
        expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(eager)));
        expect(plain(readFlowBatchLazily({ format: 'packed', n: rows.length, bytes }).map((r) => JSON.parse(JSON.stringify(r)) as FlowRow))).toEqual(plain(JSON.parse(JSON.stringify(rows)) as FlowRow[]));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a bad batch lazily too, before any row is read', () => {
    const bytes = encodeFlows([flowRow()]);
    expect(() => decodeFlowsLazy(bytes.slice(0, bytes.byteLength - 1))).toThrow(/does not match its header/);
  });

  it('decodes from an unaligned copy, as a Node Buffer from a pool can be', () => {
    const rows = [flowRow(), flowRow({ moneyness: null, bid: null })];
    const bytes = encodeFlows(rows);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(decodeFlows(shifted.subarray(3))).toEqual(rows);
    expect(decodeFlowBatch({ format: 'packed', n: rows.length, bytes })).toEqual(rows);
  });

  it('refuses a truncated, padded or garbled frame with a reason, never half a batch', () => {
    const bytes = encodeFlows([flowRow(), flowRow({ strategy: undefined })]);
    expect(() => decodeFlows(bytes.slice(0, 16))).toThrow(FlowCodecError);
    expect(() => decodeFlows(bytes.slice(0, bytes.byteLength - 1))).toThrow(/does not match its header/);
    const padded = new Uint8Array(bytes.byteLength + 8);
    padded.set(bytes);
    expect(() => decodeFlows(padded)).toThrow(/does not match its header/);
    const notOurs = bytes.slice();
    notOurs[0] = 0;
    expect(() => decodeFlows(notOurs)).toThrow(/bad magic/);
    expect(packedRowCount(notOurs)).toBe(0);
  });

  it('refuses an out-of-range string index or enum value', () => {
    const rows = [flowRow()];
    const bytes = encodeFlows(rows);
    const head = new Uint32Array(bytes.buffer, 0, 8);
    const at = layout({ n: 1, strings: head[2]!, stringBytes: head[3]!, strategies: head[4]!, legs: head[5]!, checks: head[6]! });
    // The first row string (its id) points past the table.
    const badString = bytes.slice();
    new DataView(badString.buffer).setUint32(at.u32, 9999, true);
    expect(() => decodeFlows(badString)).toThrow(/string 9999 out of range/);
    // Its side (the second enum column) set to a value no table holds.
    const badEnum = bytes.slice();
    badEnum[at.u8 + 1] = 77;
    expect(() => decodeFlows(badEnum)).toThrow(/side 77 out of range/);
  });

  it('refuses to pack a value outside the contract instead of sending garbage', () => {
    expect(() => encodeFlows([flowRow({ kind: 'WHATEVER' as FlowRow['kind'] })])).toThrow(/unknown kind/);
  });
});
