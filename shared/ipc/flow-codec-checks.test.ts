import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkEnumColumn, checkIndices, checkLinks } from './flow-codec-checks.ts';
import { FlowCodecError, NONE, NULL_ENUM } from './flow-codec-layout.ts';

/** The first value a plain compare per value refuses, or undefined: what the fast passes must agree with. */
function firstBad(values: ArrayLike<number>, from: number, count: number, ok: (v: number) => boolean): number | undefined {
  for (let i = from; i < from + count; i++) if (!ok(values[i] as number)) return values[i];
  return undefined;
}

/**
 * A column somewhere in a buffer (any start, so any alignment to the 4-byte words; up to 64 values,
 * so whole words in the middle), its values mostly valid (below `limit`) and now and then not.
 */
const column = <T>(limit: number, odd: fc.Arbitrary<number>, make: (values: number[]) => T) =>
  fc
    .tuple(
      fc.array(fc.oneof({ arbitrary: fc.integer({ min: 0, max: Math.max(0, limit - 1) }), weight: 40 }, { arbitrary: odd, weight: 1 }), { maxLength: 64, size: 'max' }),
      fc.nat(7),
      fc.nat(64),
    )
    .map(([values, a, b]) => {
      const from = Math.min(a, values.length);
      return { buffer: make(values), from, count: Math.min(b, values.length - from) };
    });

describe('packed batch column checks', () => {
  it('refuse an enum column exactly when a value is out of range, at any offset and length', () => {
    const odd = (size: number) => fc.constantFrom(size, size + 1, NULL_ENUM, 127, 128, 129, 200, 254);
    // Padded as the enum section can be: the words view covers its whole words only.
    const bytes = (size: number) => column(size, odd(size), (values) => Uint8Array.from([...values, 0, 0, 0]));
    const cases = fc.integer({ min: 1, max: 6 }).chain((size) => fc.tuple(bytes(size), fc.constant(size)));
    fc.assert(
      fc.property(cases, fc.boolean(), ([{ buffer, from, count }, size], nullable) => {
        const words = new Uint32Array(buffer.buffer, 0, (buffer.length - 3) >> 2);
        const bad = firstBad(buffer, from, count, (v) => v < size || (nullable && v === NULL_ENUM));
        const check = () => checkEnumColumn(buffer, words, from, count, size, 'side', nullable);
        if (bad === undefined) expect(check).not.toThrow();
        else expect(check).toThrow(new FlowCodecError(`side ${bad} out of range`));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse a string index at or past the table, naming it', () => {
    const odd = (limit: number) => fc.constantFrom(limit, limit + 1, NONE, 2 ** 31);
    const cases = fc.nat(20).chain((limit) => fc.tuple(column(limit, odd(limit), (v) => Uint32Array.from(v)), fc.constant(limit)));
    fc.assert(
      fc.property(cases, ([{ buffer, from, count }, limit]) => {
        const bad = firstBad(buffer, from, count, (v) => v < limit);
        const check = () => checkIndices(buffer, from, count, limit, 'string');
        if (bad === undefined) expect(check).not.toThrow();
        else expect(check).toThrow(/^flow batch: string \d+ out of range/);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuse a link past its records but take NONE, the absent link', () => {
    const odd = (limit: number) => fc.constantFrom(limit, limit + 1, NONE, NONE - 1, 2 ** 31);
    const cases = fc.nat(20).chain((limit) => fc.tuple(column(limit, odd(limit), (v) => Uint32Array.from(v)), fc.constant(limit)));
    fc.assert(
      fc.property(cases, ([{ buffer, from, count }, limit]) => {
        const bad = firstBad(buffer, from, count, (v) => v < limit || v === NONE);
        const check = () => checkLinks(buffer, from, count, limit, 'strategy');
        if (bad === undefined) expect(check).not.toThrow();
        else expect(check).toThrow(/^flow batch: strategy \d+ out of range/);
      }),
      { numRuns: 1000 },
    );
  });
});
