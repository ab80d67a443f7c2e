import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES } from '../domain/flow.ts';
import { POSITION_EFFECTS, type NextDayCheck } from '../domain/next-day.ts';
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
/** Where each section of an encoded batch starts (flow-codec-layout.ts), and its string count. */
function sections(bytes: Uint8Array) {
  const head = new Uint32Array(bytes.buffer, bytes.byteOffset, 8);
  return { ...layout({ n: head[1]!, strings: head[2]!, stringBytes: head[3]!, strategies: head[4]!, legs: head[5]!, checks: head[6]! }), strings: head[2]! };
}

const strategyLink = (): StrategyLink => ({
  id: 'st1',
  type: 'VERTICAL',
  rule: 'STRATEGY_TIME_RATIO',
  legs: [
    { flowId: 'f1', symbol: 'SPY   241129C00450000', expiry: '2024-11-29', strike: 450, right: 'C', direction: 'BUY', size: 10, ratio: 1, premium: 1250 },
    { flowId: 'f2', symbol: 'SPY   241129P00440000', expiry: '2024-11-29', strike: 440, right: 'P', direction: 'SELL', size: 10, ratio: 1, premium: 800 },
  ],
  netPremium: 450,
  netDelta: null,
  sentiment: 'BULLISH',
  reason: 'two legs a second apart',
});

const nextDayCheck = (): NextDayCheck => ({ label: POSITION_EFFECTS[0]!, oiBefore: 100, oiAfter: 150, change: 50, flowSize: 50, dayTotal: 50, at: 1, source: 'rest', reason: 'open interest rose by the size' });

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

  it('refuses a bad enum or index in any row, however many rows, and takes a null moneyness', () => {
    for (const n of [1, 2, 3, 5, 7, 9]) {
      const bytes = encodeFlows(Array.from({ length: n }, (_, i) => flowRow({ moneyness: i % 2 === 0 ? null : 'ITM' })));
      const at = sections(bytes);
      expect(decodeFlowsLazy(bytes).map((r) => r.moneyness)).toEqual(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? null : 'ITM')));
      for (let i = 0; i < n; i++) {
        const badKind = bytes.slice();
        badKind[at.u8 + 4 * n + i] = FLOW_KINDS.length;
        expect(() => decodeFlowsLazy(badKind)).toThrow(`kind ${FLOW_KINDS.length} out of range`);
        const badMoneyness = bytes.slice();
        badMoneyness[at.u8 + 5 * n + i] = 254;
        expect(() => decodeFlows(badMoneyness)).toThrow('moneyness 254 out of range');
        const badSymbol = bytes.slice();
        new DataView(badSymbol.buffer).setUint32(at.u32 + 4 * (2 * n + i), at.strings, true);
        expect(() => decodeFlowsLazy(badSymbol)).toThrow(`string ${at.strings} out of range`);
      }
    }
  });

  it('refuses a row linked to a strategy or next-day check the batch does not hold', () => {
    const bytes = encodeFlows([flowRow({ strategy: strategyLink() }), flowRow(), flowRow({ nextDay: nextDayCheck() })]);
    const at = sections(bytes);
    expect(decodeFlows(bytes)[1]?.strategy).toBeUndefined();
    const view = (b: Uint8Array) => new DataView(b.buffer);
    const badStrategy = bytes.slice();
    view(badStrategy).setUint32(at.u32 + 4 * (5 * 3 + 1), 1, true); // the second row, pointed at a second strategy
    expect(() => decodeFlowsLazy(badStrategy)).toThrow('strategy 1 out of range (1)');
    const badCheck = bytes.slice();
    view(badCheck).setUint32(at.u32 + 4 * (6 * 3 + 0), 7, true);
    expect(() => decodeFlowsLazy(badCheck)).toThrow('next-day check 7 out of range (1)');
  });

  it('refuses a strategy, leg or next-day check that is malformed, before any is read', () => {
    const bytes = encodeFlows([flowRow({ strategy: strategyLink(), nextDay: nextDayCheck() })]);
    const at = sections(bytes);
    const strategyU = at.u32 + 4 * 7; // after the row strings and links of one row
    const legU = strategyU + 4 * 7;
    const checkU = legU + 4 * 5 * 2;
    const garble = (offset: number, value: number) => {
      const b = bytes.slice();
      new DataView(b.buffer).setUint32(offset, value, true);
      return b;
    };
    expect(() => decodeFlowsLazy(garble(strategyU + 4 * 4, 3))).toThrow('strategy 0 is malformed'); // three legs of two
    expect(() => decodeFlowsLazy(garble(strategyU + 4 * 5, STRATEGY_TYPES.length))).toThrow('strategy 0 is malformed');
    expect(() => decodeFlowsLazy(garble(strategyU + 4 * 1, at.strings))).toThrow(`string ${at.strings} out of range`);
    expect(() => decodeFlowsLazy(garble(legU + 4 * 5 + 4 * 3, 2))).toThrow('a strategy leg has an unknown right or direction');
    expect(() => decodeFlowsLazy(garble(legU + 4 * 5 + 4 * 2, at.strings + 5))).toThrow(`string ${at.strings + 5} out of range`);
    expect(() => decodeFlowsLazy(garble(checkU, POSITION_EFFECTS.length))).toThrow('next-day check 0 is malformed');
    expect(() => decodeFlowsLazy(garble(checkU + 4 * 2, at.strings))).toThrow('next-day check 0 is malformed');
    const row = decodeFlowsLazy(bytes)[0];
    expect(row?.strategy?.legs.map((l) => l.right)).toEqual(['C', 'P']);
    expect(row?.nextDay?.label).toBe(nextDayCheck().label);
  });

  it('refuses a string table whose lengths do not add up to its text', () => {
    const bytes = encodeFlows([flowRow(), flowRow()]);
    const at = sections(bytes);
    const lengths = at.u32 + 4 * (at.u32Count - at.strings);
    const longer = bytes.slice();
    new DataView(longer.buffer).setUint32(lengths, new DataView(bytes.buffer).getUint32(lengths, true) + 1, true);
    expect(() => decodeFlowsLazy(longer)).toThrow(/string table does not add up/);
    // The text cut short and the header made to agree: the lengths still say more.
    const head = new Uint32Array(bytes.buffer, 0, 8);
    const cut = bytes.slice(0, bytes.byteLength - 1);
    const cutHead = new Uint32Array(cut.buffer, 0, 8);
    cutHead[3] = head[3]! - 1;
    cutHead[7] = head[7]! - 1;
    expect(() => decodeFlowsLazy(cut)).toThrow(/string table does not add up/);
  });

  it('refuses to pack a value outside the contract instead of sending garbage', () => {
    expect(() => encodeFlows([flowRow({ kind: 'WHATEVER' as FlowRow['kind'] })])).toThrow(/unknown kind/);
  });
});
